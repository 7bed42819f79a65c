import Foundation

extension RecurrenceRule {
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// The rule in plain English: "every 2 weeks on Tuesday and Thursday", "every month on the
    /// last Friday", "every year on March 3, 5 times". Parts without a short wording are added
    /// as they are (", week 20 of the year"). An end given as an instant is said as the wall
    /// time it is in `zone`, the task's: "until 2026-03-31", not the UTC instant the rule keeps.
    public func englishDescription(in zone: TimeZone = .gmt) -> String {
        let plainDays = byDay.allSatisfy { $0.ordinal == nil }
        let weekdaySet = Set(byDay.map(\.weekday))
        let isWeekdays = plainDays && weekdaySet == [1, 2, 3, 4, 5] && byDay.count == 5
        let isWeekend = plainDays && weekdaySet == [6, 7] && byDay.count == 2

        var text: String
        let unit: (singular: String, plural: String) = switch frequency {
        case .yearly: ("year", "years")
        case .monthly: ("month", "months")
        case .weekly: ("week", "weeks")
        case .daily: ("day", "days")
        case .hourly: ("hour", "hours")
        case .minutely: ("minute", "minutes")
        case .secondly: ("second", "seconds")
        }
        var usedDays = false, usedMonthDays = false, usedMonths = false
        if (frequency == .daily || frequency == .weekly) && interval == 1 && (isWeekdays || isWeekend) && bySetPos.isEmpty {
            text = isWeekdays ? "every weekday" : "every weekend"
            usedDays = true
        } else {
            text = interval == 1 ? "every \(unit.singular)" : interval == 2 ? "every other \(unit.singular)" : "every \(interval) \(unit.plural)"
        }
        if frequency == .yearly, byMonth.count == 1, byMonthDay.count == 1, byMonthDay[0] > 0, byDay.isEmpty {
            text += " on \(Self.monthNames[byMonth[0] - 1]) \(byMonthDay[0])"
            usedMonths = true
            usedMonthDays = true
        }
        if !usedDays, !byDay.isEmpty {
            if !bySetPos.isEmpty, plainDays, bySetPos.count == 1 {
                let kind = isWeekdays ? "weekday" : isWeekend ? "weekend day" : Self.list(byDay.map { Self.weekdayNames[$0.weekday - 1] }, joiner: "or")
                text += " on the \(Self.ordinal(bySetPos[0])) \(kind)"
                usedDays = true
            } else {
                text += " on " + Self.list(byDay.map { day in
                    (day.ordinal.map { "the \(Self.ordinal($0)) " } ?? "") + Self.weekdayNames[day.weekday - 1]
                }, joiner: "and")
                usedDays = true
            }
        }
        if !usedMonthDays, !byMonthDay.isEmpty {
            text += (usedDays ? " that are" : "") + " on the " + Self.list(byMonthDay.map { Self.ordinal($0) + ($0 < 0 ? " day" : "") }, joiner: "and")
        }
        if !usedMonths, !byMonth.isEmpty {
            text += " in " + Self.list(byMonth.map { Self.monthNames[$0 - 1] }, joiner: "and")
        }
        if !byYearDay.isEmpty { text += " on day " + Self.list(byYearDay.map(String.init), joiner: "and") + " of the year" }
        if !byWeekNo.isEmpty { text += " in week " + Self.list(byWeekNo.map(String.init), joiner: "and") + " of the year" }
        if !bySetPos.isEmpty, !usedDays || bySetPos.count > 1 {
            text += ", only the " + Self.list(bySetPos.map(Self.ordinal), joiner: "and") + " of each \(unit.singular)"
        }
        if !byHour.isEmpty || !byMinute.isEmpty {
            let hours = byHour.isEmpty ? [nil] : byHour.sorted().map(Optional.some)
            let minutes = byMinute.isEmpty ? [0] : byMinute.sorted()
            let times = hours.flatMap { hour in minutes.map { minute in
                hour.map { "\($0):" + (minute < 10 ? "0\(minute)" : "\(minute)") } ?? "minute \(minute)"
            } }
            text += " at " + Self.list(times, joiner: "and")
        }
        if let count { text += count == 1 ? ", once" : ", \(count) times" }
        if let until {
            switch until {
            case .date(let day): text += ", until \(day)"
            case .local(let day, let second): text += ", until " + Self.end(day, second)
            case .instant(let instant):
                let wall = ZonedTime.wallTime(of: instant, in: zone)
                text += ", until " + Self.end(wall.day, wall.secondOfDay)
            }
        }
        return text
    }

    /// "2026-03-31" for an end in the day's last minute (the end of that day), else
    /// "2026-03-31 15:00".
    static func end(_ day: CivilDate, _ secondOfDay: Int) -> String {
        guard secondOfDay < 86_340 else { return "\(day)" }
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60
        return "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// 1 → "1st", 22 → "22nd", -1 → "last", -2 → "2nd-to-last".
    static func ordinal(_ n: Int) -> String {
        if n == -1 { return "last" }
        if n < 0 { return ordinal(-n) + "-to-last" }
        let suffix = (11...13).contains(n % 100) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
        return "\(n)\(suffix)"
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String], joiner: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + items.last!
    }
}
