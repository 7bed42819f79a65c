import Foundation

/// A due date as a task stores it: an instant, and whether only its day matters.
public struct DueDate: Hashable, Sendable {
    public var date: Date
    public var allDay: Bool

    public init(date: Date, allDay: Bool) {
        self.date = date
        self.allDay = allDay
    }
}

/// What a typed date says (DESIGN §6.1): a day, a time of day, both, or an instant ("in 2
/// hours"). Quick-add sentences and date options (`todo add --due`) read it with the same
/// grammar; `dueDate` turns it into a due date.
public struct TypedDate: Hashable, Sendable {
    public var day: CivilDate?
    public var secondOfDay: Int?
    public var instant: Date?
    /// The time was an hour from 1 to 11 said without am, pm or a part of the day ("3:15",
    /// "at 8", "half past 4"; not "03:15", "3pm", "6 tonight"): a reader who knows which half
    /// of the day is meant may move it there.
    public var halfOfDayIsOpen = false

    public init(day: CivilDate? = nil, secondOfDay: Int? = nil, instant: Date? = nil, halfOfDayIsOpen: Bool = false) {
        self.day = day
        self.secondOfDay = secondOfDay
        self.instant = instant
        self.halfOfDayIsOpen = halfOfDayIsOpen
    }

    /// The due date of a new task: a day alone is all-day; a time alone is today's if still
    /// ahead, else tomorrow's.
    public func dueDate(now: Date, in zone: TimeZone) -> DueDate {
        if let instant { return DueDate(date: instant, allDay: false) }
        let today = ZonedTime.civilDate(of: now, in: zone)
        guard let secondOfDay else { return DueDate(date: ZonedTime.startOfDay(day ?? today, in: zone), allDay: true) }
        if let day { return DueDate(date: Self.instant(of: day, at: secondOfDay, in: zone), allDay: false) }
        let todayAt = Self.instant(of: today, at: secondOfDay, in: zone)
        return DueDate(date: todayAt > now ? todayAt : Self.instant(of: today.adding(days: 1), at: secondOfDay, in: zone), allDay: false)
    }

    /// The due date of a task now due `current` (DESIGN §6.2, the chat's rule for edits): a
    /// day alone moves a timed task to that day at its time; a time alone keeps the date.
    public func dueDate(changing current: DueDate?, now: Date, in zone: TimeZone) -> DueDate {
        guard let current, instant == nil else { return dueDate(now: now, in: zone) }
        if let day, secondOfDay == nil, !current.allDay {
            return DueDate(date: Self.instant(of: day, at: ZonedTime.secondOfDay(of: current.date, in: zone), in: zone), allDay: false)
        }
        if day == nil, let secondOfDay {
            return DueDate(date: Self.instant(of: ZonedTime.civilDate(of: current.date, in: zone), at: secondOfDay, in: zone), allDay: false)
        }
        return dueDate(now: now, in: zone)
    }

    static func instant(of day: CivilDate, at secondOfDay: Int, in zone: TimeZone) -> Date {
        ZonedTime.instant(of: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60, in: zone)
    }
}

/// Why a typed date was refused; the message says what to type instead.
public enum DateInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A calendar date that does not exist: `2026-02-30`, `Feb 30`.
    case noSuchDay(month: Int, day: Int, year: Int?)
    /// Not a date or time the grammar knows.
    case unreadable(String)

    /// Forms to suggest, for help texts and errors.
    public static let examples = "2026-12-05, \"2026-12-05 17:00\", today, tomorrow, \"friday 5pm\", \"next monday\", \"Dec 24\" or \"in 2 hours\""

    public var description: String {
        switch self {
        case .noSuchDay(let month, let day, let year):
            let name = Self.monthNames[month - 1]
            // February has a 29th in other years: name the year that has none.
            let when = month == 2 && day == 29 ? year.map { "\(name) \($0)" } ?? name : name
            return "\(when) has no \(day)\(Self.ordinalSuffix(day))"
        case .unreadable(let text):
            return "\"\(text)\" is not a date or time; use \(Self.examples)"
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                             "November", "December"]

    static func ordinalSuffix(_ n: Int) -> String {
        if (11...13).contains(n % 100) { return "th" }
        switch n % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }
}

extension QuickAddParser {
    /// Reads `text` as a date and nothing else ("friday 5pm", "in 2 hours", "2026-12-05 17:00",
    /// an RFC 3339 time): the quick-add grammar, for options that take a date. Refuses text
    /// that leaves anything unread, and names a day that does not exist (`2026-02-30`, `4/31`).
    public func readDate(_ text: String) throws(DateInputError) -> TypedDate {
        let trimmed = text.trimmingWhitespace()
        if let instant = RFC3339.parse(trimmed) { return TypedDate(instant: instant) }
        let state = read(trimmed)
        let onlyDates = state.spans.allSatisfy { $0.kind == .due || $0.kind == .time }
        if onlyDates, state.tokens.allSatisfy(\.isUsed), let typed = state.typedDate { return typed }
        if let (month, day, year) = QuickAddVocabulary.impossibleDate(state.allWords, dateOrder: dateOrder) {
            throw .noSuchDay(month: month, day: day, year: year)
        }
        throw .unreadable(trimmed)
    }
}
