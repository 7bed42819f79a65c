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
///
/// That last copy is done with the write lock held and syncs the WAL and the database file:
/// 1–30 ms on a machine of ours under load, so every write queued behind it waits that long.
/// The thread copies every `threshold` pages, but a commit finishes the copy (and the log
/// starts over) only once the WAL holds `restartThreshold` pages, eight times fewer stalls,
/// or when the writes pause (docs/benchmarks.md, "The WAL's restarts").
final class WALCheckpointer: Sendable {
    /// SQLite's own automatic checkpoint threshold: 1 000 pages, 4 MB of WAL.
    static let threshold = 1000
    /// 8 000 pages, 32 MB of WAL (`journal_size_limit` trims the file to 64 MB after a restart).
    static let restartThreshold = 8 * threshold

    private enum Phase: Equatable {
        case idle
        case copying
        /// The thread copied the WAL up to this frame; the commits go on from there. Nil: the
        /// thread could not copy (no connection), the next commit copies it all.
        case copied(upTo: Int?)
        case stopped

        var isCopied: Bool { if case .copied = self { true } else { false } }
    }

    private let path: String
    private let phase = Mutex(Phase.idle)
    private let started = Atomic(false)
    /// Commits so far: unchanged over a wait, the writes have paused.
    private let commits = Atomic(0)
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
        commits.add(1, ordering: .relaxed)
        let (startCopy, finish) = phase.withLock { phase -> (Bool, Bool) in
            switch phase {
            case .idle where frames >= Self.threshold:
                phase = .copying
                return (true, false)
            case .copied(nil):
                return (false, true)
            case .copied(let upTo?) where frames < upTo:
                // The log started over without a commit finishing it: the thread had copied all.
                phase = .idle
                return (false, false)
            case .copied(let upTo?):
                let left = frames - upTo
                // Restart only from a small remainder: the thread copies a large one first.
                if frames >= Self.restartThreshold, left <= Self.leftForCommits { return (false, true) }
                guard left >= (frames >= Self.restartThreshold ? Self.leftForCommits : Self.threshold) else { return (false, false) }
                phase = .copying
                return (true, false)
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
            guard phase.isCopied else { return }
            phase = complete || frames - copied > Self.leftForCommits ? .idle : .copied(upTo: copied)
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
            let upTo = copy(on: connection)
            if database >= 0 { fdatasync(database) }
            stats.withLock { $0.copies += 1 }
            phase.withLock { phase in
                if phase == .copying { phase = .copied(upTo: upTo) }
            }
            // When the writes have stopped, no commit comes to copy the rest, and every read
            // would look its pages up in the WAL until one did: after a quiet moment, copy it here.
            // Not while they go on: the log would start over every `threshold` pages again.
            woken = false
            while !woken, phase.withLock({ $0.isCopied }) {
                let commitsBefore = commits.load(ordering: .relaxed)
                woken = wake.wait(timeout: .now() + .milliseconds(50)) == .success
                if !woken, commits.load(ordering: .relaxed) == commitsBefore, let connection,
                   let (frames, copied) = connection.checkpointPassively() {
                    finished(frames: frames, copied: copied)
                }
            }
        }
    }

    /// Copies until what is left is small, a few passes at most: each pass copies what the
    /// writes appended during the one before. Returns the frame the WAL is copied up to; nil
    /// without a connection (the file could not be opened): the writer then does the whole
    /// copy, as SQLite's own checkpoint would.
    private func copy(on connection: SQLiteConnection?) -> Int? {
        guard let connection else { return nil }
        var copiedBefore = -1
        for _ in 0..<4 {
            // No progress: a reader's snapshot holds the rest back; the commits try again.
            guard let (frames, copied) = connection.checkpointPassively() else { break }
            guard frames - copied > Self.leftForCommits / 4, copied > copiedBefore else { return copied }
            copiedBefore = copied
        }
        return max(0, copiedBefore)
    }
}
