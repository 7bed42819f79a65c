import TodoCore
import TodoHTTP
import TodoStore

extension HTTPError {
    /// 422 for input that is well-formed JSON (or a well-formed query) but not acceptable;
    /// `details.field` names the culprit so a client can point at it.
    static func validation(field: String, _ message: String) -> HTTPError {
        var details = JSONWriter(capacity: 64)
        details.beginObject()
        details.key("field")
        details.value(field)
        details.endObject()
        return HTTPError(.unprocessableContent, code: "validation_failed", message: message, detailsJSON: details.bytes)
    }
}

extension QueryParameters {
    /// `name` as a whole number in `range`; nil when absent, a 422 naming it for any other value.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(HTTPError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .validation(field: name,
                              "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(text.prefix(40))\")")
        }
        return value
    }
}

/// How the store's errors reach clients: the domain decides the status, not each handler.
extension StoreError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .taskNotFound, .userNotFound: .notFound
        case .taskExists, .emailTaken: .conflict
        case .versionConflict: .preconditionFailed
        case .invalidTask, .invalidQuery, .invalidAccount: .unprocessableContent
        case .unreachable, .database, .readOnly: .serviceUnavailable
        case .invalidDatabaseURL, .notADatabase, .schemaTooNew, .foreignDatabase: .internalServerError
        }
    }

    public var code: String {
        switch self {
        case .taskNotFound, .userNotFound: "not_found"
        case .taskExists: "already_exists"
        case .emailTaken: "email_taken"
        case .versionConflict: "version_conflict"
        case .invalidTask, .invalidQuery, .invalidAccount: "validation_failed"
        case .unreachable, .database: "database_unavailable"
        case .readOnly: "database_read_only"
        case .invalidDatabaseURL, .notADatabase, .schemaTooNew, .foreignDatabase: "internal_error"
        }
    }

    public var message: String {
        switch self {
        case .unreachable, .database: "the database is not answering; try again shortly"
        // The server's file path is the operator's business, not the client's.
        case .readOnly: "the database is read-only: changes cannot be saved"
        default: description
        }
    }

    public var detailsJSON: [UInt8]? {
        var details = JSONWriter(capacity: 64)
        details.beginObject()
        switch self {
        case .invalidTask(let error):
            details.key("field")
            details.value(error.field)
        case .invalidQuery(let error):
            details.key("field")
            details.value(error.field)
        case .invalidAccount(let error):
            details.key("field")
            details.value(error.field)
        case .versionConflict(let expected, let actual):
            details.key("expected_version")
            details.value(expected)
            details.key("current_version")
            details.value(actual)
        default:
            return nil
        }
        details.endObject()
        return details.bytes
    }
}

/// Account input a controller refuses before any work is done (a password is checked before
/// it is hashed), answered as the store's refusals are.
extension AccountValidationError: HTTPResponseError {
    public var status: HTTPStatus { .unprocessableContent }
    public var code: String { "validation_failed" }
    public var message: String { description }
    public var detailsJSON: [UInt8]? { StoreError.invalidAccount(self).detailsJSON }
}
