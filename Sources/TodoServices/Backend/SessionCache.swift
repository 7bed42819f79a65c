import Foundation
import Synchronization

/// Sessions this server recently found active in the `sessions` table, so that a client's
/// requests do not each read the table.
///
/// An entry is trusted for `lifetime`. Logout and a password change handled by this server
/// remove the entries they end at once; another replica notices on its next check, at most
/// `lifetime` later (docs/decisions.md).
final class SessionCache: Sendable {
    static let lifetime: TimeInterval = 10
    /// Entries beyond this are dropped wholesale: a bound, not an eviction policy.
    static let capacity = 100_000

    private struct Entry {
        var userID: UUID
        var checkedAt: Date
    }

    /// The entries, and how many times sessions were ended here: a check that read the table
    /// before an ending must not put the ended session back.
    private let state = Mutex<(entries: [UUID: Entry], endings: UInt64)>(([:], 0))

    /// Whether the session was found active less than `lifetime` ago.
    func isFresh(_ sessionID: UUID, now: Date) -> Bool {
        state.withLock { state in
            guard let entry = state.entries[sessionID] else { return false }
            return now.timeIntervalSince(entry.checkedAt) < Self.lifetime
        }
    }

    /// A mark to take before reading the sessions table, for `remember`.
    var mark: UInt64 { state.withLock { $0.endings } }

    /// Records the session as found active by a read that began at `mark`; nothing when a
    /// session was ended here since (the read may predate it).
    func remember(_ sessionID: UUID, of userID: UUID, now: Date, readSince mark: UInt64) {
        state.withLock { state in
            guard state.endings == mark else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[sessionID] = Entry(userID: userID, checkedAt: now)
        }
    }

    func forget(_ sessionID: UUID) {
        state.withLock { state in
            state.endings &+= 1
            state.entries.removeValue(forKey: sessionID)
        }
    }

    /// Forgets every session of the user but `kept`.
    func forgetSessions(of userID: UUID, except kept: UUID?) {
        state.withLock { state in
            state.endings &+= 1
            state.entries = state.entries.filter { id, entry in entry.userID != userID || id == kept }
        }
    }
}
