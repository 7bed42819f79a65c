import Foundation

/// A task as stored and served (DESIGN §6 "Task").
///
/// Named `TodoTask` so it never shadows Swift concurrency's `Task`.
public struct TodoTask: Hashable, Sendable {
    /// The fields live in one shared, copy-on-write box: a task is copied far more often than
    /// changed (listings, caches, chat turns), and a copy of eighteen fields retained each of
    /// its strings, arrays and Foundation values through value witnesses, about a third of a
    /// 50-task listing's instructions (callgrind, docs/benchmarks.md). A copy is now one retain.
    private final class Storage: @unchecked Sendable {
        var id: UUID
        var number: Int
        var title: String
        var description: String
        var status: TaskStatus
        var priority: Priority
        var tags: [String]
        var dueAt: Date?
        var allDay: Bool
        var timezone: String
        var recurrence: String?
        var recurrenceFrom: RecurrenceAnchor
        var seriesID: UUID?
        var reminders: [Reminder]
        var createdAt: Date
        var updatedAt: Date
        var completedAt: Date?
        var version: Int

        init(id: UUID, number: Int, title: String, description: String, status: TaskStatus, priority: Priority,
             tags: [String], dueAt: Date?, allDay: Bool, timezone: String, recurrence: String?,
             recurrenceFrom: RecurrenceAnchor, seriesID: UUID?, reminders: [Reminder], createdAt: Date, updatedAt: Date,
             completedAt: Date?, version: Int) {
            self.id = id
            self.number = number
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
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.completedAt = completedAt
            self.version = version
        }

        func copy() -> Storage {
            Storage(id: id, number: number, title: title, description: description, status: status, priority: priority,
                    tags: tags, dueAt: dueAt, allDay: allDay, timezone: timezone, recurrence: recurrence,
                    recurrenceFrom: recurrenceFrom, seriesID: seriesID, reminders: reminders, createdAt: createdAt,
                    updatedAt: updatedAt, completedAt: completedAt, version: version)
        }
    }

    private var storage: Storage

    /// The box, unshared first: only then may a setter change it in place.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: UUID {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// Per-user sequential number, shown as `#12`.
    public var number: Int {
        get { storage.number }
        set { unique().number = newValue }
    }
    public var title: String {
        get { storage.title }
        set { unique().title = newValue }
    }
    public var description: String {
        get { storage.description }
        set { unique().description = newValue }
    }
    public var status: TaskStatus {
        get { storage.status }
        set { unique().status = newValue }
    }
    public var priority: Priority {
        get { storage.priority }
        set { unique().priority = newValue }
    }
    /// Normalised tags (see `TagNormalizer`), in the order first given.
    public var tags: [String] {
        get { storage.tags }
        set { unique().tags = newValue }
    }
    public var dueAt: Date? {
        get { storage.dueAt }
        set { unique().dueAt = newValue }
    }
    /// The user gave a date without a time: `dueAt` is the start of that day in `timezone`.
    public var allDay: Bool {
        get { storage.allDay }
        set { unique().allDay = newValue }
    }
    /// IANA time zone name the task's dates are meant in.
    public var timezone: String {
        get { storage.timezone }
        set { unique().timezone = newValue }
    }
    /// RFC 5545 RRULE value without the `RRULE:` prefix.
    public var recurrence: String? {
        get { storage.recurrence }
        set { unique().recurrence = newValue }
    }
    public var recurrenceFrom: RecurrenceAnchor {
        get { storage.recurrenceFrom }
        set { unique().recurrenceFrom = newValue }
    }
    public var seriesID: UUID? {
        get { storage.seriesID }
        set { unique().seriesID = newValue }
    }
    public var reminders: [Reminder] {
        get { storage.reminders }
        set { unique().reminders = newValue }
    }
    public var createdAt: Date {
        get { storage.createdAt }
        set { unique().createdAt = newValue }
    }
    public var updatedAt: Date {
        get { storage.updatedAt }
        set { unique().updatedAt = newValue }
    }
    public var completedAt: Date? {
        get { storage.completedAt }
        set { unique().completedAt = newValue }
    }
    /// Bumped on every change; the basis of optimistic concurrency (`If-Match`).
    public var version: Int {
        get { storage.version }
        set { unique().version = newValue }
    }

