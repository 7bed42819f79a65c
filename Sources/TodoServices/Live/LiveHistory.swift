import Foundation
import TodoStore

/// Each user's recent messages in the service's own table, `live_messages`: what a resuming
/// client is sent. Keyed by (user, sequence), so recording a redelivered event changes nothing.
struct LiveHistory: Sendable {
    let database: any SQLDatabase

    /// Records `message`; false when it was already there.
    @discardableResult
    func record(_ message: LiveMessage, now: Date) throws -> Bool {
        try record([message], now: now) == 1
    }

    /// Records `messages` in one transaction; returns how many were not there yet.
    @discardableResult
    func record(_ messages: [LiveMessage], now: Date) throws -> Int {
        let at = Int64((now.timeIntervalSince1970 * 1000).rounded())
        return try database.write { db in
            var added = 0
            for message in messages {
                added += try db.execute("INSERT INTO live_messages (user_id, sequence, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                        [.text(message.userID.lowercasedString), .integer(message.sequence), .text(message.json), .integer(at)])
            }
            return added
        }
    }

    /// The user's messages after `sequence`, oldest first, at most `limit`.
    func messages(of user: UUID, after sequence: Int64, limit: Int) throws -> [LiveMessage] {
        try database.read { db in
            var messages: [LiveMessage] = []
            try db.query("SELECT sequence, body FROM live_messages WHERE user_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                         [.text(user.lowercasedString), .integer(sequence), .int(limit)]) { row in
                messages.append(LiveMessage(userID: user, sequence: row.int64(0), json: row.text(1)))
            }
            return messages
        }
    }

    /// The sequence of the user's latest message, 0 when there is none.
    func latestSequence(of user: UUID) throws -> Int64 {
        try database.read { db in
            try db.scalarInt("SELECT MAX(sequence) FROM live_messages WHERE user_id = ?", [.text(user.lowercasedString)]) ?? 0
        }
    }

    /// Forgets messages recorded before `cutoff`; returns how many.
    @discardableResult
    func trim(recordedBefore cutoff: Date) throws -> Int {
        try database.write { db in
            try db.execute("DELETE FROM live_messages WHERE created_at < ?", [.integer(Int64((cutoff.timeIntervalSince1970 * 1000).rounded()))])
        }
    }
}
