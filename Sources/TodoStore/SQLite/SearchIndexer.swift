import Foundation
import TodoLog

/// Brings SQLite's full-text index up to date with `search_queue` on a background thread, so
/// that no search ever writes (issue 11 §4.5).
///
/// Writes only queue the task's row id (a trigger): indexing each task in its own transaction
/// wrote an FTS segment per create, the largest cost of a create (docs/decisions.md). The
/// thread wakes after commits, lets a burst of writes gather for `delay`, and indexes the
/// queue in batches, each one short write transaction. `stop` indexes what is left, so a CLI
/// process leaves nothing queued behind it. Searches match still-queued tasks directly
/// (`SearchMatch`), so they see every committed task.
final class SearchIndexer: @unchecked Sendable {
    private let database: any SQLDatabase
    private let state = NSCondition()
    private var stopping = false
    private var running = false
    static let batchSize = 5_000
    static let delay: TimeInterval = 0.05

    init(database: any SQLDatabase) {
        self.database = database
    }

    /// Without the final pass of `stop`: the last reference may be the thread's own.
    deinit {
        state.lock()
        stopping = true
        state.broadcast()
        state.unlock()
    }

    func start() {
        state.lock()
        defer { state.unlock() }
        guard !running, !stopping else { return }
        running = true
        Thread.start(named: "search indexer") { [weak self] in
            ThreadPriority.markCurrentThreadAsBackground()
            var seen: UInt64 = 0
            while let commits = self?.indexOnce() {
                seen = commits.wait(after: seen, timeout: 1)
                self?.pause(Self.delay)
            }
            self?.finished()
        }
    }

    /// Stops the thread, then indexes what is still queued.
    func stop() {
        state.lock()
        stopping = true
        state.broadcast()
        state.unlock()
        // The thread may be waiting for the next commit (up to a second): wake it, or every
        // CLI command would linger that long before exiting.
        database.commits.signal()
        state.lock()
        while running { state.wait() }
        state.unlock()
        try? indexQueued()
    }

    /// One pass; nil once stopping. Returns the commit signal to wait on.
    private func indexOnce() -> WakeSignal? {
        state.lock()
        let stop = stopping
        state.unlock()
        if stop { return nil }
        // A failure (the disk is full, a lock held too long) is retried on the next commit.
        try? indexQueued()
        return database.commits
    }

    private func pause(_ seconds: TimeInterval) {
        state.lock()
        if !stopping { _ = state.wait(until: Date(timeIntervalSinceNow: seconds)) }
        state.unlock()
    }

    private func finished() {
        state.lock()
        running = false
        state.broadcast()
        state.unlock()
    }

    /// Indexes every queued task, `batchSize` per transaction.
    func indexQueued() throws {
        let owner = SearchTerms.ownerTokenSQL("t.user_id") + " || ' ' || "
        let batch = "SELECT task_rowid FROM search_queue ORDER BY task_rowid LIMIT \(Self.batchSize)"
        while try database.read({ try $0.scalarInt("SELECT EXISTS (SELECT 1 FROM search_queue)", []) ?? 0 }) != 0 {
            try database.write { db in
                try db.execute("DELETE FROM tasks_fts WHERE rowid IN (\(batch))", [])
                // Each column starts with the owner's token, which `OwnerTokenizer` glues to its words.
                try db.execute("""
                    INSERT INTO tasks_fts (rowid, title, description, tags)
                    SELECT t.rowid, \(owner)t.title, \(owner)t.description, \(owner)t.tags
                    FROM tasks t WHERE t.rowid IN (\(batch))
                    """, [])
                try db.execute("DELETE FROM search_queue WHERE task_rowid IN (\(batch))", [])
            }
        }
    }
}