    public init(
        id: UUID, number: Int, title: String, description: String = "", status: TaskStatus = .pending,
        priority: Priority = .none, tags: [String] = [], dueAt: Date? = nil, allDay: Bool = false,
        timezone: String = "UTC", recurrence: String? = nil, recurrenceFrom: RecurrenceAnchor = .due,
        seriesID: UUID? = nil, reminders: [Reminder] = [], createdAt: Date, updatedAt: Date,
        completedAt: Date? = nil, version: Int = 1
    ) {
        storage = Storage(id: id, number: number, title: title, description: description, status: status, priority: priority,
                          tags: tags, dueAt: dueAt, allDay: allDay, timezone: timezone, recurrence: recurrence,
                          recurrenceFrom: recurrenceFrom, seriesID: seriesID, reminders: reminders, createdAt: createdAt,
                          updatedAt: updatedAt, completedAt: completedAt, version: version)
    }

    public static func == (a: TodoTask, b: TodoTask) -> Bool {
        if a.storage === b.storage { return true }
        return a.id == b.id
            && a.number == b.number
            && a.title == b.title
            && a.description == b.description
            && a.status == b.status
            && a.priority == b.priority
            && a.tags == b.tags
            && a.dueAt == b.dueAt
            && a.allDay == b.allDay
            && a.timezone == b.timezone
            && a.recurrence == b.recurrence
            && a.recurrenceFrom == b.recurrenceFrom
            && a.seriesID == b.seriesID
            && a.reminders == b.reminders
            && a.createdAt == b.createdAt
            && a.updatedAt == b.updatedAt
            && a.completedAt == b.completedAt
            && a.version == b.version
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(number)
        hasher.combine(title)
        hasher.combine(description)
        hasher.combine(status)
        hasher.combine(priority)
        hasher.combine(tags)
        hasher.combine(dueAt)
        hasher.combine(allDay)
        hasher.combine(timezone)
        hasher.combine(recurrence)
        hasher.combine(recurrenceFrom)
        hasher.combine(seriesID)
        hasher.combine(reminders)
        hasher.combine(createdAt)
        hasher.combine(updatedAt)
        hasher.combine(completedAt)
        hasher.combine(version)
    }

    /// A pending task whose due time has passed.
    public func isOverdue(at now: Date) -> Bool {
        guard status == .pending, let dueAt else { return false }
        if allDay, let zone = ZonedTime.zone(named: timezone) {
            // An all-day task is overdue only once its whole day has passed.
            return ZonedTime.civilDate(of: dueAt, in: zone) < ZonedTime.civilDate(of: now, in: zone)
        }
        return dueAt < now
    }
}

public enum TaskStatus: String, CaseIterable, Sendable, Hashable {
    case pending
    case completed
}

/// Priority, ordered: `none < low < medium < high`.
public enum Priority: String, CaseIterable, Sendable, Hashable, Comparable {
    case none
    case low
    case medium
    case high

    /// Stable integer used for storage and sorting.
    public var rank: Int {
        switch self {
        case .none: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    public init?(rank: Int) {
        guard let p = Priority.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = p
    }

    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

/// What the next occurrence of a recurring task counts from.
public enum RecurrenceAnchor: String, CaseIterable, Sendable, Hashable {
    /// The next occurrence of the rule after the previous due date.
    case due
    /// Counted from when the task was completed (Todoist's "every!").
    case completion
}

/// When to remind about a task.
public enum Reminder: Hashable, Sendable {
    /// Relative to the task's due time.
    case minutesBefore(Int)
    /// An absolute instant.
    case at(Date)

    /// Largest lead time accepted: one year.
    public static let maxMinutesBefore = 366 * 24 * 60
}
