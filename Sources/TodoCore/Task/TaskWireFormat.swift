import Foundation

/// The API's JSON for tasks read back (a client of the API, such as `todo --server`) and for
/// the bodies a client sends. `TodoTask.write(to:)` is the other half: what the server sends.
public struct TaskDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var description: String { "the server sent a task whose \(field) is missing or malformed" }
}

extension TodoTask {
    /// A task from its API JSON object (DESIGN §6 "Task").
    public init(apiJSON json: JSONValue) throws(TaskDecodingError) {
        func string(_ key: String) throws(TaskDecodingError) -> String {
            guard case .string(let text)? = json[key] else { throw TaskDecodingError(field: key) }
            return text
        }
        func optionalString(_ key: String) throws(TaskDecodingError) -> String? {
            switch json[key] {
            case .string(let text)?: return text
            case .null?, nil: return nil
            default: throw TaskDecodingError(field: key)
            }
        }
        func int(_ key: String) throws(TaskDecodingError) -> Int {
            guard case .int(let n)? = json[key], let value = Int(exactly: n) else { throw TaskDecodingError(field: key) }
            return value
        }
        func instant(_ text: String?, _ key: String) throws(TaskDecodingError) -> Date? {
            guard let text else { return nil }
            guard let date = RFC3339.parse(text) else { throw TaskDecodingError(field: key) }
            return date
        }
        func required<T>(_ value: T?, _ key: String) throws(TaskDecodingError) -> T {
            guard let value else { throw TaskDecodingError(field: key) }
            return value
        }
        guard case .array(let tagValues)? = json["tags"], case .array(let reminderValues)? = json["reminders"],
              case .bool(let allDay)? = json["all_day"] else {
            throw TaskDecodingError(field: "tags, reminders or all_day")
        }
        var tags: [String] = []
        for value in tagValues {
            guard case .string(let tag) = value else { throw TaskDecodingError(field: "tags") }
            tags.append(tag)
        }
        var reminders: [Reminder] = []
        for value in reminderValues {
            if case .int(let minutes)? = value["minutes_before"] {
                reminders.append(.minutesBefore(Int(minutes)))
            } else if case .string(let text)? = value["at"], let date = RFC3339.parse(text) {
                reminders.append(.at(date))
            } else {
                throw TaskDecodingError(field: "reminders")
            }
        }
        self.init(
            id: try required(UUID.parse(try string("id")), "id"), number: try int("number"), title: try string("title"),
            description: try string("description"),
            status: try required(TaskStatus(rawValue: try string("status")), "status"),
            priority: try required(Priority(rawValue: try string("priority")), "priority"), tags: tags,
            dueAt: try instant(try optionalString("due_at"), "due_at"), allDay: allDay, timezone: try string("timezone"),
            recurrence: try optionalString("recurrence"),
            recurrenceFrom: try required(RecurrenceAnchor(rawValue: try string("recurrence_from")), "recurrence_from"),
            seriesID: try optionalString("series_id").map { text throws(TaskDecodingError) in try required(UUID.parse(text), "series_id") },
            reminders: reminders,
            createdAt: try required(try instant(try string("created_at"), "created_at"), "created_at"),
            updatedAt: try required(try instant(try string("updated_at"), "updated_at"), "updated_at"),
            completedAt: try instant(try optionalString("completed_at"), "completed_at"), version: try int("version"))
    }
}

extension TaskDraft {
    /// The body of `POST /api/v1/tasks` that creates this draft.
    public var apiJSON: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if let id {
            writer.key("id")
            writer.value(id.lowercasedString)
        }
        writer.key("title")
        writer.value(title)
        writer.key("description")
        writer.value(description)
        writer.key("status")
        writer.value(status.rawValue)
        writer.key("priority")
        writer.value(priority.rawValue)
        writer.key("tags")
        writer.beginArray()
        for tag in tags { writer.value(tag) }
        writer.endArray()
        writer.key("due_at")
        writer.value(dueAt.map { RFC3339.format($0) })
        writer.key("all_day")
        writer.value(allDay)
        writer.key("timezone")
        writer.value(timezone)
        writer.key("recurrence")
        writer.value(recurrence)
        writer.key("recurrence_from")
        writer.value(recurrenceFrom.rawValue)
        writer.key("reminders")
        writer.beginArray()
        for reminder in reminders { reminder.jsonValue(in: nil).write(to: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}

extension TaskPatch {
    /// The body of `PATCH /api/v1/tasks/{id}`: only the fields the patch sets; null clears.
    public func apiJSON(version: Int?) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        func text(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            writer.key(key)
            writer.value(value)
        }
        text("title", title)
        text("description", description)
        text("status", status?.rawValue)
        text("priority", priority?.rawValue)
        text("timezone", timezone)
        text("recurrence_from", recurrenceFrom?.rawValue)
        if let tags {
            writer.key("tags")
            writer.beginArray()
            for tag in tags { writer.value(tag) }
            writer.endArray()
        }
        if let dueAt {
            writer.key("due_at")
            writer.value(dueAt.map { RFC3339.format($0) })
        }
        if let allDay {
            writer.key("all_day")
            writer.value(allDay)
        }
        if let recurrence {
            writer.key("recurrence")
            writer.value(recurrence)
        }
        if let reminders {
            writer.key("reminders")
            writer.beginArray()
            for reminder in reminders { reminder.jsonValue(in: nil).write(to: &writer) }
            writer.endArray()
        }
        if let version {
            writer.key("version")
            writer.value(version)
        }
        writer.endObject()
        return writer.bytes
    }
}

extension TaskQuery {
    /// The query string of `GET /api/v1/tasks` for this query (without `?`).
    public var apiQueryItems: [(name: String, value: String)] {
        var items: [(String, String)] = [("status", status.rawValue), ("limit", String(limit))]
        if !priorities.isEmpty { items.append(("priority", priorities.map(\.rawValue).joined(separator: ","))) }
        for tag in tags { items.append(("tag", tag)) }
        if let search { items.append(("q", search)) }
        if let dueBefore { items.append(("due_before", RFC3339.format(dueBefore))) }
        if let dueAfter { items.append(("due_after", RFC3339.format(dueAfter))) }
        if overdue { items.append(("overdue", "true")) }
        if let sort { items.append(("sort", sort.rawValue)) }
        if let order { items.append(("order", order.rawValue)) }
        if let cursor { items.append(("cursor", cursor)) }
        return items
    }
}

extension TagCount {
    /// `{"tags": [{"name": "work", "count": 3}, …]}`: `GET /api/v1/tags` and `todo tags --json`.
    public static func writeList(_ counts: [TagCount], to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("tags")
        writer.beginArray()
        for count in counts {
            writer.beginObject()
            writer.key("name")
            writer.value(count.tag)
            writer.key("count")
            writer.value(count.count)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}
