import Foundation

/// A task as stored and served (DESIGN §6 "Task").
///
/// Named `TodoTask` so it never shadows Swift concurrency's `Task`.
public struct TodoTask: Hashable, Sendable {
    public var id: UUID
    /// Per-user sequential number, shown as `#12`.
    public var number: Int
    public var title: String
    public var description: String
    public var status: TaskStatus
    public var priority: Priority
    /// Normalised tags (see `TagNormalizer`), in the order first given.
    public var tags: [String]
    public var dueAt: Date?
    /// The user gave a date without a time: `dueAt` is the start of that day in `timezone`.
    public var allDay: Bool
    /// IANA time zone name the task's dates are meant in.
    public var timezone: String
    /// RFC 5545 RRULE value without the `RRULE:` prefix.
    public var recurrence: String?
    public var recurrenceFrom: RecurrenceAnchor
    public var seriesID: UUID?
    public var reminders: [Reminder]
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    /// Bumped on every change; the basis of optimistic concurrency (`If-Match`).
    public var version: Int

    public init(
        id: UUID, number: Int, title: String, description: String = "", status: TaskStatus = .pending,
        priority: Priority = .none, tags: [String] = [], dueAt: Date? = nil, allDay: Bool = false,
        timezone: String = "UTC", recurrence: String? = nil, recurrenceFrom: RecurrenceAnchor = .due,
        seriesID: UUID? = nil, reminders: [Reminder] = [], createdAt: Date, updatedAt: Date,
        completedAt: Date? = nil, version: Int = 1
    ) {
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
