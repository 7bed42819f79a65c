import Foundation
import Testing
import TodoCore

@Suite struct RecurrenceTests {
    static func local(_ text: String) -> LocalDateTime {
        let date = RFC3339.parseDate(String(text.prefix(10)))!
        let parts = text.dropFirst(11).split(separator: ":").compactMap { Int($0) }
        return LocalDateTime(day: date, secondOfDay: parts[0] * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0))
    }

    static func first(_ rule: String, from start: String, _ n: Int = 10) throws -> [String] {
        try RecurrenceRule(parsing: rule).localOccurrences(from: local(start)).prefix(n).map { String($0.description.prefix(16)) }
    }

    @Test(arguments: [
        ("freq=weekly;byday=mo,we", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=DAILY;INTERVAL=1", "FREQ=DAILY"),
        ("FREQ=YEARLY;BYMONTHDAY=3;BYMONTH=3", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3"),
        ("FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=TU,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU"),
        ("FREQ=DAILY;UNTIL=20261231T235959Z", "FREQ=DAILY;UNTIL=20261231T235959Z"),
        ("FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=3"),
    ])
    func parsesAndWritesBackCanonically(_ text: String, _ canonical: String) throws {
        let rule = try RecurrenceRule(parsing: text)
        #expect(rule.canonicalText == canonical)
        #expect(try RecurrenceRule(parsing: rule.canonicalText) == rule)
    }

    @Test(arguments: [
        "", "FREQ=SOMETIMES", "BYDAY=MO", "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=2;UNTIL=20261231", "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;BYWEEKNO=3", "FREQ=DAILY;BYDAY=2MO", "FREQ=MONTHLY;BYDAY=6MO", "FREQ=DAILY;UNTIL=20260230",
        "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=DAILY;BYSETPOS=1", "FREQ=DAILY;INTERVAL=-1", "FREQ=DAILY;FREQ=WEEKLY", "FREQ=DAILY;X=1",
    ])
    func refusesInvalidRulesWithAReason(_ text: String) {
        #expect(throws: TaskValidationError.self) { try RecurrenceRule(parsing: text) }
    }

    /// Examples from RFC 5545 §3.8.5.3 (wall-clock, DTSTART 1997-09-02 09:00, a Tuesday).
    @Test(arguments: [
        ("FREQ=DAILY;COUNT=10", "1997-09-02T09:00", 10, ["1997-09-02T09:00", "1997-09-03T09:00", "1997-09-04T09:00"], "1997-09-11T09:00"),
        ("FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,TH", "1997-09-02T09:00", 4, ["1997-09-02T09:00", "1997-09-04T09:00", "1997-09-16T09:00", "1997-09-18T09:00"], "1997-09-18T09:00"),
        ("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", "1997-09-05T09:00", 3, ["1997-09-05T09:00", "1997-10-03T09:00", "1997-11-07T09:00"], "1997-11-07T09:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=-3", "1997-09-28T09:00", 3, ["1997-09-28T09:00", "1997-10-29T09:00", "1997-11-28T09:00"], "1997-11-28T09:00"),
        ("FREQ=YEARLY;BYDAY=20MO", "1997-05-19T09:00", 3, ["1997-05-19T09:00", "1998-05-18T09:00", "1999-05-17T09:00"], "1999-05-17T09:00"),
        ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "1997-05-12T09:00", 3, ["1997-05-12T09:00", "1998-05-11T09:00", "1999-05-17T09:00"], "1999-05-17T09:00"),
        ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "1997-09-02T09:00", 3, ["1998-02-13T09:00", "1998-03-13T09:00", "1998-11-13T09:00"], "1998-11-13T09:00"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", "1997-09-29T09:00", 3, ["1997-09-29T09:00", "1997-10-30T09:00", "1997-11-27T09:00"], "1997-11-27T09:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", "2007-01-15T09:00", 5, ["2007-01-15T09:00", "2007-01-30T09:00", "2007-02-15T09:00", "2007-03-15T09:00", "2007-03-30T09:00"], "2007-03-30T09:00"),
    ])
    func followsRFC5545Examples(_ rule: String, _ start: String, _ n: Int, _ prefix: [String], _ nth: String) throws {
        let occurrences = try Self.first(rule, from: start, n)
        #expect(Array(occurrences.prefix(prefix.count)) == prefix)
        #expect(occurrences.last == nth)
    }

    @Test func shortMonthsAreSkippedNotClamped() throws {
        #expect(try Self.first("FREQ=MONTHLY;BYMONTHDAY=31", from: "2026-01-31T09:00", 4)
            == ["2026-01-31T09:00", "2026-03-31T09:00", "2026-05-31T09:00", "2026-07-31T09:00"])
        #expect(try Self.first("FREQ=YEARLY", from: "2024-02-29T08:00", 2) == ["2024-02-29T08:00", "2028-02-29T08:00"])
        #expect(try Self.first("FREQ=MONTHLY;BYMONTHDAY=-1", from: "2026-01-31T09:00", 3) == ["2026-01-31T09:00", "2026-02-28T09:00", "2026-03-31T09:00"])
    }

    @Test func weekNumbersFollowISO8601AcrossTheYearsEnd() throws {
        // 2022-01-01 and 02 are in week 52 of 2021 (ISO 8601: 2021 has 52 weeks).
        let days = try Self.first("FREQ=YEARLY;BYWEEKNO=52", from: "2021-06-01T09:00", 9).map { String($0.prefix(10)) }
        #expect(days == ["2021-12-27", "2021-12-28", "2021-12-29", "2021-12-30", "2021-12-31", "2022-01-01", "2022-01-02",
                         "2022-12-26", "2022-12-27"])
    }

    @Test func hourlyAndMinutelyRulesRunOnTheWallClock() throws {
        #expect(try Self.first("FREQ=HOURLY;INTERVAL=5", from: "2026-11-25T20:15", 4)
            == ["2026-11-25T20:15", "2026-11-26T01:15", "2026-11-26T06:15", "2026-11-26T11:15"])
        #expect(try Self.first("FREQ=HOURLY;BYHOUR=9,17;BYDAY=MO", from: "2026-11-25T08:00", 3)
            == ["2026-11-30T09:00", "2026-11-30T17:00", "2026-12-07T09:00"])
        #expect(try Self.first("FREQ=MINUTELY;INTERVAL=20;BYHOUR=9", from: "2026-11-25T08:50", 4)
            == ["2026-11-25T09:10", "2026-11-25T09:30", "2026-11-25T09:50", "2026-11-26T09:10"])
    }

    @Test func repeatedAndUnsortedTimesGiveEachOccurrenceOnce() throws {
        #expect(try Self.first("FREQ=DAILY;BYHOUR=17,9,9,17;BYMINUTE=30,0,30", from: "2026-11-25T08:00", 5)
            == ["2026-11-25T09:00", "2026-11-25T09:30", "2026-11-25T17:00", "2026-11-25T17:30", "2026-11-26T09:00"])
    }

    @Test func mixedNumberedAndPlainWeekdaysMeanEither() throws {
        // RFC 5545: BYDAY lists days; "MO,-1FR" is every Monday and the last Friday.
        #expect(try Self.first("FREQ=MONTHLY;BYDAY=MO,-1FR", from: "2026-11-01T09:00", 6)
            == ["2026-11-02T09:00", "2026-11-09T09:00", "2026-11-16T09:00", "2026-11-23T09:00", "2026-11-27T09:00", "2026-11-30T09:00"])
    }

    @Test func bySetPosCountsTheWholeFirstWeek() throws {
        // The week of Wed 2026-11-25 (WKST=MO) holds MO 23 and FR 27; position 1 is the Monday,
        // before DTSTART, so the first occurrence is the next week's Monday.
        #expect(try Self.first("FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1", from: "2026-11-25T09:00", 2) == ["2026-11-30T09:00", "2026-12-07T09:00"])
    }

    @Test(arguments: ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
                      "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;BYSETPOS=5", "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=HOURLY;INTERVAL=24;BYHOUR=5",
                      "FREQ=MINUTELY;BYMONTH=4;BYMONTHDAY=31"])
    func rulesThatNeverMatchEndQuicklyWithNothing(_ text: String) throws {
        let started = ContinuousClock.now
        #expect(try RecurrenceRule(parsing: text).localOccurrences(from: Self.local("2026-01-01T09:00")).first { _ in true } == nil)
        // A bound for a hang, not a speed claim: a barren sub-daily rule walks 20 000 days, which a
        // debug build on a loaded machine has taken 7 s to do.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func wallClockTimeHoldsAcrossDaylightSavingChanges() throws {
        let berlin = try #require(ZonedTime.zone(named: "Europe/Berlin"))
        let start = try #require(RFC3339.parse("2026-03-27T09:00:00+01:00"))
        let days = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=4").occurrences(from: start, in: berlin).map { RFC3339.format($0, in: berlin) }
        #expect(days == ["2026-03-27T09:00:00+01:00", "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00", "2026-03-30T09:00:00+02:00"])
        // 02:30 does not exist on 2026-03-29 in Berlin: it moves forward by the gap.
        let early = try #require(RFC3339.parse("2026-03-28T02:30:00+01:00"))
        let gap = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=3").occurrences(from: early, in: berlin).map { RFC3339.format($0, in: berlin) }
        #expect(gap == ["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"])
        let newYork = try #require(ZonedTime.zone(named: "America/New_York"))
        let fall = try #require(RFC3339.parse("2026-10-31T01:30:00-04:00"))
        let ambiguous = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=3").occurrences(from: fall, in: newYork).map { RFC3339.format($0, in: newYork) }
        #expect(ambiguous == ["2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"])
    }

    /// Hourly and minutely wall times moved out of a gap land on times the rule gives anyway:
    /// each instant comes once, in order.
    @Test func instantsMovedOutOfAGapComeOnceAndInOrder() throws {
        let newYork = try #require(ZonedTime.zone(named: "America/New_York"))
        let start = try #require(RFC3339.parse("2027-03-14T00:30:00-05:00"))
        let hours = try RecurrenceRule(parsing: "FREQ=HOURLY").occurrences(from: start, in: newYork).prefix(5).map { RFC3339.format($0, in: newYork) }
        #expect(hours == ["2027-03-14T00:30:00-05:00", "2027-03-14T01:30:00-05:00", "2027-03-14T03:30:00-04:00",
                          "2027-03-14T04:30:00-04:00", "2027-03-14T05:30:00-04:00"])
        let berlin = try #require(ZonedTime.zone(named: "Europe/Berlin"))
        let night = try #require(RFC3339.parse("2027-03-28T01:00:00+01:00"))
        let halves = try RecurrenceRule(parsing: "FREQ=MINUTELY;INTERVAL=30").occurrences(from: night, in: berlin).prefix(6).map { RFC3339.format($0, in: berlin) }
        #expect(halves == ["2027-03-28T01:00:00+01:00", "2027-03-28T01:30:00+01:00", "2027-03-28T03:00:00+02:00",
                           "2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00", "2027-03-28T04:30:00+02:00"])
    }

    @Test func untilIsInclusiveAndCountCountsTheStart() throws {
        let utc = try #require(ZonedTime.zone(named: "UTC"))
        let start = try #require(RFC3339.parse("2026-12-01T09:00:00Z"))
        let until = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20261203T090000Z").occurrences(from: start, in: utc).map { RFC3339.format($0) }
        #expect(until == ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z"])
        let dateUntil = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20261202").occurrences(from: start, in: utc).map { RFC3339.format($0) }
        #expect(dateUntil == ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z"])
        #expect(Array(try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=2").occurrences(from: start, in: utc)).count == 2)
        let next = try RecurrenceRule(parsing: "FREQ=WEEKLY").nextOccurrence(after: start, start: start, in: utc)
        #expect(next.map { RFC3339.format($0) } == "2026-12-08T09:00:00Z")
    }

    /// Properties over generated rules: strictly increasing, COUNT and UNTIL respected, and
    /// every occurrence satisfies the BY parts it was built from.
    @Test func generatedRulesKeepTheirProperties() throws {
        for (text, start) in RecurrenceDifferentialTests.makeCases(300) {
            let rule = try RecurrenceRule(parsing: text)
            let horizon = LocalDateTime(day: CivilDate(year: start.day.year + 30, month: 1, day: 1), secondOfDay: 0)
            let occurrences = Array(rule.localOccurrences(from: start, until: horizon).prefix(40))
            #expect(zip(occurrences, occurrences.dropFirst()).allSatisfy { $0 < $1 }, "\(text)")
            #expect(occurrences.allSatisfy { $0 >= start && $0 <= horizon }, "\(text)")
            if let count = rule.count { #expect(occurrences.count <= count, "\(text)") }
            for occurrence in occurrences {
                let day = occurrence.day
                if !rule.byMonth.isEmpty { #expect(rule.byMonth.contains(day.month), "\(text): \(occurrence)") }
                if !rule.byHour.isEmpty { #expect(rule.byHour.contains(occurrence.secondOfDay / 3600), "\(text): \(occurrence)") }
                if !rule.byDay.isEmpty { #expect(rule.byDay.contains { $0.weekday == day.weekday }, "\(text): \(occurrence)") }
                if !rule.byMonthDay.isEmpty {
                    let length = CivilDate.daysIn(month: day.month, year: day.year)
                    #expect(rule.byMonthDay.contains { $0 > 0 ? $0 == day.day : length + 1 + $0 == day.day }, "\(text): \(occurrence)")
                }
            }
        }
    }
}

@Suite struct RecurrenceDescriptionTests {
    @Test(arguments: [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "every weekend"),
        ("FREQ=WEEKLY;BYDAY=MO", "every week on Monday"),
        ("FREQ=WEEKLY;INTERVAL=2", "every other week"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "every other week on Tuesday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE,FR", "every 3 weeks on Monday, Wednesday and Friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=15,30", "every month on the 15th and 30th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
        ("FREQ=MONTHLY;BYDAY=2TU", "every month on the 2nd Tuesday"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "every month on the last weekday"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "every year on March 3"),
        ("FREQ=DAILY;COUNT=5", "every day, 5 times"),
        ("FREQ=DAILY;BYHOUR=9;BYMINUTE=30", "every day at 9:30"),
        ("FREQ=DAILY;UNTIL=20261231", "every day, until 2026-12-31"),
    ])
    func describesRulesInEnglish(_ rule: String, _ english: String) throws {
        #expect(try RecurrenceRule(parsing: rule).englishDescription() == english)
    }

    @Test func anEndIsSaidInTheGivenZone() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20260331T225959Z")
        #expect(rule.englishDescription(in: try #require(ZonedTime.zone(named: "Europe/London"))) == "every day, until 2026-03-31")
        #expect(rule.englishDescription(in: try #require(ZonedTime.zone(named: "Asia/Tokyo"))) == "every day, until 2026-04-01 07:59")
        #expect(try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20260331T150000").englishDescription() == "every day, until 2026-03-31 15:00")
    }
}

@Suite struct NextInstanceTests {
    static let berlin = ZonedTime.zone(named: "Europe/Berlin")!

    static func next(_ rule: String, due: String, completed: String, from anchor: RecurrenceAnchor) throws -> String? {
        try RecurrenceRule(parsing: rule)
            .nextInstance(dueAt: #require(RFC3339.parse(due)), completedAt: #require(RFC3339.parse(completed)), from: anchor, in: berlin)
            .map { RFC3339.format($0.dueAt, in: berlin) }
    }

    @Test func fromDueSkipsOccurrencesAlreadyPast() throws {
        // Monday 2026-11-23 09:00, completed on time, late, and early.
        #expect(try Self.next("FREQ=WEEKLY;BYDAY=MO", due: "2026-11-23T09:00:00+01:00", completed: "2026-11-23T10:00:00+01:00", from: .due)
            == "2026-11-30T09:00:00+01:00")
        #expect(try Self.next("FREQ=WEEKLY;BYDAY=MO", due: "2026-11-23T09:00:00+01:00", completed: "2026-12-02T18:00:00+01:00", from: .due)
            == "2026-12-07T09:00:00+01:00")
        #expect(try Self.next("FREQ=DAILY", due: "2026-11-23T09:00:00+01:00", completed: "2026-11-20T09:00:00+01:00", from: .due)
            == "2026-11-24T09:00:00+01:00")
        // Across the DST change the wall time stays.
        #expect(try Self.next("FREQ=DAILY", due: "2026-03-28T09:00:00+01:00", completed: "2026-03-28T09:05:00+01:00", from: .due)
            == "2026-03-29T09:00:00+02:00")
    }

    @Test func fromCompletionCountsFromTheDayOfCompletion() throws {
        #expect(try Self.next("FREQ=DAILY;INTERVAL=3", due: "2026-11-23T09:00:00+01:00", completed: "2026-11-26T15:00:00+01:00", from: .completion)
            == "2026-11-29T09:00:00+01:00")
        #expect(try Self.next("FREQ=DAILY", due: "2026-11-23T09:00:00+01:00", completed: "2026-11-26T07:00:00+01:00", from: .completion)
            == "2026-11-27T09:00:00+01:00")
    }

    @Test func countAndUntilEndTheSeries() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=3")
        let due = try #require(RFC3339.parse("2026-11-23T09:00:00+01:00"))
        let second = try #require(rule.nextInstance(dueAt: due, completedAt: due, from: .due, in: Self.berlin))
        #expect(second.rule.count == 2)
        let third = try #require(second.rule.nextInstance(dueAt: second.dueAt, completedAt: second.dueAt, from: .due, in: Self.berlin))
        #expect(third.rule.count == 1)
        #expect(third.rule.nextInstance(dueAt: third.dueAt, completedAt: third.dueAt, from: .due, in: Self.berlin) == nil)
        #expect(try Self.next("FREQ=DAILY;UNTIL=20261124T235959Z", due: "2026-11-24T09:00:00+01:00", completed: "2026-11-24T10:00:00+01:00", from: .due) == nil)
        #expect(try Self.next("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", due: "2026-11-24T09:00:00+01:00", completed: "2026-11-24T10:00:00+01:00", from: .due) == nil)
    }
}

