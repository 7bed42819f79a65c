import Foundation
import TodoCore

/// A task and its `created` event written by one PostgreSQL statement, which autocommits in a
/// single round trip: the five statements of the general path cost five round trips before the
/// commit's WAL flush (docs/benchmarks.md). The user row is updated first, so task numbers and
/// event sequences stay in commit order exactly as on the general path.
enum PostgresTaskCreation {
    /// The number written into the event before the real one is known; replaced in SQL. A
    /// title cannot produce this text: its quotes are escaped in JSON.
    private static let numberPlaceholder = "\"number\":-1,"

    static let sql = """
        WITH allocated AS (
            UPDATE users SET next_task_number = next_task_number + 1, next_event_sequence = next_event_sequence + 1
            WHERE id = ?::uuid RETURNING next_task_number - 1 AS number, next_event_sequence - 1 AS sequence
        ), task AS (
            INSERT INTO tasks (\(TaskRecord.insertColumns))
            SELECT ?::uuid, ?::uuid, a.number, ?::text, ?::text, ?::text, ?::text, ?::smallint, ?::text, ?::bigint, ?::bigint,
                ?::boolean, ?::text, ?::text, ?::text, ?::uuid, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint
            FROM allocated a
        ), tagged AS (
            INSERT INTO task_tags (user_id, tag, task_id)
            SELECT ?::uuid, tag, ?::uuid FROM allocated, unnest(string_to_array(?::text, ' ')) AS tag
        ), event AS (
            INSERT INTO outbox (event_id, user_id, sequence, type, subject, occurred_at, data)
            SELECT ?::uuid, ?::uuid, a.sequence, ?::text, ?::text, ?::bigint,
                replace(?::text, '\(numberPlaceholder)', '"number":' || a.number || ',')
            FROM allocated a
        )
        SELECT number, sequence FROM allocated
        """

    /// Writes `task` (its number is assigned here) and returns it numbered.
    static func create(_ task: TodoTask, userID: UUID, now: Date, in database: any SQLDatabase) throws -> TodoTask {
        var placeholder = task
        placeholder.number = -1
        let user = SQLValue.text(userID.lowercasedString), id = SQLValue.text(task.id.lowercasedString)
        var columns = TaskRecord.insertArguments(placeholder, userID: userID)
        columns.remove(at: 2) // the number comes from `allocated`
        let event = TaskEvent(id: UUID.timeOrdered(at: now), type: .created, userID: userID, sequence: 0, task: placeholder,
                              changes: [], occurredAt: Timestamp.truncated(now))
        let data = String(decoding: event.dataJSON, as: UTF8.self)
        precondition(data.contains(numberPlaceholder), "the event JSON no longer carries the number placeholder")
        let arguments: [SQLValue] = [user] + columns + [user, id, .text(task.tags.joined(separator: " "))]
            + [.text(event.id.lowercasedString), user, .text(TaskEventType.created.cloudEventType), id,
               .integer(Timestamp.milliseconds(event.occurredAt)), .text(data)]
        var number: Int?
        try database.writeOne(sql, arguments) { number = $0.int(0) }
        guard let number else { throw StoreError.userNotFound }
        var created = task
        created.number = number
        return created
    }
}
