/// A failure reported by the database driver, with what is needed to explain it.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A UNIQUE or PRIMARY KEY constraint was violated.
        case uniqueViolation
        /// Another constraint (NOT NULL, CHECK, FOREIGN KEY) was violated.
        case constraintViolation
        /// The file is not a database, or is damaged.
        case corrupt
        /// The database is locked or busy beyond the timeout.
        case busy
        /// The database may only be read (file permissions, a read-only file system).
        case readOnly
        /// The connection failed or was lost.
        case connection
        /// A serialization failure or deadlock: the transaction may be retried.
        case retryable
        case other
    }

    public var kind: Kind
    /// The driver's code: an SQLite result code (`SQLITE_CONSTRAINT (2067)`) or a PostgreSQL SQLSTATE.
    public var code: String
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?

    public init(kind: Kind, code: String, message: String, sql: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "database error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(200)))" }
        return text
    }
}
