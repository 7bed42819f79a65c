import Foundation
import TodoCore
import TodoStore

/// The task tools: `add_task`, `list_tasks`, `complete_task`, `update_task`, `delete_task`
/// (the original contract: changes answer `{task_id, status, title}`), `search_tasks`,
/// `reopen_task` and `show_task`. Each goes through the same store methods as the REST API, so
/// every change writes its outbox event.
public enum TaskTools {
    public static let all: [ChatTool] = [add, list, complete, update, delete, search, reopen, show]

    // MARK: Schemas

    static let userID = ToolSchema.string("Accepted for compatibility and ignored: a call always acts for the authenticated user.")
    static let taskID = ToolSchema.anyOf([.integer(minimum: 1), .string()], "The task's number (12 or \"#12\") or its UUID.")
    static let priority = ToolSchema.string(oneOf: Priority.allCases.map(\.rawValue))
    static let reminder = ToolSchema.anyOf([
        .object([("minutes_before", .integer(minimum: 0, maximum: Reminder.maxMinutesBefore))], required: ["minutes_before"]),
        .object([("at", .string(format: "date-time"))], required: ["at"]),
    ])
    static let task = ToolSchema.object([
        ("id", .string(format: "uuid")), ("number", .integer(minimum: 1)), ("title", .string()), ("description", .string()),
        ("status", .string(oneOf: TaskStatus.allCases.map(\.rawValue))), ("priority", priority), ("tags", .array(of: .string())),
        ("due_at", ToolSchema.string(format: "date-time").nullable()), ("all_day", .boolean()), ("timezone", .string()),
        ("recurrence", ToolSchema.string().nullable()), ("reminders", .array(of: reminder)), ("version", .integer()),
    ], required: ["id", "number", "title", "status"], description: "A task as the REST API shows it.")
    static let change = ToolSchema.object([
        ("task_id", .string(format: "uuid")), ("number", .integer(minimum: 1)),
        ("status", .string("What the call did.", oneOf: ["created", "completed", "updated", "deleted", "reopened", "restored"])),
        ("title", .string()),
    ], required: ["task_id", "number", "status", "title"])
    static let tasks = ToolSchema.object([("tasks", .array(of: task))], required: ["tasks"])
    static let oneTask = ToolSchema.object([("task_id", taskID), ("user_id", userID)], required: ["task_id"])
    static let listingBound = ToolSchema.string("RFC 3339 date-time; a date (2026-12-24) is the start of that day, and a date-time "
                                                + "without an offset is read in the user's time zone.")

    static let fields: [(String, ToolSchema)] = [
        ("description", .string()),
        ("due_at", ToolSchema.string("RFC 3339 date-time (2026-12-24T17:00:00+01:00); a date (2026-12-24) is all day; a date-time "
                                     + "without an offset is in timezone.").nullable()),
        ("all_day", .boolean("The task is due on a day, not at a time.")),
        ("timezone", .string("IANA time zone of the due date; default: the client's.")),
        ("priority", priority),
        ("tags", .array(of: .string())),
        ("recurrence", ToolSchema.string("RFC 5545 RRULE without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=MO.").nullable()),
        ("recurrence_from", .string("Whether the next due date counts from the due date or the completion.",
                                    oneOf: RecurrenceAnchor.allCases.map(\.rawValue))),
        ("reminders", .array(of: reminder)),
    ]

    // MARK: Typed calls (what the agent sends)

    public static func addCall(_ draft: TaskDraft) -> ToolCall {
        var members: [(String, JSONValue)] = [("title", .string(draft.title))]
        if !draft.description.isEmpty { members.append(("description", .string(draft.description))) }
        if let dueAt = draft.dueAt { members.append(("due_at", instant(dueAt, draft.timezone))); members.append(("all_day", .bool(draft.allDay))) }
        members.append(("timezone", .string(draft.timezone)))
        if draft.priority != .none { members.append(("priority", .string(draft.priority.rawValue))) }
        if !draft.tags.isEmpty { members.append(("tags", .array(draft.tags.map { .string($0) }))) }
        if let recurrence = draft.recurrence {
            members.append(("recurrence", .string(recurrence)))
            members.append(("recurrence_from", .string(draft.recurrenceFrom.rawValue)))
        }
        if !draft.reminders.isEmpty { members.append(("reminders", reminders(draft.reminders, draft.timezone))) }
        return ToolCall(name: add.name, arguments: .object(members))
    }

