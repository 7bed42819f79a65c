import Foundation
import TodoCore

/// The reminder email queue (`EmailDeliveryRepository`).
extension SQLTaskStore {
    func queueEmail(userID: UUID, eventID: String, recipient: String, message: String, in db: any SQLConnection, now: Date) throws -> Bool {
        try db.execute("""
            INSERT INTO email_deliveries (id, user_id, event_id, recipient, message, state, attempts, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (user_id, event_id) DO NOTHING
            """, [.text(UUID.timeOrdered(at: now).lowercasedString), .text(userID.lowercasedString), .text(eventID), .text(recipient),
                  .text(message), .integer(Timestamp.milliseconds(now)), .integer(Timestamp.milliseconds(now))]) == 1
    }

    func claimEmails(now: Date, limit: Int, claimFor: TimeInterval) throws -> [EmailDelivery] {
        try write { db in
            var due: [(EmailDelivery, Int64)] = []
            try db.query("""
                SELECT id, recipient, message, attempts, next_attempt_at FROM email_deliveries
                WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?
                """, [.integer(Timestamp.milliseconds(now)), .int(max(1, limit))]) { row in
                guard let id = row.uuid(0) else { return }
                due.append((EmailDelivery(id: id, recipient: row.text(1), message: row.text(2), attempts: row.int(3)), row.int64(4)))
            }
            // As for webhooks: a row is ours when its due time is still the one read.
            let until = SQLValue.integer(Timestamp.milliseconds(now.addingTimeInterval(claimFor)))
            return try due.filter { delivery, dueAt in
                try db.execute("UPDATE email_deliveries SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at = ?",
                               [until, .text(delivery.id.lowercasedString), .integer(dueAt)]) == 1
            }.map(\.0)
        }
    }

    func recordEmailAttempt(_ delivery: EmailDelivery, error: String?, retryAt: Date?, now: Date) throws {
        let state = error == nil ? "sent" : (retryAt == nil ? "failed" : "pending")
        try write { db in
            try db.execute("""
                UPDATE email_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?
                """, [.text(state), .optionalInteger(error == nil ? nil : retryAt.map(Timestamp.milliseconds)), .optionalText(error),
                      .text(delivery.id.lowercasedString)])
        }
    }

    func nextEmailAt() throws -> Date? {
        try read { db in
            try db.scalarInt("SELECT min(next_attempt_at) FROM email_deliveries WHERE state = 'pending'", []).map(Timestamp.date(milliseconds:))
        }
    }
}
