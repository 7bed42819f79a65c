import Foundation
import TodoCore

/// Webhooks and their delivery queue (`WebhookRepository`).
extension SQLTaskStore {
    func createWebhook(userID: UUID, url: String, now: Date) throws -> CreatedWebhook {
        var generator = SystemRandomNumberGenerator()
        let secret = "whsec_" + Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let webhook = Webhook(id: UUID.timeOrdered(at: now), userID: userID, url: url, createdAt: Timestamp.truncated(now),
                              consecutiveFailures: 0, disabledAt: nil, disabledReason: nil, lastDeliveryAt: nil)
        try write { db in
            try db.execute("INSERT INTO webhooks (id, user_id, url, secret, created_at) VALUES (?, ?, ?, ?, ?)",
                           [.text(webhook.id.lowercasedString), .text(userID.lowercasedString), .text(url), .text(secret),
                            .integer(Timestamp.milliseconds(webhook.createdAt))])
        }
        return CreatedWebhook(webhook: webhook, secret: secret)
    }

    func webhooks(userID: UUID) throws -> [Webhook] {
        try read { db in
            var webhooks: [Webhook] = []
            try db.query("""
                SELECT id, user_id, url, created_at, consecutive_failures, disabled_at, disabled_reason, last_delivery_at
                FROM webhooks WHERE user_id = ? ORDER BY id
                """, [.text(userID.lowercasedString)]) { row in
                guard let id = row.uuid(0), let user = row.uuid(1) else {
                    throw DatabaseError(kind: .corrupt, code: "row", message: "a webhook row has a malformed id")
                }
                webhooks.append(Webhook(id: id, userID: user, url: row.text(2), createdAt: Timestamp.date(milliseconds: row.int64(3)),
                                        consecutiveFailures: row.int(4), disabledAt: row.optionalInt64(5).map(Timestamp.date(milliseconds:)),
                                        disabledReason: row.optionalText(6),
                                        lastDeliveryAt: row.optionalInt64(7).map(Timestamp.date(milliseconds:))))
            }
            return webhooks
        }
    }

    func deleteWebhook(id: UUID, userID: UUID) throws -> Bool {
        try write { db in
            try db.execute("DELETE FROM webhook_deliveries WHERE webhook_id = (SELECT id FROM webhooks WHERE id = ? AND user_id = ?)",
                           [.text(id.lowercasedString), .text(userID.lowercasedString)])
            return try db.execute("DELETE FROM webhooks WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)]) == 1
        }
    }

    func queueWebhookDeliveries(userID: UUID, eventID: String, payload: String, in db: any SQLConnection, now: Date) throws -> Int {
        var webhooks: [UUID] = []
        try db.query("SELECT id FROM webhooks WHERE user_id = ? AND disabled_at IS NULL", [.text(userID.lowercasedString)]) { row in
            if let id = row.uuid(0) { webhooks.append(id) }
        }
        var queued = 0
        for webhook in webhooks {
            queued += try db.execute("""
                INSERT INTO webhook_deliveries (id, webhook_id, event_id, payload, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (webhook_id, event_id) DO NOTHING
                """, [.text(UUID.timeOrdered(at: now).lowercasedString), .text(webhook.lowercasedString), .text(eventID), .text(payload),
                      .integer(Timestamp.milliseconds(now)), .integer(Timestamp.milliseconds(now))])
        }
        return queued
    }

    func claimWebhookDeliveries(now: Date, limit: Int, claimFor: TimeInterval) throws -> [WebhookDelivery] {
        try write { db in
            var due: [(WebhookDelivery, Int64)] = []
            try db.query("""
                SELECT d.id, d.webhook_id, w.url, w.secret, d.event_id, d.payload, d.attempts, d.next_attempt_at
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?
                """, [.integer(Timestamp.milliseconds(now)), .int(max(1, limit))]) { row in
                guard let id = row.uuid(0), let webhook = row.uuid(1) else { return }
                due.append((WebhookDelivery(id: id, webhookID: webhook, url: row.text(2), secret: row.text(3), eventID: row.text(4),
                                            payload: row.text(5), attempts: row.int(6)), row.int64(7)))
            }
            // A row is ours when its due time is still the one read: a replica that claimed it
            // first has moved it forward.
            let until = SQLValue.integer(Timestamp.milliseconds(now.addingTimeInterval(claimFor)))
            return try due.filter { delivery, dueAt in
                try db.execute("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at = ?",
                               [until, .text(delivery.id.lowercasedString), .integer(dueAt)]) == 1
            }.map(\.0)
        }
    }

    func recordWebhookAttempt(_ delivery: WebhookDelivery, outcome: WebhookAttemptOutcome, disableAfter: Int, now: Date) throws -> Bool {
        let nowMS = SQLValue.integer(Timestamp.milliseconds(now))
        let webhook = SQLValue.text(delivery.webhookID.lowercasedString)
        return try write { db in
            switch outcome {
            case .delivered:
                try db.execute("""
                    UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL
                    WHERE id = ?
                    """, [.text(delivery.id.lowercasedString)])
                try db.execute("UPDATE webhooks SET consecutive_failures = 0, last_delivery_at = ? WHERE id = ?", [nowMS, webhook])
                return false
            case .failed(let reason, let retryAt):
                try db.execute("""
                    UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?
                    """, [.text(retryAt == nil ? "failed" : "pending"), .optionalInteger(retryAt.map(Timestamp.milliseconds)),
                          .text(reason), .text(delivery.id.lowercasedString)])
                let failures = try db.scalarInt("""
                    UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ? RETURNING consecutive_failures
                    """, [webhook]) ?? 0
                // Only a delivery that used up its own attempts, with nothing delivered since,
                // shows the receiver down: reminders fired together and failing once each would
                // otherwise count as many failures in a row and cost every one of them.
                guard retryAt == nil, failures >= disableAfter else { return false }
                let disabled = try db.execute("""
                    UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL
                    """, [nowMS, .text("disabled: a delivery failed all its attempts, \(failures) failed attempts since the last delivery; the last: \(reason)"), webhook]) == 1
                try db.execute("""
                    UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'the webhook was disabled'
                    WHERE webhook_id = ? AND state = 'pending'
                    """, [webhook])
                return disabled
            }
        }
    }

    func nextWebhookDeliveryAt() throws -> Date? {
        try read { db in
            try db.scalarInt("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'", []).map(Timestamp.date(milliseconds:))
        }
    }
}
