import Foundation
import TodoLog
import Synchronization

/// Copies the WAL back into the database in two steps, so that writes do not wait for the copy.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, with the
/// write lock held: every write queued behind it waits while 4 MB are copied and synced (~11 ms
/// on a quiet machine of ours, more under load); under constant writes that is every few tens
/// of milliseconds. Here the commit that crosses the threshold only wakes a thread, which
/// copies the WAL on a connection of its own while writes go on (a PASSIVE checkpoint takes no
/// lock a writer needs) and syncs the database file. When it is done, the next commit copies
/// what was appended meanwhile. That leaves the WAL fully copied, which is what lets the write
/// after it start the log over from its beginning: a checkpoint thread alone never catches up
/// with constant writes, and the WAL grew without end (docs/decisions.md).
final class WALCheckpointer: Sendable {
    /// SQLite's own automatic checkpoint threshold: 1 000 pages, 4 MB of WAL.
    static let threshold = 1000

    private enum Phase {
        case idle
        case copying
        /// The thread is done: the next commit copies the rest.
        case copied
        case stopped
    }

    private let path: String
    private let phase = Mutex(Phase.idle)
    private let started = Atomic(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stats = Mutex(Statistics())

    struct Statistics {
        /// Times the thread copied the WAL, and commits that copied the rest, leaving it all copied.
        var copies = 0
        var finishes = 0
    }

    var statistics: Statistics { stats.withLock { $0 } }

    init(path: String) {
        self.path = path
    }

    /// Called by the writer after each commit with the WAL's size in frames; true when this
    /// commit is to copy the rest of the WAL now, on its own connection, and report with
    /// `finished(frames:copied:)`.
    func committed(frames: Int) -> Bool {
        let (startCopy, finish) = phase.withLock { phase -> (Bool, Bool) in
            switch phase {
            case .idle where frames >= Self.threshold:
                phase = .copying
                return (true, false)
            case .copied:
                return (false, true)
            default:
                return (false, false)
            }
        }
        if startCopy {
            if !started.exchange(true, ordering: .relaxed) {
                Thread.start(named: "wal checkpoint") { [self] in run() }
            }
            wake.signal()
        }
        return finish
    }

    /// A reader's snapshot can hold frames back from a copy, and the log only restarts once all
    /// are copied: the next commits try again while what is left stays small (as SQLite's own
    /// checkpoint tries at every commit); past that the thread copies again.
    func finished(frames: Int, copied: Int) {
        let complete = copied >= frames
        if complete { stats.withLock { $0.finishes += 1 } }
        phase.withLock { phase in
            if phase == .copied, complete || frames - copied > Self.leftForCommits { phase = .idle }
        }
    }

    /// What a commit goes on copying itself, at most: 1 MB, a millisecond or two of copying
    /// and syncing.
    private static let leftForCommits = 256

    /// Stops the thread after the copy it may be doing; the writer's later commits copy nothing.
    func stop() {
        let running = phase.withLock { phase -> Bool in
            if phase == .stopped { return false }
            phase = .stopped
            return started.load(ordering: .relaxed)
        }
        guard running else { return }
        wake.signal()
        finished.wait()
    }

    private func run() {
        defer { finished.signal() }
        // Without its own connection the thread would need the writer's, and its lock.
        let connection = try? SQLiteConnection(path: path, readOnly: false)
        try? connection?.executeScript("PRAGMA synchronous = NORMAL;")
        try? connection?.skipCheckpointOnClose()
        // SQLite syncs the database file only in a checkpoint that copies the whole WAL: the
        // commit's. Syncing here leaves that one just the pages it copies itself.
        let database = open(path, O_RDONLY | O_CLOEXEC)
        defer { if database >= 0 { close(database) } }
        var woken = false
        while true {
            if !woken { wake.wait() }
            if phase.withLock({ $0 == .stopped }) { return }
            copy(on: connection)
            if database >= 0 { fdatasync(database) }
            stats.withLock { $0.copies += 1 }
            phase.withLock { phase in
                if phase == .copying { phase = .copied }
            }
            // When the writes have stopped, no commit comes to copy the rest, and every read
            // would look its pages up in the WAL until one did: after a quiet moment, copy it here.
            woken = wake.wait(timeout: .now() + .milliseconds(50)) == .success
            if !woken, let connection, phase.withLock({ $0 == .copied }), let (frames, copied) = connection.checkpointPassively() {
                finished(frames: frames, copied: copied)
            }
        }
    }

    /// Copies until what is left is small, a few passes at most: each pass copies what the
    /// writes appended during the one before. Without a connection (the file could not be
    /// opened) the writer does the whole copy, as SQLite's own checkpoint would.
    private func copy(on connection: SQLiteConnection?) {
        guard let connection else { return }
        var copiedBefore = -1
        for _ in 0..<4 {
            // No progress: a reader's snapshot holds the rest back; the commits try again.
            guard let (frames, copied) = connection.checkpointPassively(),
                  frames - copied > Self.leftForCommits / 4, copied > copiedBefore else { return }
            copiedBefore = copied
        }
    }
}
