import Foundation

/// A parsed RFC 5545 RRULE value (`FREQ=MONTHLY;BYDAY=-1FR`): what repeats, how often, and
/// until when. Parse with `init(parsing:)`; `canonicalText` writes it back in one fixed order,
/// and `occurrences(from:in:)` expands it (RecurrenceExpansion.swift).
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    public enum Frequency: String, Sendable, CaseIterable {
        case yearly = "YEARLY", monthly = "MONTHLY", weekly = "WEEKLY", daily = "DAILY"
        case hourly = "HOURLY", minutely = "MINUTELY", secondly = "SECONDLY"
    }

    /// A BYDAY entry: a weekday (1 = Monday … 7 = Sunday), optionally the nth of the month or
    /// year (`2FR`, `-1MO`).
    public struct WeekdayNumber: Hashable, Sendable {
        public var ordinal: Int?
        public var weekday: Int

        public init(_ weekday: Int, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// The end of a rule given by UNTIL.
    public enum Until: Hashable, Sendable {
        /// `20261231`: through the end of that local day.
        case date(CivilDate)
        /// `20261231T235959Z`: through that instant.
        case instant(Date)
        /// `20261231T235959`: through that local wall time.
        case local(CivilDate, secondOfDay: Int)
    }

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    public var until: Until?
    public var byMonth: [Int] = []
    public var byWeekNo: [Int] = []
    public var byYearDay: [Int] = []
    public var byMonthDay: [Int] = []
    public var byDay: [WeekdayNumber] = []
    public var byHour: [Int] = []
    public var byMinute: [Int] = []
    public var bySecond: [Int] = []
    public var bySetPos: [Int] = []
    /// The first day of the week (1 = Monday).
    public var weekStart = 1

    static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    public init(frequency: Frequency) {
        self.frequency = frequency
    }

    /// Parses and validates `text` (with or without `RRULE:`); the error says what is wrong.
    public init(parsing text: String) throws(TaskValidationError) {
        self = try Self.parsed.value(for: text, Self.parse)
    }

    /// Rules parsed so far by this thread: the same few texts come back on every quick-add
    /// sentence and every task written, and parsing one cost more than the rest of a sentence's
    /// recurrence handling.
    private static let parsed = PerThreadCache<String, RecurrenceRule>(limit: 256)

    private static func parse(_ text: String) throws(TaskValidationError) -> RecurrenceRule {
        let values = try RecurrenceRuleSyntax.values(of: text)
        func fail(_ reason: String) -> TaskValidationError { .invalidRecurrence(text, reason: reason) }
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        for (name, value) in zip(RecurrenceRuleSyntax.order, values) {
            guard let value else { continue }
            var numbers: [Int] { value.fields(separatedBy: ",", omittingEmpty: true).compactMap { Int($0) } }
            switch name {
            case "FREQ": frequency = Frequency(rawValue: value)
            case "INTERVAL": rule.interval = Int(value)!
            case "COUNT": rule.count = Int(value)!
            case "UNTIL":
                guard let until = Self.parseUntil(value) else { throw fail("UNTIL \(value) is not a real date") }
                rule.until = until
            case "BYMONTH": rule.byMonth = numbers
            case "BYWEEKNO": rule.byWeekNo = numbers
            case "BYYEARDAY": rule.byYearDay = numbers
            case "BYMONTHDAY": rule.byMonthDay = numbers
            case "BYHOUR": rule.byHour = numbers
            case "BYMINUTE": rule.byMinute = numbers
            case "BYSECOND": rule.bySecond = numbers.map { min($0, 59) }
            case "BYSETPOS": rule.bySetPos = numbers
            case "WKST": rule.weekStart = Self.weekdayCodes.firstIndex(of: value)! + 1
            case "BYDAY":
                rule.byDay = value.fields(separatedBy: ",", omittingEmpty: true).map { item in
                    let code = String(item.suffix(2))
                    let ordinal = item.count > 2 ? Int(item.dropLast(2)) : nil
                    return WeekdayNumber(Self.weekdayCodes.firstIndex(of: code)! + 1, ordinal: ordinal)
                }
            default: break
            }
        }
        rule.frequency = frequency!
        if !rule.byWeekNo.isEmpty, rule.frequency != .yearly { throw fail("BYWEEKNO is only valid with FREQ=YEARLY") }
        if !rule.byYearDay.isEmpty, [.weekly, .monthly, .daily].contains(rule.frequency) {
            throw fail("BYYEARDAY is not valid with FREQ=\(rule.frequency.rawValue)")
        }
        if !rule.byMonthDay.isEmpty, rule.frequency == .weekly { throw fail("BYMONTHDAY is not valid with FREQ=WEEKLY") }
        if rule.byDay.contains(where: { $0.ordinal != nil }), ![.monthly, .yearly].contains(rule.frequency) {
            throw fail("numbered BYDAY values (like 2FR) need FREQ=MONTHLY or FREQ=YEARLY")
        }
        if rule.byDay.contains(where: { $0.ordinal != nil }), rule.frequency == .yearly, !rule.byWeekNo.isEmpty {
            throw fail("numbered BYDAY values cannot be combined with BYWEEKNO")
        }
        if rule.byDay.contains(where: { abs($0.ordinal ?? 0) > 5 }), rule.frequency == .monthly || !rule.byMonth.isEmpty {
            throw fail("a month has at most 5 of each weekday")
        }
        if !rule.bySetPos.isEmpty, rule.byMonth.isEmpty, rule.byWeekNo.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty,
           rule.byDay.isEmpty, rule.byHour.isEmpty, rule.byMinute.isEmpty, rule.bySecond.isEmpty {
            throw fail("BYSETPOS needs another BY part to choose from")
        }
        return rule
    }

    private static func parseUntil(_ value: String) -> Until? {
        let digits = Array(value.utf8)
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard digits.count >= 8, let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        if digits.count == 8 { return .date(date) }
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T"), let hour = number(9..<11), let minute = number(11..<13),
              let second = number(13..<15), hour < 24, minute < 60, second < 61 else { return nil }
        let seconds = hour * 3600 + minute * 60 + min(second, 59)
        if digits.count == 16 {
            guard digits[15] == UInt8(ascii: "Z") else { return nil }
            return .instant(Date(timeIntervalSince1970: TimeInterval(Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds))))
        }
        return digits.count == 15 ? .local(date, secondOfDay: seconds) : nil
    }

    /// The rule in canonical order, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH`.
    public var canonicalText: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        func list(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append("\(name)=" + values.map(String.init).joined(separator: ",")) }
        }
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until {
            func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
            func date(_ d: CivilDate) -> String { pad(d.year, 4) + pad(d.month, 2) + pad(d.day, 2) }
            func time(_ s: Int) -> String { "T" + pad(s / 3600, 2) + pad(s / 60 % 60, 2) + pad(s % 60, 2) }
            switch until {
            case .date(let d): parts.append("UNTIL=" + date(d))
            case .local(let d, let s): parts.append("UNTIL=" + date(d) + time(s))
            case .instant(let instant):
                let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
                let day = Int((seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400)
                parts.append("UNTIL=" + date(CivilDate(daysSinceEpoch: day)) + time(Int(((seconds % 86_400) + 86_400) % 86_400)) + "Z")
            }
        }
        list("BYMONTH", byMonth)
        list("BYWEEKNO", byWeekNo)
        list("BYYEARDAY", byYearDay)
        list("BYMONTHDAY", byMonthDay)
        if !byDay.isEmpty {
            parts.append("BYDAY=" + byDay.map { ($0.ordinal.map(String.init) ?? "") + Self.weekdayCodes[$0.weekday - 1] }.joined(separator: ","))
        }
        list("BYHOUR", byHour)
        list("BYMINUTE", byMinute)
        list("BYSECOND", bySecond)
        list("BYSETPOS", bySetPos)
        if weekStart != 1 { parts.append("WKST=" + Self.weekdayCodes[weekStart - 1]) }
        return parts.joined(separator: ";")
    }

    public var description: String { canonicalText }

    /// Repeats within a day (HOURLY, MINUTELY, SECONDLY): its occurrences are instants, never all-day.
    public var isSubDaily: Bool { frequency == .hourly || frequency == .minutely || frequency == .secondly }
}
