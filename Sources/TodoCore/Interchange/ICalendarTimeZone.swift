import Foundation

/// The RFC 5545 §3.6.5 VTIMEZONE component of an IANA zone, so that an exported calendar whose
/// DUE/DTSTART properties carry `TZID=<zone>` is self-contained ("a VTIMEZONE MUST be specified for
/// each unique TZID"). Built from Foundation's zone data only (pure: no I/O beyond what `TimeZone` reads).
///
/// Shape of the result:
/// - A zone whose offset never changes in the window (UTC, Asia/Kolkata, …): one STANDARD observance
///   starting 1970-01-01.
/// - Otherwise one observance per transition from the year before `years` onwards. If the transitions
///   of `years.upperBound` follow yearly "nth (1…4) or last weekday of a month at a fixed local time"
///   rules that reproduce every transition of the ten years after it, those rules are written as
///   RRULE observances (taking over from the earliest year of the window from which they hold), so they
///   cover every later year. If not (Africa/Casablanca, zones with announced changes, …) the explicit
///   observances go on to `years.upperBound + 10` and stop; the last one stays in force afterwards.
/// - If no observance starts at or before Jan 1 of `years.lowerBound`, a first one starting Jan 1 of
///   the year before states the offset then in force.
public enum ICalendarTimeZone {
    /// The content lines of the zone's VTIMEZONE (from BEGIN:VTIMEZONE to END:VTIMEZONE, unfolded, no line ends),
    /// right for every local time in `years`; nil for a name Foundation does not know. "UTC" and zones with a
    /// single fixed offset give one STANDARD observance.
    public static func lines(zoneNamed name: String, covering years: ClosedRange<Int>) -> [String]? {
        guard let zone = TimeZone(identifier: name) else { return nil }
        let firstYear = years.lowerBound - 1
        let lastYear = years.upperBound
        let horizon = lastYear + lookAheadYears

        // Every offset change from a little before Jan 1 of `firstYear` to the end of `horizon`
        // (a couple of days of slack on both ends whatever the zone's offset).
        let windowStart = Date(timeIntervalSince1970: TimeInterval(Civil.seconds(year: firstYear, month: 1, day: 1) - 2 * 86_400))
        let windowEnd = TimeInterval(Civil.seconds(year: horizon + 1, month: 1, day: 1) + 2 * 86_400)
        var transitions: [Transition] = []
        var cursor = windowStart
        var offset = zone.secondsFromGMT(for: windowStart)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < windowEnd, next > cursor {
            cursor = next
            let to = zone.secondsFromGMT(for: next)
            guard to != offset else { continue }  // a change of name or DST flag only: no new offset
            let instant = Int64(next.timeIntervalSince1970.rounded(.down))
            transitions.append(Transition(onset: instant + Int64(offset), from: offset, to: to,
                                          daylight: zone.isDaylightSavingTime(for: next), name: tzName(zone, next)))
            offset = to
        }

        var out = ["BEGIN:VTIMEZONE", "TZID:\(name)"]
        if transitions.isEmpty {
            let fixed = zone.secondsFromGMT(for: windowStart)
            out += observance(Transition(onset: Civil.seconds(year: 1970, month: 1, day: 1), from: fixed, to: fixed,
                                         daylight: false, name: tzName(zone, windowStart)), rule: nil)
            return out + ["END:VTIMEZONE"]
        }

        // Yearly rules: read off `lastYear`, checked against every year to `horizon`, then taken back
        // as far as they hold (never before `firstYear`).
        var rules: [Rule]? = nil
        var ruleYear = lastYear
        let inLastYear = transitions.filter { $0.year == lastYear }
        if !inLastYear.isEmpty {
            var found: [Rule] = []
            for transition in inLastYear {
                guard let rule = Rule.candidates(for: transition).first(where: { rule in
                    (lastYear + 1...horizon).allSatisfy { year in transitions.contains(rule.occurrence(in: year)) }
                }) else { found = []; break }
                found.append(rule)
            }
            if !found.isEmpty, (lastYear + 1...horizon).allSatisfy({ year in
                transitions.lazy.filter { $0.year == year }.count == found.count
            }) {
                rules = found
                while ruleYear - 1 >= firstYear, transitions.lazy.filter({ $0.year == ruleYear - 1 }).count == found.count,
                      found.allSatisfy({ transitions.contains($0.occurrence(in: ruleYear - 1)) }) {
                    ruleYear -= 1
                }
            }
        }

        let explicit = rules == nil ? transitions : transitions.filter { $0.year < ruleYear }
        let ruled = (rules ?? []).map { ($0.occurrence(in: ruleYear), $0) }
        let firstOnset = min(explicit.first?.onset ?? .max, ruled.map(\.0.onset).min() ?? .max)
        if firstOnset > Civil.seconds(year: years.lowerBound, month: 1, day: 1) {
            let initial = transitions[0].from
            out += observance(Transition(onset: Civil.seconds(year: firstYear, month: 1, day: 1), from: initial, to: initial,
                                         daylight: zone.isDaylightSavingTime(for: windowStart), name: tzName(zone, windowStart)),
                              rule: nil)
        }
        for transition in explicit { out += observance(transition, rule: nil) }
        for (first, rule) in ruled.sorted(by: { $0.0.onset < $1.0.onset }) { out += observance(first, rule: rule) }
        return out + ["END:VTIMEZONE"]
    }

