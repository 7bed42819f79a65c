import Foundation

/// What happened to a task, as recorded in the outbox in the same transaction as the change.
public enum TaskEventType: String, CaseIterable, Sendable, Hashable {
    case created
    case updated
    case completed
    case reopened
    case deleted

    /// The CloudEvents `type` attribute (DESIGN §6 "Events").
    public var cloudEventType: String { "com.todo.task.\(rawValue)" }

    public init?(cloudEventType: String) {
        guard cloudEventType.hasPrefix("com.todo.task.") else { return nil }
        self.init(rawValue: String(cloudEventType.dropFirst("com.todo.task.".count)))
    }
}

/// A domain event about one task of one user.
public struct TaskEvent: Hashable, Sendable {
    public var id: UUID
    public var type: TaskEventType
    public var userID: UUID
    /// Per-user, strictly increasing: consumers apply a user's events in this order.
    public var sequence: Int64
    public var task: TodoTask
    /// Changed fields as `(name, {"from", "to"})`; empty for `created` and `deleted`.
    public var changes: [(String, JSONValue)]
    public var occurredAt: Date

    public init(id: UUID, type: TaskEventType, userID: UUID, sequence: Int64, task: TodoTask,
                changes: [(String, JSONValue)], occurredAt: Date) {
        self.id = id
        self.type = type
        self.userID = userID
        self.sequence = sequence
        self.task = task
        self.changes = changes
        self.occurredAt = occurredAt
    }

    public static func == (a: TaskEvent, b: TaskEvent) -> Bool {
        a.id == b.id && a.type == b.type && a.userID == b.userID && a.sequence == b.sequence && a.task == b.task
            && JSONValue.object(a.changes) == JSONValue.object(b.changes) && a.occurredAt == b.occurredAt
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The CloudEvent `data` member: `{"user_id", "task", "changes"}`.
    public var dataJSON: [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("user_id")
        writer.value(userID.lowercasedString)
        writer.key("task")
        task.write(to: &writer)
        writer.key("changes")
        JSONValue.object(changes).write(to: &writer)
        writer.endObject()
        return writer.bytes
    }
}
