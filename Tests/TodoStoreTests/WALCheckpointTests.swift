import Foundation
import Synchronization
import Testing
@testable import TodoStore

/// The WAL is copied back by a thread of its own, and still stays bounded.
@Suite struct WALCheckpointTests {
    @Test func theWALStaysBoundedUnderConstantWritesBesideReaders() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("todo-wal-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try SQLiteDatabase(path: path)
        _ = try database.write { db in try db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", []) }

        let writing = Atomic(true)
        let readers = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: readers) {
                while writing.load(ordering: .relaxed) {
                    _ = try? database.readSnapshot { db in try db.query("SELECT max(id) FROM notes", []) { _ in } }
                    // Readers that never pause leave no moment to restart the log in, whoever copies it.
                    usleep(1000)
                }
            }
        }
        // Three pages a row: three times the WAL's restart threshold in all.
        let body = String(repeating: "x", count: 8000)
        let rows = WALCheckpointer.restartThreshold
        var largest = 0
        for n in 0..<rows {
            _ = try database.write { db in try db.execute("INSERT INTO notes (body) VALUES (?)", [.text(body + String(n))]) }
            // A server's writes come with gaps between them; without any, readers pile up.
            usleep(100)
            largest = max(largest, database.walSize())
        }
        writing.store(false, ordering: .relaxed)
        readers.wait()

        let statistics = database.checkpointer.statistics
        #expect(statistics.copies >= 2, "the thread copied the WAL \(statistics.copies) times")
        #expect(statistics.finishes >= 2, "commits finished a copy \(statistics.finishes) times")
        // The thread copies every `threshold` pages; the log starts over (a stall for the
        // writes) only every `restartThreshold`.
        #expect(statistics.copies > statistics.finishes, "\(statistics.copies) copies, \(statistics.finishes) restarts")
        #expect(statistics.finishes <= 3 * rows / WALCheckpointer.restartThreshold + 1, "\(statistics.finishes) restarts")
        // Restarted from its beginning: the restart threshold and a few copies more at most,
        // where a WAL that never restarted would hold every one of the ~96 MB written.
        let bound = (WALCheckpointer.restartThreshold + 4 * WALCheckpointer.threshold) * 4096
        #expect(largest < bound, "the WAL grew to \(largest) bytes")
        try database.read { db in
            try db.query("SELECT count(*) FROM notes", []) { row in #expect(row.int64(0) == Int64(rows)) }
        }
        database.close()
        #expect(database.walSize() <= SQLiteDatabase.walLimitOnClose)
    }

    @Test func aCopyIsFinishedWhenTheWritesStop() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("todo-wal-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try SQLiteDatabase(path: path)
        defer { database.close() }
        _ = try database.write { db in try db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", []) }
        // Just past the threshold (three pages a row), then nothing more: no commit is left to
        // copy what the thread could not.
        let body = String(repeating: "y", count: 8000)
        for n in 0..<400 {
            _ = try database.write { db in try db.execute("INSERT INTO notes (body) VALUES (?)", [.text(body + String(n))]) }
        }
        var waited = 0
        while database.checkpointer.statistics.finishes == 0, waited < 500 {
            usleep(10_000)
            waited += 1
        }
        #expect(database.checkpointer.statistics.copies >= 1)
        #expect(database.checkpointer.statistics.finishes >= 1, "the WAL was left partly copied")
    }
}
