import Foundation

/// A task as stored and served (DESIGN §6 "Task").
///
/// Named `TodoTask` so it never shadows Swift concurrency's `Task`.
public struct TodoTask: Hashable, Sendable {
    /// The fields live in one shared, copy-on-write box: a task is copied far more often than
    /// changed (listings, caches, chat turns), and a copy of eighteen fields retained each of
    /// its strings, arrays and Foundation values through value witnesses, about a third of a
    /// 50-task listing's instructions (callgrind, docs/benchmarks.md). A copy is now one retain.
    private struct Fields: Hashable {
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
    }

    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The box, unshared first: only then may a setter change it in place.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    public var id: UUID {
        get { storage.fields.id }
        set { unique().fields.id = newValue }
    }
    /// Per-user sequential number, shown as `#12`.
    public var number: Int {
        get { storage.fields.number }
        set { unique().fields.number = newValue }
    }
    public var title: String {
        get { storage.fields.title }
        set { unique().fields.title = newValue }
    }
    public var description: String {
        get { storage.fields.description }
        set { unique().fields.description = newValue }
    }
    public var status: TaskStatus {
        get { storage.fields.status }
        set { unique().fields.status = newValue }
    }
    public var priority: Priority {
        get { storage.fields.priority }
        set { unique().fields.priority = newValue }
    }
    /// Normalised tags (see `TagNormalizer`), in the order first given.
    public var tags: [String] {
        get { storage.fields.tags }
        set { unique().fields.tags = newValue }
    }
    public var dueAt: Date? {
        get { storage.fields.dueAt }
        set { unique().fields.dueAt = newValue }
    }
    /// The user gave a date without a time: `dueAt` is the start of that day in `timezone`.
    public var allDay: Bool {
        get { storage.fields.allDay }
        set { unique().fields.allDay = newValue }
    }
    /// IANA time zone name the task's dates are meant in.
    public var timezone: String {
        get { storage.fields.timezone }
        set { unique().fields.timezone = newValue }
    }
    /// RFC 5545 RRULE value without the `RRULE:` prefix.
    public var recurrence: String? {
        get { storage.fields.recurrence }
        set { unique().fields.recurrence = newValue }
    }
    public var recurrenceFrom: RecurrenceAnchor {
        get { storage.fields.recurrenceFrom }
        set { unique().fields.recurrenceFrom = newValue }
    }
    public var seriesID: UUID? {
        get { storage.fields.seriesID }
        set { unique().fields.seriesID = newValue }
    }
    public var reminders: [Reminder] {
        get { storage.fields.reminders }
        set { unique().fields.reminders = newValue }
    }
    public var createdAt: Date {
        get { storage.fields.createdAt }
        set { unique().fields.createdAt = newValue }
    }
    public var updatedAt: Date {
        get { storage.fields.updatedAt }
        set { unique().fields.updatedAt = newValue }
    }
    public var completedAt: Date? {
        get { storage.fields.completedAt }
        set { unique().fields.completedAt = newValue }
    }
    /// Bumped on every change; the basis of optimistic concurrency (`If-Match`).
    public var version: Int {
        get { storage.fields.version }
        set { unique().fields.version = newValue }
    }

    public init(
        id: UUID, number: Int, title: String, description: String = "", status: TaskStatus = .pending,
        priority: Priority = .none, tags: [String] = [], dueAt: Date? = nil, allDay: Bool = false,
        timezone: String = "UTC", recurrence: String? = nil, recurrenceFrom: RecurrenceAnchor = .due,
        seriesID: UUID? = nil, reminders: [Reminder] = [], createdAt: Date, updatedAt: Date,
        completedAt: Date? = nil, version: Int = 1
    ) {
        storage = Storage(Fields(id: id, number: number, title: title, description: description, status: status, priority: priority,
                                 tags: tags, dueAt: dueAt, allDay: allDay, timezone: timezone, recurrence: recurrence,
                                 recurrenceFrom: recurrenceFrom, seriesID: seriesID, reminders: reminders, createdAt: createdAt,
                                 updatedAt: updatedAt, completedAt: completedAt, version: version))
    }

    public static func == (a: TodoTask, b: TodoTask) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
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

    /// Whether it is counted back from the due date (and so needs one).
    public var countsFromDueDate: Bool {
        if case .minutesBefore = self { true } else { false }
    }
}
