import CSQLite
import Foundation

// SQLite's "copy this buffer now" destructor, which Swift cannot import as a constant.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a prepared-statement cache. Used by one thread at a time.
final class SQLiteConnection: SQLConnection {
    let dialect = SQLDialect.sqlite
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Process-wide settings, applied once before the first connection opens (SQLite refuses
    /// them afterwards).
    private static let configured: Void = {
        _ = todo_sqlite3_disable_memory_statistics()
    }()

    init(path: String, readOnly: Bool) throws(DatabaseError) {
        Self.configured
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw Self.error(code: rc, message: message, sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5000)
        guard let api = SearchRank.api(of: db) else { throw failure(SQLITE_ERROR, sql: nil) }
        for registered in [SearchRank.register(with: api), OwnerTokenizer.register(with: api), SearchMatch.register(on: db, with: api)]
        where registered != SQLITE_OK {
            throw failure(registered, sql: nil)
        }
    }

    /// Closing the last connection no longer checkpoints and deletes the WAL: that costs two
    /// fsyncs, paid by every short-lived CLI process. `SQLiteDatabase.close` bounds the WAL instead.
    func skipCheckpointOnClose() throws(DatabaseError) {
        let rc = todo_sqlite3_set_no_checkpoint_on_close(handle)
        guard rc == SQLITE_OK else { throw failure(rc, sql: nil) }
    }

    /// Hands each commit's WAL size to `checkpointer` in place of SQLite's automatic checkpoint
    /// (a `wal_autocheckpoint` pragma afterwards would undo it). The connection must not
    /// outlive `checkpointer`.
    func checkpointWith(_ checkpointer: WALCheckpointer) {
        sqlite3_wal_hook(handle, walCommitted, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Reports the rows this connection changes to `changes` (SQLite's update hook, which sees
    /// rowid tables, the ones watched). The connection must not outlive `changes`.
    func reportChanges(to changes: TableChanges) {
        sqlite3_update_hook(handle, reportRowChanged, Unmanaged.passUnretained(changes).toOpaque())
    }

    /// A PASSIVE checkpoint: copies what no reader still needs and waits for no lock. Returns
    /// the WAL's size and how much of it is now in the database, in frames; nil when it failed.
    func checkpointPassively() -> (frames: Int, copied: Int)? {
        passiveCheckpoint(handle, schema: "main")
    }

    /// Runs `body` with no busy wait, so that a lock held by another process answers at once.
    func withoutBusyWait<T>(_ body: () throws -> T) rethrows -> T {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, 5000) }
        return try body()
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> Int {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement) }
        try bind(arguments, to: statement, sql: sql)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            if rc != SQLITE_ROW { throw failure(rc, sql: sql) }
        }
        return Int(sqlite3_changes(handle))
    }

    /// In process there is no round trip to save: it runs now.
    func executeDeferred(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) {
        try execute(sql, arguments)
    }

    func executeScript(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw Self.error(code: rc, message: text, sql: sql)
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue], row: (any SQLRow) throws -> Void) throws {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement) }
        try bind(arguments, to: statement, sql: sql)
        let current = SQLiteRow(statement: statement)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw failure(rc, sql: sql) }
            try row(current)
        }
    }

    /// Listings build their SQL from the filters given, so the set of texts is large but
    /// finite; past this many the cache starts over rather than grow.
    private static let statementCacheLimit = 256

    private func prepared(_ sql: String) throws(DatabaseError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementCacheLimit {
            for statement in statements.values { sqlite3_finalize(statement) }
            statements.removeAll(keepingCapacity: true)
        }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw failure(rc, sql: sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ arguments: [SQLValue], to statement: OpaquePointer, sql: String) throws(DatabaseError) {
        sqlite3_clear_bindings(statement)
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let n): rc = sqlite3_bind_int64(statement, index, n)
            case .real(let d): rc = sqlite3_bind_double(statement, index, d)
            case .bool(let b): rc = sqlite3_bind_int64(statement, index, b ? 1 : 0)
            case .text(let s): rc = sqlite3_bind_text(statement, index, s, -1, transient)
            }
            if rc != SQLITE_OK { throw failure(rc, sql: sql) }
        }
    }

    private func failure(_ rc: Int32, sql: String?) -> DatabaseError {
        Self.error(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    static func error(code: Int32, message: String, sql: String?) -> DatabaseError {
        let kind: DatabaseError.Kind
        switch code {
        // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE: macros Swift does not import.
        case 1555, 2067: kind = .uniqueViolation
        case _ where code & 0xFF == SQLITE_CONSTRAINT: kind = .constraintViolation
        case _ where code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB: kind = .corrupt
        case _ where code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED: kind = .busy
        case _ where code & 0xFF == SQLITE_READONLY || code & 0xFF == SQLITE_PERM: kind = .readOnly
        default: kind = .other
        }
        let name = String(cString: sqlite3_errstr(code))
        return DatabaseError(kind: kind, code: "SQLITE \(code) (\(name))", message: message, sql: sql)
    }
}

/// The current row of a stepping statement.
struct SQLiteRow: SQLRow {
    let statement: OpaquePointer

    func isNull(_ column: Int) -> Bool { sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL }
    func int64(_ column: Int) -> Int64 { sqlite3_column_int64(statement, Int32(column)) }
    func double(_ column: Int) -> Double { sqlite3_column_double(statement, Int32(column)) }
    func bool(_ column: Int) -> Bool { sqlite3_column_int64(statement, Int32(column)) != 0 }

    func text(_ column: Int) -> String {
        guard let bytes = sqlite3_column_text(statement, Int32(column)) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, Int32(column)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func withUTF8<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let bytes = sqlite3_column_text(statement, Int32(column))
        return try body(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : Int(sqlite3_column_bytes(statement, Int32(column)))))
    }

    /// Parsed from SQLite's own buffer: no String is made for the 36 characters.
    func uuid(_ column: Int) -> UUID? {
        guard let bytes = sqlite3_column_text(statement, Int32(column)) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, Int32(column)))
        return UUID.parse(utf8: UnsafeBufferPointer(start: bytes, count: count))
    }
}

/// SQLite's WAL hook: runs on the writer's thread right after each commit.
private func walCommitted(context: UnsafeMutableRawPointer?, db: OpaquePointer?, schema: UnsafePointer<CChar>?, frames: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
    guard checkpointer.committed(frames: Int(frames)) else { return SQLITE_OK }
    // The commit is done whatever happens here: a failed copy counts as nothing copied.
    let (logged, copied) = passiveCheckpoint(db, schema: schema) ?? (Int(frames), 0)
    checkpointer.finished(frames: logged, copied: copied)
    return SQLITE_OK
}

/// A PASSIVE checkpoint of `schema` on a connection's handle: the WAL's size and how much of it
/// is now in the database, in frames; nil when it failed.
private func passiveCheckpoint(_ handle: OpaquePointer?, schema: UnsafePointer<CChar>?) -> (frames: Int, copied: Int)? {
    var frames: Int32 = 0
    var copied: Int32 = 0
    guard sqlite3_wal_checkpoint_v2(handle, schema, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied) == SQLITE_OK else { return nil }
    return (Int(frames), Int(copied))
}
