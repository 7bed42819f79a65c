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

    private let entries = Mutex<[UUID: Entry]>([:])

    /// Whether the session was found active less than `lifetime` ago.
    func isFresh(_ sessionID: UUID, now: Date) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[sessionID] else { return false }
            return now.timeIntervalSince(entry.checkedAt) < Self.lifetime
        }
    }

    func remember(_ sessionID: UUID, of userID: UUID, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[sessionID] = Entry(userID: userID, checkedAt: now)
        }
    }

    func forget(_ sessionID: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: sessionID) }
    }

    /// Forgets every session of the user but `kept`.
    func forgetSessions(of userID: UUID, except kept: UUID?) {
        entries.withLock { entries in
            entries = entries.filter { id, entry in entry.userID != userID || id == kept }
        }
    }
}
