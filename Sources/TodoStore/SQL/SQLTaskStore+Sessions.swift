import Foundation
import TodoCore

/// Login sessions: one row per session token issued, deleted when it is ended.
extension SQLTaskStore {
    func createSession(userID: UUID, now: Date, expiresAt: Date) throws -> UUID {
        let id = UUID.random()
        let user = SQLValue.text(userID.lowercasedString)
        try sessionWrite { db in
            // Expired rows go when their user signs in again, so the table stays as large as
            // the sessions in use without a sweeper.
            try db.execute("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?", [user, .integer(Timestamp.milliseconds(now))])
            try db.execute("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           [.text(id.lowercasedString), user, .integer(Timestamp.milliseconds(now)),
                            .integer(Timestamp.milliseconds(expiresAt))])
        }
        return id
    }

    func isSessionActive(id: UUID, userID: UUID, now: Date) throws -> Bool {
        do {
            return try database.read { db in
                var found = false
                try db.query("SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND expires_at > ?",
                             [.text(id.lowercasedString), .text(userID.lowercasedString), .integer(Timestamp.milliseconds(now))]) { _ in
                    found = true
                }
                return found
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    func endSession(id: UUID, userID: UUID) throws -> Bool {
        try sessionWrite { db in
            try db.execute("DELETE FROM sessions WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)]) > 0
        }
    }

    func changePassword(userID: UUID, passwordHash: String, keepingSession: UUID?) throws {
        let user = SQLValue.text(userID.lowercasedString)
        try sessionWrite { db in
            guard try db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [.text(passwordHash), user]) > 0 else {
                throw StoreError.userNotFound
            }
            if let keepingSession {
                try db.execute("DELETE FROM sessions WHERE user_id = ? AND id <> ?", [user, .text(keepingSession.lowercasedString)])
            } else {
                try db.execute("DELETE FROM sessions WHERE user_id = ?", [user])
            }
        }
    }

    @discardableResult
    private func sessionWrite<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch { throw StoreError.wrap(error) }
    }
}