    public static func updateCall(_ id: UUID, _ patch: TaskPatch) -> ToolCall {
        var members: [(String, JSONValue)] = [("task_id", .string(id.lowercasedString))]
        let zone = patch.timezone ?? "UTC"
        if let title = patch.title { members.append(("title", .string(title))) }
        if let description = patch.description { members.append(("description", .string(description))) }
        if let dueAt = patch.dueAt { members.append(("due_at", dueAt.map { instant($0, zone) } ?? .null)) }
        if let allDay = patch.allDay { members.append(("all_day", .bool(allDay))) }
        if let timezone = patch.timezone { members.append(("timezone", .string(timezone))) }
        if let priority = patch.priority { members.append(("priority", .string(priority.rawValue))) }
        if let tags = patch.tags { members.append(("tags", .array(tags.map { .string($0) }))) }
        if let recurrence = patch.recurrence { members.append(("recurrence", recurrence.map { .string($0) } ?? .null)) }
        if let anchor = patch.recurrenceFrom { members.append(("recurrence_from", .string(anchor.rawValue))) }
        if let reminders = patch.reminders { members.append(("reminders", Self.reminders(reminders, zone))) }
        return ToolCall(name: update.name, arguments: .object(members))
    }

    /// `complete_task`, `reopen_task`, `delete_task` or `show_task` of one task.
    public static func call(_ tool: ChatTool, _ id: UUID) -> ToolCall {
        ToolCall(name: tool.name, arguments: .object([("task_id", .string(id.lowercasedString))]))
    }

    public static func listCall(status: TaskQuery.StatusFilter, tag: String? = nil, priority: Priority? = nil, overdue: Bool = false,
                                dueAfter: Date? = nil, dueBefore: Date? = nil) -> ToolCall {
        var members: [(String, JSONValue)] = [("status", .string(status.rawValue))]
        if let tag { members.append(("tag", .string(tag))) }
        if let priority { members.append(("priority", .string(priority.rawValue))) }
        if overdue { members.append(("overdue", .bool(true))) }
        if let dueAfter { members.append(("due_after", .string(RFC3339.format(dueAfter)))) }
        if let dueBefore { members.append(("due_before", .string(RFC3339.format(dueBefore)))) }
        return ToolCall(name: list.name, arguments: .object(members))
    }

    public static func searchCall(_ text: String, status: TaskQuery.StatusFilter) -> ToolCall {
        ToolCall(name: search.name, arguments: .object([("query", .string(text)), ("status", .string(status.rawValue))]))
    }

    private static func instant(_ date: Date, _ zoneName: String) -> JSONValue {
        .string(ZonedTime.zone(named: zoneName).map { RFC3339.format(date, in: $0) } ?? RFC3339.format(date))
    }

    private static func reminders(_ reminders: [Reminder], _ zoneName: String) -> JSONValue {
        .array(reminders.map { reminder in
            switch reminder {
            case .minutesBefore(let minutes): .object([("minutes_before", .int(Int64(minutes)))])
            case .at(let date): .object([("at", instant(date, zoneName))])
            }
        })
    }

    // MARK: Results

    static func json(of task: TodoTask) -> JSONValue { .object(task.fields.map { ($0.name, $0.value) }) }

    static func changeResult(_ task: TodoTask, _ status: String) -> ToolResult {
        ToolResult(json: .object([("task_id", .string(task.id.lowercasedString)), ("number", .int(Int64(task.number))),
                                  ("status", .string(status)), ("title", .string(task.title))]), tasks: [task])
    }

