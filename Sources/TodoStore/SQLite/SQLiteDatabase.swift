import Foundation

/// The embedded database: one SQLite file in WAL mode, one writer connection and a small pool
/// of reader connections (WAL lets reads run beside the writer).
///
/// `synchronous=NORMAL`: a committed transaction survives a crash of the process (the WAL is
/// written before COMMIT returns) but a power loss may drop the last transactions; see
/// docs/decisions.md. Checkpoints start at SQLite's default of 1 000 pages (4 MB of WAL) and
/// copy on a thread of their own, beside the writes; the log starts over at 32 MB, or when the
/// writes pause (`WALCheckpointer`). `close` keeps the WAL bounded for short-lived processes.
/// The writer reads through a memory map of up to 2 GB; readers read with `pread` (see
/// `checkoutReader`).
final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    let dialect = SQLDialect.sqlite
    let path: String
    var displayURL: String { "sqlite:\(path)" }
    let commits = WakeSignal()
    let checkpointer: WALCheckpointer
    private let tableChanges = TableChanges()

    /// Held for the whole of a write transaction: SQLite has one writer at a time anyway.
    private let writeLock = WriteGate()
    private var writer: SQLiteConnection?
    /// Guards `idleReaders` and `closed`.
    private let readersLock = NSLock()
    private var idleReaders: [SQLiteConnection] = []
    private var closed = false

    /// The file may only be read (its permissions say so): reads work, writes throw
    /// `StoreError.readOnly` before touching it.
    let isReadOnly: Bool

    init(path: String) throws(StoreError) {
        self.path = path
        checkpointer = WALCheckpointer(path: path)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .notADatabase(path: path, reason: "cannot create its directory: \(error.localizedDescription)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .notADatabase(path: path, reason: "it is a directory; name a file in it, such as \((path as NSString).appendingPathComponent("todo.db"))")
        }
        isReadOnly = FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0
        do {
            let connection = try SQLiteConnection(path: path, readOnly: isReadOnly)
            // Before anything writes to the file (WAL mode is stored in its header): another
            // program's database is left exactly as it was. Reading the catalog also tells a
            // damaged or foreign file apart.
            try Migrator.checkOwned(connection, location: path, firstMigration: Schema.migrator.migrations.first?.name)
            // The writer's page cache is kept small (8 MB, 2 048 pages) on purpose. When a B-tree
            // split reorders its new pages, SQLite parks one under the lock-byte page's number
            // (page 262 145), and the next COMMIT then sweeps the whole cache to drop pages past
            // the end of the file: with 64 MB (16 000 pages) each such sweep took ~0.4 ms with
            // the write lock held. Reads outside a write transaction come from the memory map,
            // not this cache. See docs/decisions.md.
            try connection.executeScript("""
                PRAGMA foreign_keys = ON;
                PRAGMA cache_size = -8192;
                PRAGMA temp_store = MEMORY;
                PRAGMA mmap_size = 2147418112;
                """)
            if !isReadOnly {
                try connection.executeScript("""
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    PRAGMA secure_delete = OFF;
                    PRAGMA journal_size_limit = 67108864;
                    """)
                var mode = ""
                try connection.query("PRAGMA journal_mode", []) { mode = $0.text(0) }
                guard mode.lowercased() == "wal" else {
                    throw DatabaseError(kind: .other, code: "journal_mode", message: "cannot switch to WAL mode (got \(mode))")
                }
                try connection.skipCheckpointOnClose()
                connection.checkpointWith(checkpointer)
                connection.reportChanges(to: tableChanges)
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
        case .readOnly: .readOnly(location: path)
        default: .notADatabase(path: path, reason: "\(error.message) [\(error.code)]")
        }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        guard let connection = writer else { throw StoreError.notADatabase(path: path, reason: "the database is closed") }
        if isReadOnly { throw StoreError.readOnly(location: path) }
        do {
            try connection.execute("BEGIN IMMEDIATE", [])
            do {
                let result = try body(connection)
                try connection.execute("COMMIT", [])
                tableChanges.committed()
                commits.signal()
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK", [])
                tableChanges.rolledBack()
                throw error
            }
        } catch let error as DatabaseError where error.kind == .readOnly {
            // The file or its folder became read-only, or the file system is mounted so.
            throw StoreError.readOnly(location: path)
        }
    }

    func changes(to table: String) -> WakeSignal {
        tableChanges.signal(for: table)
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
        // No memory map for readers: a read transaction that follows another connection's
        // commit (nearly every one, under load) drops the connection's page cache, and with a
        // map SQLite also unmaps the whole file, so each read paid an munmap (and the other
        // core's TLB flush) and a page fault per page again. With `pread` a chat turn cost
        // ~12% less CPU and a REST create ~15% less (docs/benchmarks.md). The writer, whose
        // cache no other connection's commit drops, keeps its map.
        try connection.executeScript("PRAGMA cache_size = -65536; PRAGMA mmap_size = 0; PRAGMA temp_store = MEMORY;")
        return connection
    }

    /// The WAL size past which `close` empties the log: SQLite's own checkpoint threshold
    /// (1 000 pages of 4 KiB).
    static let walLimitOnClose = 4 << 20

    /// Closes every connection, emptying an outgrown WAL first.
    ///
    /// A WAL only restarts from its beginning when a writer finds it fully checkpointed, and a
    /// process that opens the database first rebuilds the WAL index as "nothing checkpointed".
    /// So short-lived processes (each `todo add`) never restart the log: it grew by every
    /// transaction, and every new process paid to read all of it. Truncating it here when it
    /// is large keeps it bounded; when another process (a server) has the database open, the
    /// truncation is skipped at once and that process's checkpoints keep the log bounded.
    func close() {
        readersLock.lock()
        idleReaders.removeAll()
        closed = true
        readersLock.unlock()
        writeLock.lock()
        // Its copy holds the checkpoint lock, which the truncation would find busy.
        checkpointer.stop()
        if let writer, !isReadOnly, walSize() > Self.walLimitOnClose {
            writer.withoutBusyWait { _ = try? writer.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        writer = nil
        writeLock.unlock()
    }

    deinit {
        checkpointer.stop()
    }

    /// The WAL file's size in bytes, 0 when there is none.
    func walSize() -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
}
