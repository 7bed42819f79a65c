import TodoCore

/// Why a store operation failed, with a message a user can act on.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case taskNotFound(String)
    /// A task with this id exists already.
    case taskExists(String)
    case versionConflict(expected: Int, actual: Int)
    case invalidTask(TaskValidationError)
    case invalidQuery(QueryError)
    case invalidAccount(AccountValidationError)
    case emailTaken(String)
    case userNotFound
    case invalidDatabaseURL(String, reason: String)
    /// The database server could not be reached; `url` has no password.
    case unreachable(url: String, reason: String)
    /// The file exists but is not a todo database (or is damaged).
    case notADatabase(path: String, reason: String)
    case schemaTooNew(unknownMigrations: [String])
    /// The database belongs to another program: it has tables but not our migration ledger.
    case foreignDatabase(location: String, tables: [String])
    /// The database may only be read; `location` has no password.
    case readOnly(location: String)
    case database(DatabaseError)

    public var description: String {
        switch self {
        case .taskNotFound(let ref):
            "task \(ref) not found"
        case .taskExists(let ids):
            "a task with the id \(ids) exists already"
        case .versionConflict(let expected, let actual):
            "task was changed meanwhile: expected version \(expected) but it is at version \(actual); reload it and try again"
        case .invalidTask(let error):
            error.description
        case .invalidQuery(let error):
            error.description
        case .invalidAccount(let error):
            error.description
        case .emailTaken(let email):
            "an account with the email \(email) already exists"
        case .userNotFound:
            "user not found"
        case .invalidDatabaseURL(let url, let reason):
            "database URL \"\(url)\" is not usable: \(reason); use sqlite:PATH or postgres://USER@HOST:PORT/DB"
        case .unreachable(let url, let reason):
            "cannot connect to the database at \(url): \(reason)"
        case .notADatabase(let path, let reason):
            "\(path) is not a usable todo database: \(reason)"
        case .schemaTooNew(let unknown):
            "the database was written by a newer version of todo (unknown migrations: \(unknown.joined(separator: ", "))); upgrade todo to use it"
        case .foreignDatabase(let location, let tables):
            "\(location) is not a todo database: it holds other tables (\(tables.prefix(3).joined(separator: ", "))\(tables.count > 3 ? ", …" : "")) and no todo schema; it was left unchanged — point --db at a new or a todo database"
        case .readOnly(let location):
            "cannot write \(location): permission denied"
        case .database(let error):
            error.description
        }
    }
}

extension StoreError {
    /// Any error from the store's layers as a `StoreError`.
    static func wrap(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError: .database(error)
        case let error as TaskValidationError: .invalidTask(error)
        case let error as AccountValidationError: .invalidAccount(error)
        case let error as QueryError: .invalidQuery(error)
        default: .database(DatabaseError(kind: .other, code: "internal", message: String(describing: error)))
        }
    }
}
