import Foundation
import TodoCore
import TodoHTTP

/// Task fields of request bodies (DESIGN §6 "Task") turned into drafts and patches. Type
/// errors are caught here with the field's name; the domain's rules (title length, known time
/// zone, …) are checked by `TaskValidator` in the store call, which writes nothing on failure.
enum TaskInput {
    static let priorities = "one of \"none\", \"low\", \"medium\", \"high\""

    /// A draft from the body's fields; with `text`, from the quick-add sentence, the body's
    /// other fields overriding what the sentence said.
    static func draft(from body: JSONBody, clock: () -> Date) throws(HTTPError) -> TaskDraft {
        let timezone = try body.optional("timezone", expected: "an IANA time zone name", JSONRead.string) ?? "UTC"
        var draft: TaskDraft
        if body.contains("text") {
            let (sentence, zoneName, _) = try QuickAddController.read(body, clock: clock)
            draft = sentence.draft(timezone: zoneName)
            if let title = try body.optional("title", expected: "a string", JSONRead.string) { draft.title = title }
        } else {
            draft = TaskDraft(title: try body.required("title", expected: "a string", JSONRead.string), timezone: timezone)
        }
        if let id = try body.optional("id", expected: "a UUID", { JSONRead.string($0).flatMap(UUID.parse) }) { draft.id = id }
        draft.description = try body.optional("description", expected: "a string", JSONRead.string) ?? draft.description
        draft.status = try body.optional("status", expected: "\"pending\" or \"completed\"", JSONRead.enumeration(TaskStatus.self)) ?? draft.status
        draft.priority = try body.optional("priority", expected: priorities, JSONRead.enumeration(Priority.self)) ?? draft.priority
        draft.tags = try body.optional("tags", expected: tagsExpected, tagList) ?? draft.tags
        if let due = try body.optional("due_at", expected: "an RFC 3339 date-time or a date YYYY-MM-DD", JSONRead.string) {
            let parsed = try dueDate(due, timezone: timezone)
            draft.dueAt = parsed.date
            draft.allDay = parsed.dateOnly
        }
        if let allDay = try body.optional("all_day", expected: "true or false", JSONRead.bool) { draft.allDay = allDay }
        draft.recurrence = try body.optional("recurrence", expected: "an RRULE such as \"FREQ=WEEKLY;BYDAY=MO\"", JSONRead.string) ?? draft.recurrence
        draft.recurrenceFrom = try body.optional("recurrence_from", expected: "\"due\" or \"completion\"",
                                                 JSONRead.enumeration(RecurrenceAnchor.self)) ?? draft.recurrenceFrom
        if let items = try body.optional("reminders", expected: "an array of reminders", JSONRead.array) { draft.reminders = try reminders(items) }
        return draft
    }

    /// The patch and the version the client expects (from the body's `version`), if any.
    /// `zoneOfTask` gives the task's time zone when a date-only `due_at` needs it.
    static func patch(from body: JSONBody, zoneOfTask: () throws -> String) throws -> (TaskPatch, version: Int?) {
        var patch = TaskPatch()
        patch.title = try body.notNull("title", expected: "a string", JSONRead.string)
        patch.description = try body.notNull("description", expected: "a string", JSONRead.string)
        patch.status = try body.notNull("status", expected: "\"pending\" or \"completed\"", JSONRead.enumeration(TaskStatus.self))
        patch.priority = try body.notNull("priority", expected: priorities, JSONRead.enumeration(Priority.self))
        patch.tags = try body.notNull("tags", expected: tagsExpected, tagList)
        patch.timezone = try body.notNull("timezone", expected: "an IANA time zone name", JSONRead.string)
        patch.allDay = try body.notNull("all_day", expected: "true or false", JSONRead.bool)
        switch try body.field("due_at", expected: "an RFC 3339 date-time, a date YYYY-MM-DD or null", JSONRead.string) {
        case .absent: break
        case .null: patch.dueAt = .some(nil)
        case .value(let text):
            let parsed = try dueDate(text, timezone: try patch.timezone ?? zoneOfTask())
            patch.dueAt = .some(parsed.date)
            if patch.allDay == nil { patch.allDay = parsed.dateOnly }
        }
        switch try body.field("recurrence", expected: "an RRULE such as \"FREQ=DAILY\" or null", JSONRead.string) {
        case .absent: break
        case .null: patch.recurrence = .some(nil)
        case .value(let rule): patch.recurrence = .some(rule)
        }
        patch.recurrenceFrom = try body.notNull("recurrence_from", expected: "\"due\" or \"completion\"",
                                                JSONRead.enumeration(RecurrenceAnchor.self))
        switch try body.field("reminders", expected: "an array of reminders or null", JSONRead.array) {
        case .absent: break
        case .null: patch.reminders = []
        case .value(let items): patch.reminders = try reminders(items)
        }
        // Versions start at 1: 0 or -1 is a mistake to name, not a version that differs.
        let version = try body.optional("version", expected: "a version (an integer, 1 or more)") { JSONRead.int($0).flatMap { $0 >= 1 ? $0 : nil } }
        return (patch, version)
    }

