/// Syntax-level checking of an RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE`).
///
/// This validates the shape and value ranges; `RecurrenceRule(parsing:)` builds on it, and its
/// `canonicalText` writes the rule back in one order, so equal rules compare equal in storage.
enum RecurrenceRuleSyntax {
    static let order = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY",
                        "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND", "BYSETPOS", "WKST"]
    static let frequencies: Set<String> = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
    static let weekdays: Set<String> = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// Each part's value of `rule`, by its place in `order` (nil: not given), or an error saying
    /// what is wrong with it. `RecurrenceRule(parsing:)` builds the rule from these, so the text is
    /// read once (reading it twice, through a canonical string, was a third of a quick-add).
    static func values(of rule: String) throws(TaskValidationError) -> [String?] {
        var text = rule.trimmingWhitespace().uppercased()
        if text.hasPrefix("RRULE:") { text.removeFirst(6) }
        func fail(_ reason: String) -> TaskValidationError { .invalidRecurrence(rule, reason: reason) }
        guard !text.isEmpty, text.count <= 1000 else { throw fail("it is empty or too long") }
        // An array by position: hashing names cost more.
        var values = [String?](repeating: nil, count: order.count)
        for part in text.fields(separatedBy: ";", omittingEmpty: true) {
            let pair = part.fields(separatedBy: "=", maxSplits: 1)
            guard pair.count == 2, !pair[1].isEmpty else { throw fail("\"\(part)\" is not NAME=VALUE") }
            let name = String(pair[0]), value = String(pair[1])
            guard let position = order.firstIndex(of: name) else { throw fail("unknown part \(name)") }
            guard values[position] == nil else { throw fail("\(name) appears twice") }
            try check(name, value, fail)
            values[position] = value
        }
        guard values[Part.frequency] != nil else { throw fail("FREQ is required") }
        if values[Part.count] != nil, values[Part.until] != nil { throw fail("COUNT and UNTIL cannot both be given") }
        return values
    }

    /// Places in `order` of the parts read by name.
    enum Part {
        static let frequency = 0, count = 2, until = 3
    }

    private static func check(_ name: String, _ value: String, _ fail: (String) -> TaskValidationError) throws(TaskValidationError) {
        func ints(_ range: ClosedRange<Int>, allowNegative: Bool) throws(TaskValidationError) {
            for item in value.fields(separatedBy: ",") {
                guard let n = Int(item), range.contains(abs(n)), allowNegative || n >= 0, n != 0 || range.lowerBound == 0 else {
                    throw fail("\(name) value \"\(item)\" is out of range")
                }
            }
        }
        switch name {
        case "FREQ":
            guard frequencies.contains(value) else { throw fail("FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY, HOURLY, MINUTELY, SECONDLY") }
        case "INTERVAL":
            guard let n = Int(value), n >= 1 else { throw fail("INTERVAL must be a positive integer") }
            guard n <= 10_000 else { throw fail("INTERVAL must be at most 10000 (got \(n))") }
        case "COUNT":
            guard let n = Int(value), n >= 1 else { throw fail("COUNT must be a positive integer") }
            guard n <= 100_000 else { throw fail("COUNT must be at most 100000 (got \(n))") }
        case "UNTIL":
            let valid = value.utf8.count == 8 && Int(value) != nil
                || (value.utf8.count == 15 || value.utf8.count == 16) && value.contains("T")
            guard valid else { throw fail("UNTIL must be a date (20261231) or a date-time (20261231T235959Z)") }
        case "BYMONTH": try ints(1...12, allowNegative: false)
        case "BYWEEKNO": try ints(1...53, allowNegative: true)
        case "BYYEARDAY": try ints(1...366, allowNegative: true)
        case "BYMONTHDAY": try ints(1...31, allowNegative: true)
        case "BYSETPOS": try ints(1...366, allowNegative: true)
        case "BYHOUR": try ints(0...23, allowNegative: false)
        case "BYMINUTE": try ints(0...59, allowNegative: false)
        case "BYSECOND": try ints(0...60, allowNegative: false)
        case "WKST":
            guard weekdays.contains(value) else { throw fail("WKST must be a weekday like MO") }
        case "BYDAY":
            for item in value.fields(separatedBy: ",") {
                guard item.count >= 2 else { throw fail("BYDAY value \"\(item)\" is not a weekday") }
                let day = String(item.suffix(2))
                let ordinal = item.dropLast(2)
                guard weekdays.contains(day) else { throw fail("BYDAY value \"\(item)\" is not a weekday") }
                if !ordinal.isEmpty {
                    guard let n = Int(ordinal), n != 0, abs(n) <= 53 else { throw fail("BYDAY ordinal in \"\(item)\" is out of range") }
                }
            }
        default:
            break
        }
    }
}
