import Foundation

/// Why task input was refused. Each case names the field and says what to fix.
public enum TaskValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyTitle
    case titleTooLong(length: Int)
    case controlCharacters(field: String)
    case descriptionTooLong(length: Int)
    case tooManyTags(count: Int)
    case invalidTag(String, reason: String)
    case unknownTimeZone(String)
    case dueDateRequired(forField: String)
    case invalidRecurrence(String, reason: String)
    /// A valid RRULE no task can follow: FREQ=SECONDLY, or several BYSECOND values (more than
    /// once a minute).
    case recurrenceTooFrequent(String)
    /// A rule with no occurrence on or after the task's due date: it would say it repeats and never would.
    case recurrenceNeverOccurs(String)
    case tooManyReminders(count: Int)
    case invalidReminderLead(minutes: Int)
    case invalidDate(field: String, value: String)
    /// A due date at or past the key that sorts undated tasks last (`TaskSort.undatedDueKey`).
    case dueDateTooLate
    case dueDateTooEarly

    /// 0001-01-01T00:00:00Z: the first day of year 1.
    public static let earliestDueDate = Date(timeIntervalSince1970: -62_135_596_800)

    public static let maxTitleLength = 500
    public static let maxDescriptionLength = 10_000
    public static let maxTags = 50
    public static let maxReminders = 20

    /// The input field at fault, as named in the API.
    public var field: String {
        switch self {
        case .emptyTitle, .titleTooLong: "title"
        case .controlCharacters(let field): field
        case .descriptionTooLong: "description"
        case .tooManyTags, .invalidTag: "tags"
        case .unknownTimeZone: "timezone"
        case .dueDateRequired(let field): field
        case .invalidRecurrence, .recurrenceTooFrequent, .recurrenceNeverOccurs: "recurrence"
        case .tooManyReminders, .invalidReminderLead: "reminders"
        case .invalidDate(let field, _): field
        case .dueDateTooLate, .dueDateTooEarly: "due_at"
        }
    }

    public var description: String {
        switch self {
        case .emptyTitle:
            "title must not be empty"
        case .titleTooLong(let length):
            "title must be at most \(Self.maxTitleLength) characters (it has \(length))"
        case .controlCharacters(let field):
            "\(field) must not contain control characters"
        case .descriptionTooLong(let length):
            "description must be at most \(Self.maxDescriptionLength) characters (it has \(length))"
        case .tooManyTags(let count):
            "a task can have at most \(Self.maxTags) tags (got \(count))"
        case .invalidTag(let tag, let reason):
            "tag \"\(tag)\" \(reason); tags are single words like \"work\""
        case .unknownTimeZone(let name):
            "\"\(name)\" is not an IANA time zone; use a name like \"Europe/Berlin\" or \"UTC\""
        case .dueDateRequired(let field) where field == "reminders":
            "a reminder given as minutes_before counts back from the due date; set due_at as well, or give the reminder's instant (\"at\")"
        case .dueDateRequired(let field):
            "\(field) needs a due date; set due_at as well"
        case .invalidRecurrence(let rule, let reason):
            "recurrence \"\(rule)\" is not a valid RRULE: \(reason)"
        case .recurrenceTooFrequent(let rule):
            "recurrence \"\(rule)\" repeats more than once a minute, which no task can follow; use FREQ=MINUTELY or a longer frequency, with at most one BYSECOND"
        case .recurrenceNeverOccurs(let rule):
            "recurrence \"\(rule)\" has no occurrence on or after due_at, so the task would never repeat (an UNTIL before the due date, or a day no month has)"
        case .tooManyReminders(let count):
            "a task can have at most \(Self.maxReminders) reminders (got \(count))"
        case .invalidReminderLead(let minutes):
            "minutes_before must be between 0 and \(Reminder.maxMinutesBefore) (got \(minutes))"
        case .invalidDate(let field, let value):
            "\(field) \"\(value)\" is not a valid date; use RFC 3339 like 2026-12-05T17:00:00Z or a date like 2026-12-05"
        case .dueDateTooLate:
            "due_at must be before 9999-12-31T23:59:59Z"
        case .dueDateTooEarly:
            "due_at must be in year 1 or later"
        }
    }
}
