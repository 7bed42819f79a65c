/// One database connection. Statements use `?` placeholders in every dialect (PostgreSQL
/// connections rewrite them to `$n`), so the SQL text of the task store is shared.
///
/// A connection is used by one thread at a time: `SQLDatabase` hands it out inside `read`/`write`.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> Int

    /// Runs a statement whose result the caller does not need, inside a write. PostgreSQL sends
    /// it with the connection's next statement or the commit, in the same round trip; SQLite
    /// runs it at once. Its failure is thrown by that later call and fails the transaction.
    func executeDeferred(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError)

    /// Runs several `;`-separated statements without arguments (migrations).
    func executeScript(_ sql: String) throws(DatabaseError)

    /// Runs a query and calls `row` for each result row, in order.
    func query(_ sql: String, _ arguments: [SQLValue], row: (any SQLRow) throws -> Void) throws
}

extension SQLConnection {
    /// The first column of the first row, if any.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue]) throws -> Int64? {
        var value: Int64?
        try query(sql, arguments) { row in
            if value == nil, !row.isNull(0) { value = row.int64(0) }
        }
        return value
    }
}

/// A database: serialised transactions over a connection pool, GRDB-style.
///
/// `write` runs its closure inside one transaction and rolls back when it throws; `read` runs
/// on a connection that sees a consistent snapshot. Callers never write BEGIN or COMMIT.
public protocol SQLDatabase: AnyObject, Sendable {
    var dialect: SQLDialect { get }

    /// Where the database is, safe to print (no password).
    var displayURL: String { get }

    /// Signalled after every committed write of this process.
    var commits: WakeSignal { get }
    /// Signalled after every committed write of this process that changed `table` (the outbox
    /// relay waits for the outbox's). Where the engine cannot tell (PostgreSQL), after every commit.
    func changes(to table: String) -> WakeSignal

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// Like `read`, inside one read-only transaction: every statement of `body` sees the same
    /// committed state. For reads of several statements; on PostgreSQL it costs one more
    /// round trip (the end of the transaction), so single statements use `read`.
    func readSnapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    @discardableResult
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// Closes every connection; later calls fail.
    func close()
}

public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}
