import Foundation
import TodoCore

/// Maps a task to its row and back: the one place that knows the column layout of `tasks`.
enum TaskRecord {
    /// Columns in the order `decode` reads them.
    static let columns = """
        t.id, t.number, t.title, t.description, t.status, t.priority, t.tags, t.due_at, t.all_day, t.timezone, \
        t.recurrence, t.recurrence_from, t.series_id, t.reminders, t.created_at, t.updated_at, t.completed_at, t.version
        """

    /// Where `columns` puts what identifies a task's state (`DecodedTaskCache`).
    static let idColumn = 0, updatedAtColumn = 15, versionColumn = 17
    /// How many `columns` are: a query may select more after them.
    static let columnCount = 18

    /// The columns an insert writes, in the order of `insertArguments`.
    static let insertColumns = """
        id, user_id, number, title, title_key, description, status, priority, tags, due_at, due_key, \
        all_day, timezone, recurrence, recurrence_from, series_id, reminders, created_at, updated_at, completed_at, version
        """

    static let insertSQL = "INSERT INTO tasks (\(insertColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static let updateSQL = """
        UPDATE tasks SET title = ?, title_key = ?, description = ?, status = ?, priority = ?, tags = ?, due_at = ?, \
        due_key = ?, all_day = ?, timezone = ?, recurrence = ?, recurrence_from = ?, series_id = ?, reminders = ?, \
        updated_at = ?, completed_at = ?, version = ? WHERE id = ? AND user_id = ? AND version = ?
        """

    static func insertArguments(_ task: TodoTask, userID: UUID) -> [SQLValue] {
        [.text(task.id.lowercasedString), .text(userID.lowercasedString), .int(task.number)] + mutableColumns(task)
            + [.integer(Timestamp.milliseconds(task.createdAt))] + tail(task)
    }

    static func updateArguments(_ task: TodoTask, userID: UUID, previousVersion: Int) -> [SQLValue] {
        mutableColumns(task) + tail(task) + [.text(task.id.lowercasedString), .text(userID.lowercasedString), .int(previousVersion)]
    }

    private static func mutableColumns(_ task: TodoTask) -> [SQLValue] {
        let due = task.dueAt.map(Timestamp.milliseconds)
        return [
            .text(task.title), .text(task.title.lowercased()), .text(task.description), .text(task.status.rawValue),
            .int(task.priority.rank), .text(task.tags.joined(separator: " ")), .optionalInteger(due),
            .integer(due ?? TaskSort.undatedDueKey), .bool(task.allDay), .text(task.timezone),
            .optionalText(task.recurrence), .text(task.recurrenceFrom.rawValue),
            .optionalText(task.seriesID?.lowercasedString), .text(encode(task.reminders)),
        ]
    }

    private static func tail(_ task: TodoTask) -> [SQLValue] {
        [.integer(Timestamp.milliseconds(task.updatedAt)), .optionalInteger(task.completedAt.map(Timestamp.milliseconds)),
         .int(task.version)]
    }

    /// Reads a task whose columns start at `first` (0 unless the query selects something before them).
    static func decode(_ row: any SQLRow, from first: Int = 0) throws -> TodoTask {
        first == 0 ? try decodeColumns(row) : try decodeColumns(OffsetRow(base: row, offset: first))
    }

    private static func decodeColumns(_ row: some SQLRow) throws -> TodoTask {
        func uuid(_ column: Int) throws -> UUID {
            guard let id = row.uuid(column) else { throw corrupt("not a UUID: \(row.text(column))") }
            return id
        }
        func date(_ column: Int) -> Date? { row.optionalInt64(column).map(Timestamp.date(milliseconds:)) }
        let statusText = row.text(4), fromText = row.text(11)
        guard let status = TaskStatus(rawValue: statusText), let priority = Priority(rank: row.int(5)),
              let from = RecurrenceAnchor(rawValue: fromText)
        else { throw corrupt("unknown status, priority or recurrence_from (\(statusText), \(fromText))") }
        let tagsText = row.text(6)
        return TodoTask(
            id: try uuid(0), number: row.int(1), title: row.text(2), description: row.text(3), status: status,
            priority: priority, tags: words(tagsText),
            dueAt: date(7), allDay: row.bool(8), timezone: row.text(9), recurrence: row.optionalText(10),
            recurrenceFrom: from, seriesID: row.isNull(12) ? nil : try uuid(12), reminders: try decodeReminders(row.text(13)),
            createdAt: date(14) ?? Date(timeIntervalSince1970: 0), updatedAt: date(15) ?? Date(timeIntervalSince1970: 0),
            completedAt: date(16), version: row.int(17)
        )
    }

    /// Reminders as compact text: `m30` (minutes before) and `a<epoch ms>` (at), space-separated.
    static func encode(_ reminders: [Reminder]) -> String {
        reminders.map { reminder in
            switch reminder {
            case .minutesBefore(let minutes): "m\(minutes)"
            case .at(let date): "a\(Timestamp.milliseconds(date))"
            }
        }.joined(separator: " ")
    }

    static func decodeReminders(_ text: String) throws -> [Reminder] {
        try words(text).map { item in
            let value = Int64(item.dropFirst())
            switch (item.first, value) {
            case ("m", let minutes?): return .minutesBefore(Int(minutes))
            case ("a", let ms?): return .at(Timestamp.date(milliseconds: ms))
            default: throw corrupt("unreadable reminder \(item)")
            }
        }
    }

    /// The space-separated words of a stored column, split on its bytes: `String.split` compares
    /// whole Characters, and splitting every listed task's tags that way was a third of decoding it.
    static func words(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
    }

    static func corrupt(_ message: String) -> DatabaseError {
        DatabaseError(kind: .corrupt, code: "row", message: "a stored task is damaged: \(message)")
    }
}

/// A row seen from a later column on, so one decoder serves queries with leading columns.
private struct OffsetRow: SQLRow {
    let base: any SQLRow
    let offset: Int
    func isNull(_ column: Int) -> Bool { base.isNull(column + offset) }
    func int64(_ column: Int) -> Int64 { base.int64(column + offset) }
    func double(_ column: Int) -> Double { base.double(column + offset) }
    func text(_ column: Int) -> String { base.text(column + offset) }
    func bool(_ column: Int) -> Bool { base.bool(column + offset) }
    func uuid(_ column: Int) -> UUID? { base.uuid(column + offset) }
}