    static let tagsExpected = "an array of at most \(TaskValidationError.maxTags) strings"

    /// The tags as sent, at most as many as a task can have: counted before repeats are merged,
    /// as the schema's `maxItems` says (a thousand copies of one tag were taken).
    static func tagList(_ value: JSONValue) -> [String]? {
        JSONRead.strings(value).flatMap { $0.count <= TaskValidationError.maxTags ? $0 : nil }
    }

    /// An RFC 3339 instant, or a calendar date meaning the start of that day in `timezone`
    /// (an all-day task).
    static func dueDate(_ text: String, timezone: String) throws(HTTPError) -> (date: Date, dateOnly: Bool) {
        if let instant = RFC3339.parse(text) { return (instant, false) }
        if let day = RFC3339.parseDate(text) {
            guard let zone = ZonedTime.zone(named: timezone) else {
                throw .validation(field: "timezone", TaskValidationError.unknownTimeZone(timezone).description)
            }
            return (ZonedTime.startOfDay(day, in: zone), true)
        }
        throw .validation(field: "due_at", TaskValidationError.invalidDate(field: "due_at", value: text).description)
    }

    /// `[{"minutes_before": 30}, {"at": "2026-12-05T08:00:00Z"}]`
    static func reminders(_ items: [JSONValue]) throws(HTTPError) -> [Reminder] {
        var reminders: [Reminder] = []
        for item in items {
            let minutes = item["minutes_before"], at = item["at"]
            switch (minutes, at) {
            case (.some(let value), nil):
                guard let n = JSONRead.int(value) else {
                    throw .validation(field: "reminders", "minutes_before must be an integer (got \(JSONBody.describe(value)))")
                }
                reminders.append(.minutesBefore(n))
            case (nil, .some(let value)):
                guard let text = JSONRead.string(value), let date = RFC3339.parse(text) else {
                    throw .validation(field: "reminders", "a reminder's at must be an RFC 3339 date-time (got \(JSONBody.describe(value)))")
                }
                reminders.append(.at(date))
            default:
                throw .validation(field: "reminders", "each reminder is {\"minutes_before\": N} or {\"at\": \"RFC 3339 date-time\"}")
            }
        }
        return reminders
    }
}

/// The body of `POST /api/v1/tasks`, as `TaskInput.draft(from:clock:)` reads it.
enum TaskCreateBody: SchemaDescribed {
    static let schemaName = "TaskCreate"

