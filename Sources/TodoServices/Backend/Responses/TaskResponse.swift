import TodoCore
import TodoHTTP

/// One task, with its version as the entity tag (what `If-Match` takes); a created task also
/// gets its `Location` and 201.
struct TaskResponse: JSONResponse {
    let task: TodoTask
    var created = false
    /// Where the task's JSON may already be (a read of a task listed before).
    var cache: TaskJSONCache?

    var status: HTTPStatus { created ? .created : .ok }
    var expectedSize: Int { 640 }

    func write(to json: inout JSONWriter) {
        if let cache { cache.write(task, to: &json) } else { task.write(to: &json) }
    }

    func addHeaders(to headers: inout HTTPHeaders) {
        headers.add("ETag", "\"\(task.version)\"")
        if created { headers.add("Location", "/api/v1/tasks/\(task.id.lowercasedString)") }
    }
}

extension TaskResponse: SchemaDescribed {
    static let schemaName = "Task"

    /// What `TodoTask.write(to:)` writes.
    static var schema: JSONSchema {
        .object([
            .required("id", .string(format: "uuid")),
            .required("number", JSONSchema.integer(minimum: 1).described("Per user, shown as #12.")),
            .required("title", .string()),
            .required("description", .string()),
            .required("status", .enumeration(TaskStatus.self)),
            .required("priority", .enumeration(Priority.self)),
            .required("tags", .array(of: .string())),
            .required("due_at", JSONSchema.string(format: "date-time").nullable().described("In the task's time zone's offset.")),
            .required("all_day", .boolean),
            .required("timezone", .string()),
            .required("recurrence", JSONSchema.string().nullable()),
            .required("recurrence_from", .enumeration(RecurrenceAnchor.self)),
            .required("series_id", JSONSchema.string(format: "uuid").nullable()),
            .required("reminders", .array(of: .reference(to: ReminderSchema.self))),
            .required("created_at", .string(format: "date-time")),
            .required("updated_at", .string(format: "date-time")),
            .required("completed_at", JSONSchema.string(format: "date-time").nullable()),
            .required("version", JSONSchema.integer(minimum: 1).described("Bumped by every change; the ETag.")),
        ])
    }
}

/// A reminder of a task, as tasks show it and as requests give it: minutes before the due
/// time, or an instant.
enum ReminderSchema: SchemaDescribed {
    static let schemaName = "Reminder"

    static var schema: JSONSchema {
        .oneOf([
            .object([.required("minutes_before", .integer(minimum: 0, maximum: Reminder.maxMinutesBefore))]),
            .object([.required("at", .string(format: "date-time"))]),
        ])
    }
}