    /// How many years after the range a yearly rule must hold to be trusted, and how far explicit
    /// observances go when it does not.
    static let lookAheadYears = 10

    struct Transition: Equatable {
        /// The local wall time of the change in the offset it leaves, as seconds from 1970-01-01T00:00 (wall).
        var onset: Int64
        var from: Int
        var to: Int
        var daylight: Bool
        var name: String?

        var year: Int { Civil.date(onset).year }
    }

    /// "The `week`th (1…4, or -1 for last) `weekday` (0 = Sunday) of `month`, at `secondOfDay` local time."
    struct Rule {
        var month: Int
        var week: Int
        var weekday: Int
        var secondOfDay: Int64
        var template: Transition

        static func candidates(for transition: Transition) -> [Rule] {
            let (year, month, day) = Civil.date(transition.onset)
            let dayStart = Civil.seconds(year: year, month: month, day: day)
            let weekday = Civil.weekday(dayStart)
            var weeks: [Int] = []
            if day + 7 > Civil.daysIn(year: year, month: month) { weeks.append(-1) }
            if (day - 1) / 7 + 1 <= 4 { weeks.append((day - 1) / 7 + 1) }
            return weeks.map { Rule(month: month, week: $0, weekday: weekday, secondOfDay: transition.onset - dayStart, template: transition) }
        }

        func occurrence(in year: Int) -> Transition {
            let day: Int
            if week > 0 {
                let first = Civil.weekday(Civil.seconds(year: year, month: month, day: 1))
                day = 1 + (weekday - first + 7) % 7 + 7 * (week - 1)
            } else {
                let lastDay = Civil.daysIn(year: year, month: month)
                let last = Civil.weekday(Civil.seconds(year: year, month: month, day: lastDay))
                day = lastDay - (last - weekday + 7) % 7
            }
            var occurrence = template
            occurrence.onset = Civil.seconds(year: year, month: month, day: day) + secondOfDay
            return occurrence
        }

        var rrule: String {
            let days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
            return "RRULE:FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(week)\(days[weekday])"
        }
    }

    static func observance(_ transition: Transition, rule: Rule?) -> [String] {
        let kind = transition.daylight ? "DAYLIGHT" : "STANDARD"
        var lines = ["BEGIN:\(kind)", "DTSTART:\(Civil.dateTime(transition.onset))",
                     "TZOFFSETFROM:\(utcOffset(transition.from))", "TZOFFSETTO:\(utcOffset(transition.to))"]
        if let rule { lines.append(rule.rrule) }
        if let name = transition.name { lines.append("TZNAME:\(name)") }
        return lines + ["END:\(kind)"]
    }

    /// RFC 5545 UTC-OFFSET: `+0100`, `-0500`, `+0530`; seconds only when not whole minutes (`+005328`).
    static func utcOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        var text = sign + twoDigits(magnitude / 3600) + twoDigits(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += twoDigits(magnitude % 60) }
        return text
    }

    /// Foundation's abbreviation after `date`, unless it is a "GMT+1"-style placeholder or not plain text.
    static func tzName(_ zone: TimeZone, _ date: Date) -> String? {
        guard let name = zone.abbreviation(for: date), !name.isEmpty, name.utf8.count <= 20,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-") })
        else { return nil }
        for prefix in ["GMT", "UTC", "UT"] where name.hasPrefix(prefix) && name.count > prefix.count {
            let rest = name.dropFirst(prefix.count)
            if rest.first == "+" || rest.first == "-" { return nil }
        }
        if name.first == "+" || name.first == "-" { return nil }
        return name
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Proleptic Gregorian arithmetic on wall-clock seconds counted from 1970-01-01T00:00.
    enum Civil {
        static func days(year: Int, month: Int, day: Int) -> Int64 {
            let y = Int64(month <= 2 ? year - 1 : year)
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = Int64((month + 9) % 12)
            let doy = (153 * mp + 2) / 5 + Int64(day) - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        static func seconds(year: Int, month: Int, day: Int) -> Int64 { days(year: year, month: month, day: day) * 86_400 }

        static func date(_ seconds: Int64) -> (year: Int, month: Int, day: Int) {
            let z = floorDiv(seconds, 86_400) + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let day = Int(doy - (153 * mp + 2) / 5 + 1)
            let month = Int(mp < 10 ? mp + 3 : mp - 9)
            return (Int(yoe + era * 400) + (month <= 2 ? 1 : 0), month, day)
        }

        /// 0 = Sunday … 6 = Saturday.
        static func weekday(_ seconds: Int64) -> Int { Int((floorDiv(seconds, 86_400) % 7 + 11) % 7) }

        static func daysIn(year: Int, month: Int) -> Int {
            Int(days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1) - days(year: year, month: month, day: 1))
        }

        /// `20260329T010000`: a local DATE-TIME, no Z.
        static func dateTime(_ seconds: Int64) -> String {
            let (year, month, day) = date(seconds)
            let second = Int(seconds - floorDiv(seconds, 86_400) * 86_400)
            let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
            return yearText + twoDigits(month) + twoDigits(day) + "T" + twoDigits(second / 3600) + twoDigits(second / 60 % 60) + twoDigits(second % 60)
        }

        static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    }
}