    static var schema: JSONSchema {
        .object([
            .optional("title", TaskFieldSchema.title),
            .optional("text", JSONSchema.string(minLength: 1, maxLength: QuickAddController.maxTextLength)
                .described("A quick-add sentence, e.g. Pay rent every month on the 1st #home !high.")),
            .optional("id", JSONSchema.string(format: "uuid").nullable().described("Optional: an id chosen by the client; 409 if taken.")),
            .optional("description", TaskFieldSchema.description.nullable()),
            .optional("status", JSONSchema.enumeration(TaskStatus.self).nullable()),
            .optional("priority", JSONSchema.enumeration(Priority.self).nullable()),
            .optional("tags", TaskFieldSchema.tags.nullable()),
            .optional("due_at", TaskFieldSchema.dueAt),
            .optional("all_day", JSONSchema.boolean.nullable()),
            .optional("timezone", TaskFieldSchema.timezone.nullable()),
            .optional("recurrence", TaskFieldSchema.recurrence),
            .optional("recurrence_from", JSONSchema.enumeration(RecurrenceAnchor.self).nullable()),
            .optional("reminders", TaskFieldSchema.reminders.nullable().described("A minutes_before reminder needs a due date; one at an instant (at) does not.")),
            .optional("date_order", JSONSchema.enumeration(DateOrder.self).nullable()
                .described("With text: how 5/12 is read, mdy (May 12, the default) or dmy (5 December).")),
            .optional("now", JSONSchema.string(format: "date-time").nullable()
                .described("With text: when the user typed (default: the server's clock).")),
        ])
        .satisfying(anyOf: [.requiring("title"), .requiring("text")])
        .described("The fields of a task, or text: a quick-add sentence (DESIGN §6.1) whose meaning the other fields given override.")
    }
}

/// The body of `PATCH /api/v1/tasks/{id}`, as `TaskInput.patch(from:zoneOfTask:)` reads it.
enum TaskPatchBody: SchemaDescribed {
    static let schemaName = "TaskPatch"

    static var schema: JSONSchema {
        .object([
            .optional("title", TaskFieldSchema.title),
            .optional("description", TaskFieldSchema.description),
            .optional("status", .enumeration(TaskStatus.self)),
            .optional("priority", .enumeration(Priority.self)),
            .optional("tags", TaskFieldSchema.tags),
            .optional("timezone", TaskFieldSchema.timezone),
            .optional("all_day", .boolean),
            .optional("due_at", TaskFieldSchema.dueAt),
            .optional("recurrence", TaskFieldSchema.recurrence),
            .optional("recurrence_from", .enumeration(RecurrenceAnchor.self)),
            .optional("reminders", TaskFieldSchema.reminders.nullable()),
            .optional("version", JSONSchema.integer().nullable()
                .described("Only change the task if it is at this version (like If-Match); null: whatever its version.")),
        ])
        .described("Only the fields given change; null clears due_at, recurrence and reminders.")
    }
}

/// The schemas of task fields that creates and patches (and listings' filters) share, with
/// the limits of `TaskValidator`.
enum TaskFieldSchema {
    static let title = JSONSchema.string(pattern: APIDocumentation.TextPattern.trimmed(maxLength: TaskValidationError.maxTitleLength))
        .described("1–500 characters after trimming spaces; no control characters (C0, DEL, C1, U+2028, U+2029).")
    static let description = JSONSchema.string(maxLength: TaskValidationError.maxDescriptionLength)
    /// One tag as a client may write it: a leading # is allowed beyond the stored length.
    static let tag = JSONSchema.string(minLength: 1, maxLength: TagNormalizer.maxLength + 1,
                                       pattern: "^#?[^#]{1,\(TagNormalizer.maxLength)}$")
        .described("One word of at most \(TagNormalizer.maxLength) characters; a leading # is dropped and it is stored in lower case (#Work → work).")
    static let tags = JSONSchema.array(of: tag, maxItems: TaskValidationError.maxTags)
    static let dueAt = JSONSchema.string().nullable()
        .described("An RFC 3339 date-time, or a date YYYY-MM-DD meaning the start of that day in the task's time zone (and all_day).")
    static let timezone = JSONSchema.string(minLength: 1, maxLength: 64).described("An IANA time zone name such as Europe/Berlin or UTC.")
    static let recurrence = JSONSchema.string().nullable()
        .described("An RFC 5545 RRULE value without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=MO,WE. Needs a due date. FREQ=SECONDLY is refused (422).")
    static let reminders = JSONSchema.array(of: .reference(to: ReminderSchema.self), maxItems: TaskValidationError.maxReminders)
}