/// Random rule texts, valid or not, for a bounded time: parsing answers a rule or an error,
/// and expanding any rule that parses ends quickly (no hang, no crash).
@Suite struct RecurrenceFuzzTests {
    @Test func randomRulesNeverCrashOrHang() throws {
        var random = RecurrenceDifferentialTests.Generator(state: 0xF00D_FACE_CAFE_BEEF)
        let names = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR",
                     "BYMINUTE", "BYSECOND", "BYSETPOS", "WKST", "X", ""]
        let values = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY", "0", "1", "-1", "2", "31", "-366",
                      "366", "53", "60", "MO", "-1FR", "5SU", "+2TU", "20261231", "20261231T235959Z", "20260230", "MO,TU", "1,2,3",
                      "", "999999999999", "=", ";", "\u{0}", "é"]
        let deadline = ContinuousClock.now + .seconds(3)
        var parsed = 0, tried = 0
        let start = LocalDateTime(day: CivilDate(year: 2026, month: 11, day: 25), secondOfDay: 9 * 3600)
        while ContinuousClock.now < deadline {
            let parts = (0..<(1 + random.next(5))).map { _ in random.pick(names) + (random.chance(90) ? "=" : "") + random.pick(values) }
            let text = (random.chance(80) ? ["FREQ=" + random.pick(values)] : []) + parts
            tried += 1
            guard let rule = try? RecurrenceRule(parsing: text.joined(separator: ";")) else { continue }
            parsed += 1
            let began = ContinuousClock.now
            let occurrences = Array(rule.localOccurrences(from: start).prefix(20))
            // A bound for a hang, not a speed claim (that is bench/time.sh): generous, since a
            // debug build on a busy machine expands a barren sub-daily rule in about a second.
            #expect(ContinuousClock.now - began < .seconds(15), "\(rule) took too long")
            #expect(zip(occurrences, occurrences.dropFirst()).allSatisfy { $0 < $1 }, "\(rule)")
            #expect(try RecurrenceRule(parsing: rule.canonicalText) == rule, "\(rule) does not round-trip")
        }
        #expect(tried > 100 && parsed > 10, "tried \(tried), parsed \(parsed)")
    }
}
