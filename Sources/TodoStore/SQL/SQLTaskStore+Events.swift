import Foundation
import TodoCore

/// The events of task changes: each change's sequence number and outbox row, written inside
/// the change's transaction, and the outbox as the relay reads it (`EventRepository`).
extension SQLTaskStore {
    /// The user's next event sequence number.
    static func nextSequence(_ db: any SQLConnection, _ userID: UUID) throws -> Int64 {
        guard let sequence = try db.scalarInt(
            "UPDATE users SET next_event_sequence = next_event_sequence + 1 WHERE id = ? RETURNING next_event_sequence - 1",
            [.text(userID.lowercasedString)])
        else { throw StoreError.userNotFound }
        return sequence
    }

    /// Appends the event to the outbox inside the caller's transaction. The event, its `data`
    /// included, is built here, in Swift, for every database.
    static func recordEvent(_ db: any SQLConnection, type: TaskEventType, task: TodoTask,
                            changes: [(String, JSONValue)], userID: UUID, sequence: Int64, now: Date) throws {
        let event = TaskEvent(id: UUID.timeOrdered(at: now), type: type, userID: userID, sequence: sequence, task: task, changes: changes,
                              occurredAt: Timestamp.truncated(now))
        try appendToOutbox(db, eventID: event.id, type: type.cloudEventType, userID: userID, sequence: sequence, subject: task.id,
                           occurredAt: event.occurredAt, data: event.dataJSON)
    }

    /// Appends one event of any type (a task's, a reminder's) to the outbox inside the caller's transaction.
    static func appendToOutbox(_ db: any SQLConnection, eventID: UUID, type: String, userID: UUID, sequence: Int64, subject: UUID,
                               occurredAt: Date, data: [UInt8]) throws {
        try db.executeDeferred("""
            INSERT INTO outbox (event_id, user_id, sequence, type, subject, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(eventID.lowercasedString), .text(userID.lowercasedString), .integer(sequence), .text(type),
                  .text(subject.lowercasedString), .integer(Timestamp.milliseconds(occurredAt)),
                  .text(String(decoding: data, as: UTF8.self))])
    }

    // MARK: Outbox

    func outbox(after position: Int64, limit: Int) throws -> [OutboxRecord] {
        try read { db in
            var records: [OutboxRecord] = []
            try db.query("""
                SELECT position, event_id, type, user_id, sequence, subject, occurred_at, data
                FROM outbox WHERE position > ? ORDER BY position LIMIT ?
                """, [.integer(position), .int(max(1, min(limit, 10_000)))]) { records.append(try OutboxRecord(row: $0)) }
            return records
        }
    }
}
