import Foundation

/// The fields of a task to create. Everything but the title has a default.
public struct TaskDraft: Hashable, Sendable {
    /// Set only when the id must be deterministic (a recurring series' next occurrence).
    public var id: UUID?
    public var title: String
    public var description: String
    public var status: TaskStatus
    public var priority: Priority
    public var tags: [String]
    public var dueAt: Date?
    public var allDay: Bool
    public var timezone: String
    public var recurrence: String?
    public var recurrenceFrom: RecurrenceAnchor
    public var seriesID: UUID?
    public var reminders: [Reminder]
    /// When a task created completed was completed (an imported one's own date); nil: now.
    /// A time after now is taken as now; one before `createdAt` (or with none given) makes the
    /// task created by then.
    public var completedAt: Date?
    /// When the task was first made, if before now (an imported one's own date); nil: now.
    public var createdAt: Date?

    public init(
        id: UUID? = nil, title: String, description: String = "", status: TaskStatus = .pending,
        priority: Priority = .none, tags: [String] = [], dueAt: Date? = nil, allDay: Bool = false,
        timezone: String = "UTC", recurrence: String? = nil, recurrenceFrom: RecurrenceAnchor = .due,
        seriesID: UUID? = nil, reminders: [Reminder] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.status = status
        self.priority = priority
        self.tags = tags
        self.dueAt = dueAt
        self.allDay = allDay
        self.timezone = timezone
        self.recurrence = recurrence
        self.recurrenceFrom = recurrenceFrom
        self.seriesID = seriesID
        self.reminders = reminders
    }

    /// The task this draft becomes, validated and normalised. `number` and `id` are the store's.
    public func makeTask(id: UUID, number: Int, now: Date) throws(TaskValidationError) -> TodoTask {
        let now = Timestamp.truncated(now)
        let completedAt = status == .completed ? min(self.completedAt.map(Timestamp.truncated) ?? now, now) : nil
        let createdAt = min(self.createdAt.map(Timestamp.truncated) ?? now, completedAt ?? now)
        var task = TodoTask(
            id: self.id ?? id, number: number, title: title, description: description, status: status,
            priority: priority, tags: tags, dueAt: dueAt, allDay: allDay, timezone: timezone,
            recurrence: recurrence, recurrenceFrom: recurrenceFrom, seriesID: seriesID, reminders: reminders,
            createdAt: createdAt, updatedAt: now,
            completedAt: completedAt,
            version: 1
        )
        try TaskValidator.normalize(&task, checkingRepeats: true)
        return task
    }
}