    /// Runs a store call, its failures as tool errors.
    static func storing<T>(_ body: () throws -> T) throws(ToolError) -> T {
        do { return try body() } catch let error as StoreError { throw ToolError(error) } catch {
            throw .unavailable("the database is not answering; try again shortly")
        }
    }

    /// The task `key` names, if it is the context's user's.
    static func task(_ key: TaskKey, _ context: ToolContext) throws(ToolError) -> TodoTask {
        let found = try storing {
            switch key {
            case .id(let id): try context.store.task(id: id, userID: context.userID)
            case .number(let number): try context.store.task(number: number, userID: context.userID)
            }
        }
        guard let found else {
            switch key {
            case .id(let id): throw .taskNotFound(id.lowercasedString)
            case .number(let number): throw .taskNotFound("#\(number)")
            }
        }
        return found
    }

    // MARK: The tools

    static let add = ChatTool(
        name: "add_task", description: "Create a task. Dates are RFC 3339; a date without a time is all_day.",
        input: .object([("user_id", userID), ("title", .string("1 to 500 characters."))] + fields, required: ["title"]),
        output: change, changesTasks: true
    ) { arguments, context throws(ToolError) in
        var draft = TaskDraft(title: try arguments.requiredString("title"), timezone: try arguments.string("timezone") ?? context.zoneName)
        draft.description = try arguments.string("description") ?? ""
        let due = try arguments.dueDate("due_at", in: draft.timezone)
        draft.dueAt = due?.date
        draft.allDay = try arguments.bool("all_day") ?? due?.dateOnly ?? false
        draft.priority = try arguments.enumeration("priority", Priority.self) ?? .none
        draft.tags = try arguments.strings("tags") ?? []
        draft.recurrence = try arguments.string("recurrence")
        draft.recurrenceFrom = try arguments.enumeration("recurrence_from", RecurrenceAnchor.self) ?? .due
        draft.reminders = try arguments.reminders("reminders") ?? []
        let created = try storing { try context.store.createTask(draft, userID: context.userID, now: context.recordedAt) }
        return changeResult(created, "created")
    }

    static let list = ChatTool(
        name: "list_tasks", description: "List tasks, soonest due first: pending ones unless status says otherwise.",
        input: .object([
            ("user_id", userID), ("status", .string("Default pending.", oneOf: TaskQuery.StatusFilter.allCases.map(\.rawValue))),
            ("tag", .string()), ("priority", priority), ("overdue", .boolean("Only pending tasks past their due time.")),
            ("due_after", listingBound), ("due_before", listingBound),
            ("limit", .integer(minimum: 1, maximum: TaskQuery.maxLimit)),
        ]),
        output: tasks, changesTasks: false
    ) { arguments, context throws(ToolError) in
        var query = TaskQuery(status: try arguments.enumeration("status", TaskQuery.StatusFilter.self) ?? .pending,
                              limit: try arguments.int("limit") ?? TaskQuery.maxLimit, now: context.now)
        if let tag = try arguments.string("tag") { query.tags = [tag] }
        if let priority = try arguments.enumeration("priority", Priority.self) { query.priorities = [priority] }
        query.overdue = try arguments.bool("overdue") ?? false
        query.dueAfter = try arguments.bound("due_after", in: context.zoneName)
        query.dueBefore = try arguments.bound("due_before", in: context.zoneName)
        return .taskList(try storing { try context.store.listTasks(query, userID: context.userID).tasks })
    }

    static let search = ChatTool(
        name: "search_tasks", description: "Find tasks whose title, description or tags contain every word (as prefixes).",
        input: .object([("user_id", userID), ("query", .string()),
                        ("status", .string("Default all.", oneOf: TaskQuery.StatusFilter.allCases.map(\.rawValue)))], required: ["query"]),
        output: tasks, changesTasks: false
    ) { arguments, context throws(ToolError) in
        let text = try arguments.requiredString("query")
        guard !text.trimmingWhitespace().isEmpty else { throw .invalidArgument(field: "query", reason: "must name a word to look for") }
        let query = TaskQuery(status: try arguments.enumeration("status", TaskQuery.StatusFilter.self) ?? .all,
                              search: text, limit: TaskQuery.maxLimit, now: context.now)
        return .taskList(try storing { try context.store.listTasks(query, userID: context.userID).tasks })
    }

