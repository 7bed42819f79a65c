import Foundation
import TodoCore

/// Says when a task is due the way a listing reads best, relative to today in the local zone:
/// "today 17:00", "tomorrow", "yesterday 09:30", "Fri 17:00" (within the next 6 days),
/// "Dec 5", "Dec 5 17:00", "Dec 5 2027".
///
/// Built for thousands of rows: no `DateFormatter` or `Calendar`, only UTC-offset arithmetic
/// with `CivilDate`, zones looked up once per name, and text written as bytes. (One
/// `TimeZone.secondsFromGMT(for:)` costs ~60 ns here, so offsets are asked per row rather than
/// tabulated.)
struct RelativeDueFormatter {
    /// A due date resolved to what is shown: a local day and, unless all-day, a minute of it.
    struct Moment {
        /// Days since 1970-01-01 of the calendar date shown.
        var dayIndex: Int
        /// Minutes since local midnight; nil for an all-day task.
        var minuteOfDay: Int?
    }

    let now: Date
    let localTimeZone: TimeZone
    private let today: CivilDate
    private let todayIndex: Int
    /// Task zones by name, with the date it is in each: all-day dates are the task zone's.
    private var zones: [String: (zone: TimeZone, today: CivilDate)] = [:]

    private static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }
    /// ISO order: Monday first.
    private static let weekdayNames: [[UInt8]] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Array($0.utf8) }
    private static let todayWord = Array("today".utf8)
    private static let tomorrowWord = Array("tomorrow".utf8)
    private static let yesterdayWord = Array("yesterday".utf8)

    init(now: Date, localTimeZone: TimeZone) {
        self.now = now
        self.localTimeZone = localTimeZone
        today = ZonedTime.civilDate(of: now, in: localTimeZone)
        todayIndex = today.daysSinceEpoch
    }

    /// The due date in words; nil when the task has none.
    mutating func describeDue(of task: TodoTask) -> String? {
        guard let dueAt = task.dueAt else { return nil }
        return describe(dueAt: dueAt, allDay: task.allDay, timezone: task.timezone)
    }

    mutating func describe(dueAt: Date, allDay: Bool, timezone: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(moment(dueAt: dueAt, allDay: allDay, timezone: timezone), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where the due date falls. An all-day date is the calendar date in the task's own zone
    /// (a date is the same date everywhere); a timed one is its wall time in the local zone.
    mutating func moment(dueAt: Date, allDay: Bool, timezone: String) -> Moment {
        if allDay {
            return Moment(dayIndex: ZonedTime.civilDate(of: dueAt, in: zone(named: timezone).zone).daysSinceEpoch)
        }
        let seconds = Timestamp.milliseconds(dueAt) / 1000 + Int64(localTimeZone.secondsFromGMT(for: dueAt))
        let dayIndex = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return Moment(dayIndex: Int(dayIndex), minuteOfDay: Int(seconds - dayIndex * 86_400) / 60)
    }

    /// Writes the moment as words: the day ("today", "tomorrow", "yesterday", "Fri", "Dec 5",
    /// "Dec 5 2027"), then " HH:MM" unless all-day.
    func append(_ moment: Moment, to bytes: inout [UInt8]) {
        switch moment.dayIndex - todayIndex {
        case 0: bytes.append(contentsOf: Self.todayWord)
        case 1: bytes.append(contentsOf: Self.tomorrowWord)
        case -1: bytes.append(contentsOf: Self.yesterdayWord)
        case 2...6:
            let date = CivilDate(daysSinceEpoch: moment.dayIndex)
            bytes.append(contentsOf: Self.weekdayNames[date.weekday - 1])
        default:
            let date = CivilDate(daysSinceEpoch: moment.dayIndex)
            bytes.append(contentsOf: Self.monthNames[date.month - 1])
            bytes.append(UInt8(ascii: " "))
            DecimalDigits.append(date.day, to: &bytes)
            if date.year != today.year {
                bytes.append(UInt8(ascii: " "))
                DecimalDigits.append(date.year, to: &bytes)
            }
        }
        if let minute = moment.minuteOfDay {
            bytes.append(UInt8(ascii: " "))
            DecimalDigits.appendTwoDigits(minute / 60, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            DecimalDigits.appendTwoDigits(minute % 60, to: &bytes)
        }
    }

    /// A pending task whose time has passed; an all-day one once its whole day (in its zone)
    /// has passed. Same rule as `TodoTask.isOverdue`, without a zone lookup per task.
    mutating func isOverdue(_ task: TodoTask) -> Bool {
        guard task.status == .pending, let dueAt = task.dueAt else { return false }
        if task.allDay {
            let zone = zone(named: task.timezone)
            return ZonedTime.civilDate(of: dueAt, in: zone.zone) < zone.today
        }
        return dueAt < now
    }

    private mutating func zone(named name: String) -> (zone: TimeZone, today: CivilDate) {
        if let known = zones[name] { return known }
        let zone = ZonedTime.zone(named: name) ?? localTimeZone
        let entry = (zone: zone, today: ZonedTime.civilDate(of: now, in: zone))
        zones[name] = entry
        return entry
    }
}
