import TodoChat
import TodoCore
import TodoHTTP
import TodoServices
import TodoStore

/// How a command that did not succeed is reported: the one rule for exit codes and error codes.
///
/// Invalid input exits 2 — a refused command line, a bad setting (`--db` — malformed, or naming
/// another program's database —, `TODO_DATE_ORDER`,
/// `PORT`, `TODO_JWT_SECRET`, `--host`), a value the task rules refuse (an empty title or tag, an unknown time
/// zone), or a request the server refused as invalid (400/422). Anything else is a failure of
/// the operation and exits 1: a missing task, a conflict, an unreachable server or database.
/// `code` is the stable word `--json` errors carry, the API's code where there is one.
struct FailureReport: Equatable {
    var exitCode: Int32
    var code: String
    var message: String

    init(_ error: any Error) {
        message = CommandLineTool.message(for: error)
        (exitCode, code) = Self.classify(error)
    }

    private static let invalidInput = CommandLineTool.ExitCode.invalidInput
    private static let failure = CommandLineTool.ExitCode.failure

    private static func classify(_ error: any Error) -> (Int32, String) {
        switch error {
        case is UsageError: (invalidInput, "usage_error")
        case is ConfigurationError: (invalidInput, "invalid_setting")
        case is TaskValidationError, is AccountValidationError, is QueryError: (invalidInput, "validation_failed")
        case is PasswordPrompt.PasswordMissing: (invalidInput, "usage_error")
        case let error as JWTSecretError where error.isInvalidSetting: (invalidInput, "invalid_setting")
        case HTTPServerError.invalidHost: (invalidInput, "invalid_setting")
        case AccountError.passwordsDiffer: (invalidInput, "usage_error")
        case AccountError.notSignedIn: (invalidInput, "usage_error")
        case AccountError.wrongCredentials: (failure, "wrong_credentials")
        case AccountError.logoutUnreachable: (failure, "server_unreachable")
        case ChatError.conversationBusy: (failure, "conversation_busy")
        case let error as ChatError: error.isInvalidMessage ? (invalidInput, "validation_failed") : (failure, "not_found")
        case is ChatSession.RefusedLines, is ChatSession.LineTooLong: (invalidInput, "validation_failed")
        case let error as ImportFileError: (invalidInput, error.code)
        case is ImportCommand.SkippedItems: (failure, "items_skipped")
        case is ExportError: (failure, "file_unavailable")
        case let error as StoreError: classify(error)
        case let error as APIClientError: classify(error)
        default: (failure, "failed")
        }
    }

    private static func classify(_ error: StoreError) -> (Int32, String) {
        switch error {
        case .invalidTask, .invalidQuery, .invalidAccount: (invalidInput, "validation_failed")
        case .invalidDatabaseURL: (invalidInput, "invalid_setting")
        case .taskNotFound, .userNotFound: (failure, "not_found")
        case .taskExists: (failure, "already_exists")
        case .emailTaken: (failure, "email_taken")
        case .versionConflict: (failure, "version_conflict")
        case .unreachable, .database: (failure, "database_unavailable")
        // A file that cannot be opened as a database (missing folder, damaged) fails the
        // operation; another program's database is a bad `--db`, as a malformed one is.
        case .notADatabase: (failure, "not_a_database")
        case .foreignDatabase: (invalidInput, "not_a_todo_database")
        case .readOnly: (failure, "read_only")
        case .schemaTooNew: (failure, "schema_too_new")
        }
    }

    private static func classify(_ error: APIClientError) -> (Int32, String) {
        switch error {
        // The server judged the request's content; its code says how.
        case .refused(let status, let code, _): ([400, 422].contains(status) ? invalidInput : failure, code)
        case .unauthorized: (failure, "unauthorized")
        case .unreachable: (failure, "server_unreachable")
        case .malformedResponse: (failure, "bad_response")
        }
    }

    /// `{"error": {"code": …, "message": …}}`, the API's error shape, for `--json`.
    var json: String {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code")
        writer.value(code)
        writer.key("message")
        writer.value(message)
        writer.endObject()
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