    static let show = ChatTool(
        name: "show_task", description: "One task with all its fields.",
        input: oneTask, output: .object([("task", task)], required: ["task"]), changesTasks: false
    ) { arguments, context throws(ToolError) in
        let found = try task(arguments.taskReference(), context)
        return .oneTask(found)
    }

    static let complete = ChatTool(
        name: "complete_task", description: "Mark a task completed (no change if it is).",
        input: oneTask, output: change, changesTasks: true
    ) { arguments, context throws(ToolError) in
        let id = try task(arguments.taskReference(), context).id
        return changeResult(try storing {
            try context.series?.completeTaskContinuingSeries(id: id, userID: context.userID, expectedVersion: nil, now: context.recordedAt).completed
                ?? context.store.completeTask(id: id, userID: context.userID, expectedVersion: nil, now: context.recordedAt)
        }, "completed")
    }

    static let reopen = ChatTool(
        name: "reopen_task", description: "Mark a completed task pending again.",
        input: oneTask, output: change, changesTasks: true
    ) { arguments, context throws(ToolError) in
        let id = try task(arguments.taskReference(), context).id
        return changeResult(try storing { try context.store.reopenTask(id: id, userID: context.userID, expectedVersion: nil, now: context.recordedAt) },
                            "reopened")
    }

    static let delete = ChatTool(
        name: "delete_task", description: "Delete a task.",
        input: oneTask, output: change, changesTasks: true
    ) { arguments, context throws(ToolError) in
        let id = try task(arguments.taskReference(), context).id
        return changeResult(try storing { try context.store.deleteTask(id: id, userID: context.userID, expectedVersion: nil, now: context.recordedAt) },
                            "deleted")
    }

    static let update = ChatTool(
        name: "update_task", description: "Change some fields of a task; the others stay. due_at or recurrence null clears them.",
        input: .object([("user_id", userID), ("task_id", taskID), ("title", .string())] + fields, required: ["task_id"]),
        output: change, changesTasks: true
    ) { arguments, context throws(ToolError) in
        let current = try task(arguments.taskReference(), context)
        var patch = TaskPatch()
        patch.title = try arguments.nonNullString("title")
        patch.description = try arguments.string("description")
        patch.timezone = try arguments.string("timezone")
        patch.allDay = try arguments.bool("all_day")
        if arguments.has("due_at") {
            let due = try arguments.dueDate("due_at", in: patch.timezone ?? current.timezone)
            patch.dueAt = .some(due?.date)
            // A date makes the task all day; an instant leaves all_day as it was unless given.
            if patch.allDay == nil, due?.dateOnly == true { patch.allDay = true }
        }
        patch.priority = try arguments.enumeration("priority", Priority.self)
        patch.tags = try arguments.strings("tags")
        if arguments.has("recurrence") { patch.recurrence = .some(try arguments.string("recurrence")) }
        patch.recurrenceFrom = try arguments.enumeration("recurrence_from", RecurrenceAnchor.self)
        patch.reminders = try arguments.reminders("reminders")
        guard !patch.isEmpty else { throw .invalidArgument(field: "arguments", reason: "name at least one field to change") }
        let changed = try storing {
            try context.store.updateTask(id: current.id, userID: context.userID, patch: patch, expectedVersion: nil, now: context.recordedAt)
        }
        return changeResult(changed, "updated")
    }

    /// Puts back a task deleted in this conversation, with its id and number: the agent's
    /// "undo" of a delete. Not an MCP tool (it takes a whole task the caller held).
    static func restore(_ deleted: TodoTask, _ context: ToolContext) throws(ToolError) -> ToolResult {
        changeResult(try storing { try context.store.restoreTask(deleted, userID: context.userID, now: context.recordedAt) }, "restored")
    }
}
