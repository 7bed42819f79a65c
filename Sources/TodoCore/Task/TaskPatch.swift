import Foundation

/// A partial update: a nil property leaves the field as it is. For fields that may be null,
/// `.some(nil)` clears the field.
public struct TaskPatch: Hashable, Sendable {
    public var title: String?
    public var description: String?
    public var status: TaskStatus?
    public var priority: Priority?
    public var tags: [String]?
    public var dueAt: Date??
    public var allDay: Bool?
    public var timezone: String?
    public var recurrence: String??
    public var recurrenceFrom: RecurrenceAnchor?
    public var reminders: [Reminder]?
    /// When a change that completes the task says it was completed (an import's); nil: now.
    /// A time after now is taken as now.
    public var completedAt: Date?

    public init(
        title: String? = nil, description: String? = nil, status: TaskStatus? = nil, priority: Priority? = nil,
        tags: [String]? = nil, dueAt: Date?? = nil, allDay: Bool? = nil, timezone: String? = nil,
        recurrence: String?? = nil, recurrenceFrom: RecurrenceAnchor? = nil, reminders: [Reminder]? = nil
    ) {
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
        self.reminders = reminders
    }

    /// Whether the patch names no field at all.
    public var isEmpty: Bool { self == TaskPatch() }

    /// Takes `task`'s due date away, and the reminders with it: they count from it (the CLI's
    /// `--no-due`, the chat's "clear the due date").
    public mutating func removeDueDate(of task: TodoTask) {
        dueAt = .some(nil)
        allDay = false
        // The reminders counted back from it go with it; one at an instant stays.
        if task.reminders.contains(where: \.countsFromDueDate) { reminders = task.reminders.filter { !$0.countsFromDueDate } }
    }

    /// `task` with this patch applied, validated, with `updatedAt`, `completedAt` and `version`
    /// moved on when anything changed. Returns `task` itself when nothing changed.
    public func applied(to task: TodoTask, now: Date) throws(TaskValidationError) -> TodoTask {
        var next = task
        if let title { next.title = title }
        if let description { next.description = description }
        if let priority { next.priority = priority }
        if let tags { next.tags = tags }
        if let dueAt {
            next.dueAt = dueAt
            // Clearing the due date clears what depends on it, rather than failing.
            if dueAt == nil, allDay == nil { next.allDay = false }
        }
        if let allDay { next.allDay = allDay }
        if let timezone, timezone != task.timezone {
            next.timezone = timezone
            // An all-day task keeps its date: its midnight moves to the new zone's. (Validation
            // would otherwise read the old midnight in the new zone, a day earlier east to west.)
            if dueAt == nil, next.allDay, let due = next.dueAt,
               let oldZone = ZonedTime.zone(named: task.timezone), let newZone = ZonedTime.zone(named: timezone) {
                next.dueAt = ZonedTime.startOfDay(ZonedTime.civilDate(of: due, in: oldZone), in: newZone)
            }
        }
        if let recurrence { next.recurrence = recurrence }
        if let recurrenceFrom { next.recurrenceFrom = recurrenceFrom }
        if let reminders { next.reminders = reminders }
        if let status, status != task.status {
            next.status = status
            next.completedAt = status == .completed ? Timestamp.truncated(min(completedAt ?? now, now)) : nil
        }
        // Only a new rule must occur: moving the last task of a series past its end is a choice.
        try TaskValidator.normalize(&next, checkingRepeats: recurrence != nil)
        guard next != task else { return task }
        next.updatedAt = Timestamp.truncated(now)
        next.version = task.version + 1
        return next
    }
}
