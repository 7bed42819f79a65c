import Foundation
import Testing
@testable import TodoCore

/// A small client for the VTIMEZONE lines: it expands the observances (plain DTSTART, RDATE and
/// `RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nWD`) and answers "the offset of the latest onset at or before",
/// either for a local wall time or for an instant. Dates are expanded with Foundation's Gregorian
/// calendar, not with the code under test.
private struct VTimeZoneEvaluator {
    struct Onset { var wall: Int64; var from: Int; var to: Int }
    struct Observance {
        var kind = ""
        var start: Int64?
        var rdates: [Int64] = []
        var from: Int?
        var to: Int?
        var rule: (month: Int, week: Int, weekday: Int)?
    }

    private(set) var observances: [Observance] = []
    private(set) var onsets: [Onset] = []

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Wall-clock seconds from 1970-01-01T00:00 of a local date-time.
    static func wall(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        Int64(utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!.timeIntervalSince1970)
    }

    static func parseDateTime(_ text: String) throws -> Int64 {
        let digits = Array(text)
        guard digits.count == 15, digits[8] == "T", text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "T") }) else {
            throw EvaluatorError.bad("DATE-TIME \(text)")
        }
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        return wall(number(0..<4), number(4..<6), number(6..<8), number(9..<11), number(11..<13), number(13..<15))
    }

    static func parseOffset(_ text: String) throws -> Int {
        let chars = Array(text)
        guard chars.count == 5 || chars.count == 7, chars[0] == "+" || chars[0] == "-",
              chars.dropFirst().allSatisfy(\.isNumber) else { throw EvaluatorError.bad("UTC-OFFSET \(text)") }
        let parts = stride(from: 1, to: chars.count, by: 2).map { Int(String(chars[$0..<$0 + 2]))! }
        #expect(parts.count == 2 || parts[2] != 0, "seconds written only when not whole minutes: \(text)")
        let seconds = parts[0] * 3600 + parts[1] * 60 + (parts.count == 3 ? parts[2] : 0)
        return chars[0] == "-" ? -seconds : seconds
    }

    enum EvaluatorError: Error { case bad(String) }

    init(_ lines: [String], expandingThrough lastYear: Int) throws {
        var current: Observance?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw EvaluatorError.bad(line) }
            let name = String(line[..<colon]), value = String(line[line.index(after: colon)...])
            switch name {
            case "BEGIN" where value == "STANDARD" || value == "DAYLIGHT": current = Observance(kind: value)
            case "END" where value == "STANDARD" || value == "DAYLIGHT":
                guard let observance = current, observance.kind == value else { throw EvaluatorError.bad(line) }
                observances.append(observance)
                current = nil
            case "DTSTART": current?.start = try Self.parseDateTime(value)
            case "RDATE": current?.rdates += try value.split(separator: ",").map { try Self.parseDateTime(String($0)) }
            case "TZOFFSETFROM": current?.from = try Self.parseOffset(value)
            case "TZOFFSETTO": current?.to = try Self.parseOffset(value)
            case "RRULE":
                var fields: [String: String] = [:]
                for part in value.split(separator: ";") {
                    let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                    fields[pair[0]] = pair[1]
                }
                guard fields.count == 3, fields["FREQ"] == "YEARLY", let month = fields["BYMONTH"].flatMap({ Int($0) }),
                      let byDay = fields["BYDAY"], byDay.count >= 3,
                      let week = Int(byDay.dropLast(2)), week == -1 || (1...4).contains(week),
                      let weekday = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"].firstIndex(of: String(byDay.suffix(2)))
                else { throw EvaluatorError.bad("unsupported \(line)") }
                current?.rule = (month, week, weekday + 1)
            default: break
            }
        }
        for observance in observances {
            guard let start = observance.start, let from = observance.from, let to = observance.to else {
                throw EvaluatorError.bad("incomplete \(observance.kind)")
            }
            onsets.append(Onset(wall: start, from: from, to: to))
            onsets += observance.rdates.map { Onset(wall: $0, from: from, to: to) }
            if let rule = observance.rule {
                let startDate = Date(timeIntervalSince1970: TimeInterval(start))
                let parts = Self.utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: startDate)
                #expect(parts.month == rule.month && parts.weekday == rule.weekday, "DTSTART is an occurrence of its RRULE")
                let timeOfDay = Int64(parts.hour! * 3600 + parts.minute! * 60 + parts.second!)
                for year in parts.year!...max(parts.year!, lastYear) {
                    let days = (1...31).compactMap { day -> Int? in
                        guard let date = Self.utc.date(from: DateComponents(year: year, month: rule.month, day: day)),
                              Self.utc.component(.month, from: date) == rule.month,
                              Self.utc.component(.weekday, from: date) == rule.weekday else { return nil }
                        return day
                    }
                    let day = rule.week == -1 ? days.last! : days[rule.week - 1]
                    let onset = Self.wall(year, rule.month, day) + timeOfDay
                    if onset > start { onsets.append(Onset(wall: onset, from: from, to: to)) }
                }
            }
        }
        onsets.sort { $0.wall < $1.wall }
    }

    /// TZOFFSETTO of the latest onset at or before a local wall time.
    func offset(atWall wall: Int64) -> Int? { onsets.last(where: { $0.wall <= wall })?.to }

    /// TZOFFSETTO of the latest onset at or before an instant (onset wall time read in its TZOFFSETFROM).
    func offset(atInstant instant: Int64) -> Int? { onsets.last(where: { $0.wall - Int64($0.from) <= instant })?.to }
}

