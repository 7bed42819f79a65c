import Foundation

/// The embedded database: one SQLite file in WAL mode, one writer connection and a small pool
/// of reader connections (WAL lets reads run beside the writer).
///
/// `synchronous=NORMAL`: a committed transaction survives a crash of the process (the WAL is
/// written before COMMIT returns) but a power loss may drop the last transactions; see
/// docs/decisions.md. Checkpoints run at SQLite's default of 1 000 pages (4 MB of WAL), inside
/// the commit that crosses it: a server's writes queue behind a checkpoint, and shorter ones
/// keep the slowest creates under 10 ms (docs/decisions.md).
/// Reads go through a memory map of up to 2 GB, which saves a copy per page.
final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    let dialect = SQLDialect.sqlite
    let path: String
    var displayURL: String { "sqlite:\(path)" }
    let commits = WakeSignal()

    /// Held for the whole of a write transaction: SQLite has one writer at a time anyway.
    private let writeLock = NSLock()
    private var writer: SQLiteConnection?
    /// Guards `idleReaders` and `closed`.
    private let readersLock = NSLock()
    private var idleReaders: [SQLiteConnection] = []
    private var closed = false

    init(path: String) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .notADatabase(path: path, reason: "cannot create its directory: \(error.localizedDescription)")
            }
        }
        do {
            let connection = try SQLiteConnection(path: path, readOnly: false)
            // The first statement that reads the header tells a damaged or foreign file apart.
            try connection.executeScript("""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA foreign_keys = ON;
                PRAGMA secure_delete = OFF;
                PRAGMA cache_size = -65536;
                PRAGMA temp_store = MEMORY;
                PRAGMA mmap_size = 2147418112;
                PRAGMA wal_autocheckpoint = 1000;
                PRAGMA journal_size_limit = 67108864;
                """)
            var mode = ""
            try connection.query("PRAGMA journal_mode", []) { mode = $0.text(0) }
            guard mode.lowercased() == "wal" else {
                throw DatabaseError(kind: .other, code: "journal_mode", message: "cannot switch to WAL mode (got \(mode))")
            }
            writer = connection
        } catch let error as DatabaseError {
            throw Self.openFailure(path: path, error: error)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    private static func openFailure(path: String, error: DatabaseError) -> StoreError {
        switch error.kind {
        case .corrupt: .notADatabase(path: path, reason: error.message)
        default: .notADatabase(path: path, reason: "\(error.message) [\(error.code)]")
        }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        guard let connection = writer else { throw StoreError.notADatabase(path: path, reason: "the database is closed") }
        try connection.execute("BEGIN IMMEDIATE", [])
        do {
            let result = try body(connection)
            try connection.execute("COMMIT", [])
            commits.signal()
            return result
        } catch {
            _ = try? connection.execute("ROLLBACK", [])
            throw error
        }
    }

    func writeOne(_ sql: String, _ arguments: [SQLValue], row: (any SQLRow) throws -> Void) throws {
        try write { try $0.query(sql, arguments, row: row) }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        let connection = try checkoutReader()
        defer {
            readersLock.lock()
            if !closed { idleReaders.append(connection) }
            readersLock.unlock()
        }
        return try body(connection)
    }

    func readSnapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try read { connection in
            // Without it each statement would read the latest commit at its own start.
            try connection.execute("BEGIN", [])
            defer { _ = try? connection.execute("COMMIT", []) }
            return try body(connection)
        }
    }

    private func checkoutReader() throws -> SQLiteConnection {
        readersLock.lock()
        let isClosed = closed
        let reuse = idleReaders.popLast()
        readersLock.unlock()
        if isClosed { throw StoreError.notADatabase(path: path, reason: "the database is closed") }
        if let reuse { return reuse }
        let connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.executeScript("PRAGMA cache_size = -65536; PRAGMA mmap_size = 2147418112; PRAGMA temp_store = MEMORY;")
        return connection
    }

    func close() {
        writeLock.lock()
        writer = nil
        writeLock.unlock()
        readersLock.lock()
        idleReaders.removeAll()
        closed = true
        readersLock.unlock()
    }
}