@Suite struct ICalendarTimeZoneTests {
    static let zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata",
                        "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Chatham", "UTC"]

    /// Foundation's offset changes in [start, end).
    static func transitions(_ zone: TimeZone, from start: Int64, to end: Int64) -> [(instant: Int64, from: Int, to: Int)] {
        var result: [(Int64, Int, Int)] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(start))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < TimeInterval(end), next > cursor {
            let from = zone.secondsFromGMT(for: next.addingTimeInterval(-1)), to = zone.secondsFromGMT(for: next)
            if from != to { result.append((Int64(next.timeIntervalSince1970), from, to)) }
            cursor = next
        }
        return result
    }

    /// Compares the evaluator with Foundation: every 5 days at 12:00 local, and around every transition
    /// (as instants one second before and at it, and as wall times three hours either side).
    static func check(_ name: String, years: ClosedRange<Int>, linesFor range: ClosedRange<Int> = 2020...2040) throws -> Int {
        let zone = try #require(TimeZone(identifier: name))
        let lines = try #require(ICalendarTimeZone.lines(zoneNamed: name, covering: range))
        let evaluator = try VTimeZoneEvaluator(lines, expandingThrough: years.upperBound + 1)
        var local = Calendar(identifier: .gregorian)
        local.timeZone = zone
        var checked = 0

        var day = VTimeZoneEvaluator.utc.date(from: DateComponents(year: years.lowerBound, month: 1, day: 1, hour: 12))!
        while VTimeZoneEvaluator.utc.component(.year, from: day) <= years.upperBound {
            let parts = VTimeZoneEvaluator.utc.dateComponents([.year, .month, .day, .hour], from: day)
            let instant = try #require(local.date(from: parts))
            let expected = zone.secondsFromGMT(for: instant)
            #expect(evaluator.offset(atWall: Int64(day.timeIntervalSince1970)) == expected, "\(name) at \(parts) local")
            #expect(evaluator.offset(atInstant: Int64(instant.timeIntervalSince1970)) == expected, "\(name) at \(instant)")
            checked += 1
            day = VTimeZoneEvaluator.utc.date(byAdding: .day, value: 5, to: day)!
        }

        let start = VTimeZoneEvaluator.wall(years.lowerBound, 1, 1) + 86_400
        let end = VTimeZoneEvaluator.wall(years.upperBound + 1, 1, 1) - 86_400
        for (instant, from, to) in transitions(zone, from: start, to: end) {
            #expect(evaluator.offset(atInstant: instant - 1) == from, "\(name) just before \(instant)")
            #expect(evaluator.offset(atInstant: instant) == to, "\(name) at \(instant)")
            #expect(evaluator.offset(atWall: instant - 3 * 3600 + Int64(from)) == from, "\(name) 3h before \(instant), local")
            #expect(evaluator.offset(atWall: instant + 3 * 3600 + Int64(to)) == to, "\(name) 3h after \(instant), local")
            checked += 1
        }
        return checked
    }

    static func lines(_ name: String) throws -> [String] {
        try #require(ICalendarTimeZone.lines(zoneNamed: name, covering: 2020...2040))
    }

    static func rrules(_ lines: [String]) -> [String] { lines.filter { $0.hasPrefix("RRULE:") } }

    @Test(arguments: zones)
    func agreesWithFoundationAcrossTheRange(_ name: String) throws {
        #expect(try Self.check(name, years: 2020...2040) > 1500)
    }

    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham"])
    func yearlyRulesStayRightLongAfterTheRange(_ name: String) throws {
        #expect(Self.rrules(try Self.lines(name)).count == 2)
        #expect(try Self.check(name, years: 2041...2080) > 0)
        // A range far from today still starts right and runs on.
        #expect(try Self.check(name, years: 2000...2030, linesFor: 2000...2010) > 0)
    }

    @Test func zonesWithoutARegularRuleListTheirChangesAndStopTenYearsOn() throws {
        let casablanca = try Self.lines("Africa/Casablanca")
        #expect(Self.rrules(casablanca).isEmpty)
        #expect(casablanca.count(where: { $0.hasPrefix("DTSTART:") }) > 40)
        let starts = casablanca.filter { $0.hasPrefix("DTSTART:") }.map { $0.dropFirst(8).prefix(4) }
        #expect(starts.allSatisfy { Int($0)! >= 2019 && Int($0)! <= 2050 }, "\(starts)")

        // São Paulo's last change (the end of DST in February 2019) is in force for good.
        let saoPaulo = try Self.lines("America/Sao_Paulo")
        #expect(Self.rrules(saoPaulo).isEmpty)
        #expect(saoPaulo.contains("DTSTART:20190217T000000"))
        #expect(saoPaulo.filter { $0.hasPrefix("TZOFFSETTO:") }.last == "TZOFFSETTO:-0300")
        #expect(try Self.check("America/Sao_Paulo", years: 2041...2080) > 0)

        // New York's 2005 rules (first Sunday in April, last in October) ended in 2007: no RRULE may
        // claim them, and the explicit changes carry the new rules to 2015.
        let newYork2005 = try #require(ICalendarTimeZone.lines(zoneNamed: "America/New_York", covering: 2000...2005))
        #expect(Self.rrules(newYork2005).isEmpty)
        #expect(try Self.check("America/New_York", years: 2000...2015, linesFor: 2000...2005) > 0)
        // Volgograd's one change in the window (+04 to +03 in December 2020) needs the offset in force before it.
        let volgograd = try #require(ICalendarTimeZone.lines(zoneNamed: "Europe/Volgograd", covering: 2020...2025))
        #expect(volgograd.contains("DTSTART:20190101T000000") && volgograd.contains("TZOFFSETTO:+0400"))
        #expect(try Self.check("Europe/Volgograd", years: 2020...2040, linesFor: 2020...2025) > 0)
    }

    @Test func aFixedOffsetIsOneStandardObservance() throws {
        #expect(try Self.lines("Asia/Kolkata") == [
            "BEGIN:VTIMEZONE", "TZID:Asia/Kolkata",
            "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD",
            "END:VTIMEZONE",
        ])
        let utc = try Self.lines("UTC")
        #expect(Array(utc.prefix(6)) == ["BEGIN:VTIMEZONE", "TZID:UTC", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                                         "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000"])
        #expect(Array(utc.suffix(2)) == ["END:STANDARD", "END:VTIMEZONE"])
        #expect(utc.count <= 9)
    }

    @Test func londonIsTwoYearlyRulesFromTheYearBeforeTheRange() throws {
        let london = try Self.lines("Europe/London")
        #expect(london.first == "BEGIN:VTIMEZONE" && london.last == "END:VTIMEZONE")
        #expect(london.contains("TZID:Europe/London"))
        let daylight = try #require(london.firstIndex(of: "BEGIN:DAYLIGHT"))
        #expect(Array(london[daylight...].prefix(5)) == [
            "BEGIN:DAYLIGHT", "DTSTART:20190331T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        ])
        let standard = try #require(london.firstIndex(of: "BEGIN:STANDARD"))
        #expect(Array(london[standard...].prefix(5)) == [
            "BEGIN:STANDARD", "DTSTART:20191027T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        ])
        #expect(london.count(where: { $0.hasPrefix("BEGIN:") }) == 3)

        let newYork = try Self.lines("America/New_York")
        #expect(Set(Self.rrules(newYork)) == ["RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"])
        #expect(newYork.contains("DTSTART:20190310T020000") && newYork.contains("DTSTART:20191103T020000"))
        #expect(newYork.contains("TZOFFSETFROM:-0500") && newYork.contains("TZOFFSETTO:-0400"))

        let lordHowe = try Self.lines("Australia/Lord_Howe")
        #expect(lordHowe.contains("TZOFFSETFROM:+1030") && lordHowe.contains("TZOFFSETTO:+1100"))
        let chatham = try Self.lines("Pacific/Chatham")
        #expect(chatham.contains("TZOFFSETFROM:+1245") && chatham.contains("TZOFFSETTO:+1345"))
        #expect(chatham.contains("DTSTART:20190929T024500"))
    }

    @Test(arguments: zones)
    func linesAreWellFormed(_ name: String) throws {
        let lines = try Self.lines(name)
        var open: [String] = []
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.contains("\r") && !line.contains("\n"))
            let property = line.prefix(while: { $0 != ":" && $0 != ";" })
            #expect(property == property.uppercased(), "\(line)")
            if line.hasPrefix("BEGIN:") { open.append(String(line.dropFirst(6))) }
            if line.hasPrefix("END:") { #expect(open.popLast() == String(line.dropFirst(4)), "\(line)") }
            if line.hasPrefix("DTSTART") {
                #expect(!line.hasSuffix("Z") && line.hasPrefix("DTSTART:"), "\(line)")
                #expect(line.count == "DTSTART:".count + 15, "\(line)")
            }
            if line.hasPrefix("TZNAME:") { #expect(!line.contains("GMT+") && !line.contains("GMT-"), "\(line)") }
        }
        #expect(open.isEmpty)
        #expect(lines.first == "BEGIN:VTIMEZONE" && lines.last == "END:VTIMEZONE")
        #expect(lines.count(where: { $0 == "BEGIN:VTIMEZONE" }) == 1)
        #expect(lines.count(where: { $0.hasPrefix("TZID:") }) == 1)
    }

    @Test func anUnknownNameHasNoComponent() {
        #expect(ICalendarTimeZone.lines(zoneNamed: "Mars/Olympus_Mons", covering: 2020...2040) == nil)
        #expect(ICalendarTimeZone.lines(zoneNamed: "", covering: 2020...2040) == nil)
    }

    @Test func offsetsWithSecondsKeepThem() {
        #expect(ICalendarTimeZone.utcOffset(3600) == "+0100")
        #expect(ICalendarTimeZone.utcOffset(-5 * 3600) == "-0500")
        #expect(ICalendarTimeZone.utcOffset(5 * 3600 + 1800) == "+0530")
        #expect(ICalendarTimeZone.utcOffset(53 * 60 + 28) == "+005328")
        #expect(ICalendarTimeZone.utcOffset(-(44 * 60 + 30)) == "-004430")
        #expect(ICalendarTimeZone.utcOffset(0) == "+0000")
    }
}
