import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// Quick-add with a fixed now: Wednesday 2026-11-25 10:00 in Europe/Berlin (DESIGN §6.1).
@Suite struct QuickAddParserTests {
    static let berlin = ZonedTime.zone(named: "Europe/Berlin")!
    static let now = RFC3339.parse("2026-11-25T10:00:00+01:00")!

    static func parse(_ text: String, now: Date = now, zone: TimeZone = berlin) -> QuickAddResult {
        QuickAddParser(now: now, zone: zone).parse(text)
    }

    static func due(_ result: QuickAddResult, zone: TimeZone = berlin) -> String? {
        result.dueAt.map { RFC3339.format($0, in: zone) }
    }

    @Test(arguments: [
        ("Pay rent today", "Pay rent", "2026-11-25T00:00:00+01:00", true),
        ("Call mom tomorrow", "Call mom", "2026-11-26T00:00:00+01:00", true),
        ("Party tonight", "Party", "2026-11-25T20:00:00+01:00", false),
        ("Dentist day after tomorrow", "Dentist", "2026-11-27T00:00:00+01:00", true),
        ("Report friday", "Report", "2026-11-27T00:00:00+01:00", true),
        ("Report on Fri", "Report", "2026-11-27T00:00:00+01:00", true),
        ("Report wednesday", "Report", "2026-12-02T00:00:00+01:00", true),
        ("Report this friday", "Report", "2026-11-27T00:00:00+01:00", true),
        ("Report this monday", "Report", "2026-11-30T00:00:00+01:00", true),
        ("Report next friday", "Report", "2026-12-04T00:00:00+01:00", true),
        ("Plan next week", "Plan", "2026-11-30T00:00:00+01:00", true),
        ("Budget next month", "Budget", "2026-12-01T00:00:00+01:00", true),
        ("Hike this weekend", "Hike", "2026-11-28T00:00:00+01:00", true),
        ("Invoices end of month", "Invoices", "2026-11-30T00:00:00+01:00", true),
        ("Tea in 30 minutes", "Tea", "2026-11-25T10:30:00+01:00", false),
        ("Check in 2 hours", "Check", "2026-11-25T12:00:00+01:00", false),
        ("Renew in 3 days", "Renew", "2026-11-28T00:00:00+01:00", true),
        ("Renew in 2 weeks", "Renew", "2026-12-09T00:00:00+01:00", true),
        ("Gift Dec 5", "Gift", "2026-12-05T00:00:00+01:00", true),
        ("Gift 5 December", "Gift", "2026-12-05T00:00:00+01:00", true),
        ("Gift 2026-12-05", "Gift", "2026-12-05T00:00:00+01:00", true),
        ("Taxes March 3", "Taxes", "2027-03-03T00:00:00+01:00", true),
        ("Leap Feb 29", "Leap", "2028-02-29T00:00:00+01:00", true),
        ("Gift 12/05", "Gift", "2026-12-05T00:00:00+01:00", true),
        ("Gift 25/12", "Gift", "2026-12-25T00:00:00+01:00", true),
        ("Call at 5pm", "Call", "2026-11-25T17:00:00+01:00", false),
        ("Call 17:00", "Call", "2026-11-25T17:00:00+01:00", false),
        ("Call at 9am", "Call", "2026-11-26T09:00:00+01:00", false),
        ("Lunch at noon", "Lunch", "2026-11-25T12:00:00+01:00", false),
        ("Backup at midnight", "Backup", "2026-11-26T00:00:00+01:00", false),
        ("Meet half past 3", "Meet", "2026-11-25T15:30:00+01:00", false),
        ("Meet tomorrow at 5pm", "Meet", "2026-11-26T17:00:00+01:00", false),
        ("Movie tonight at 9", "Movie", "2026-11-25T21:00:00+01:00", false),
        ("Sync friday 14:30", "Sync", "2026-11-27T14:30:00+01:00", false),
    ])
    func readsDatesAndTimes(_ text: String, _ title: String, _ due: String, _ allDay: Bool) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.allDay == allDay, "\(text)")
    }

    @Test(arguments: [
        ("Call May", "Call May"), ("Review March report", "Review March report"), ("Buy 2 bottles", "Buy 2 bottles"),
        ("Update 2026 budget", "Update 2026 budget"), ("1:1 with Sara", "1:1 with Sara"), ("Read 'Friday Black'", "Read 'Friday Black'"),
        ("Gift Feb 30", "Gift Feb 30"), ("Call mom!", "Call mom!"), ("Fix #123", "Fix #123"),
    ])
    func keepsWhatOnlyLooksLikeADateInTheTitle(_ text: String, _ title: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.dueAt == nil, "\(text)")
    }

    @Test(arguments: [
        ("Water plants every day", "FREQ=DAILY", "2026-11-25T00:00:00+01:00"),
        ("Standup every weekday at 9:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-11-26T09:30:00+01:00"),
        ("Gym every monday", "FREQ=WEEKLY;BYDAY=MO", "2026-11-30T00:00:00+01:00"),
        ("Review every other week", "FREQ=WEEKLY;INTERVAL=2", "2026-11-25T00:00:00+01:00"),
        ("Piano every 2 weeks on tue and thu", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2026-11-26T00:00:00+01:00"),
        ("Pay rent every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1", "2026-12-01T00:00:00+01:00"),
        ("Report every month on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1", "2026-11-30T00:00:00+01:00"),
        ("Drinks every month on the last friday", "FREQ=MONTHLY;BYDAY=-1FR", "2026-11-27T00:00:00+01:00"),
        ("Birthday every year on March 3", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "2027-03-03T00:00:00+01:00"),
        ("Stretch every 3 days", "FREQ=DAILY;INTERVAL=3", "2026-11-25T00:00:00+01:00"),
        ("Clean every weekend", "FREQ=WEEKLY;BYDAY=SA,SU", "2026-11-28T00:00:00+01:00"),
    ])
    func readsRecurrence(_ text: String, _ rule: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.recurrenceFrom == .due)
    }

    @Test func numericDatesFollowTheDateOrder() {
        let dayFirst = QuickAddParser(now: Self.now, zone: Self.berlin, dateOrder: .dayFirst)
        #expect(Self.due(dayFirst.parse("Gift 5/12")) == "2026-12-05T00:00:00+01:00")
        #expect(Self.due(dayFirst.parse("Gift 12/5")) == "2027-05-12T00:00:00+02:00")
        #expect(Self.due(dayFirst.parse("Gift 25/12")) == "2026-12-25T00:00:00+01:00")
        #expect(Self.due(dayFirst.parse("Gift 12/25")) == "2026-12-25T00:00:00+01:00")
        #expect(Self.due(Self.parse("Gift 5/12")) == "2027-05-12T00:00:00+02:00")
        #expect(dayFirst.parse("Gift 31/2").dueAt == nil)
    }

    @Test(arguments: [
        ("en_US.UTF-8", DateOrder?.some(.monthFirst)), ("en-US", .monthFirst), ("es_PR", .monthFirst), ("en_GB.UTF-8", .dayFirst),
        ("de-DE", .dayFirst), ("fr_FR@euro", .dayFirst), ("zh-Hans-CN", .dayFirst), ("C", nil), ("POSIX", nil), ("en", nil), ("", nil),
    ])
    func dateOrderOfALocale(identifier: String, expected: DateOrder?) {
        #expect(DateOrder(locale: identifier) == expected)
    }

    @Test func everyBangAndAfterCompletionCountFromCompletion() {
        #expect(Self.parse("Haircut every! 4 weeks").recurrenceFrom == .completion)
        #expect(Self.parse("Haircut every! 4 weeks").recurrence == "FREQ=WEEKLY;INTERVAL=4")
        let after = Self.parse("Refill every month after completion")
        #expect(after.recurrenceFrom == .completion)
        #expect(after.title == "Refill")
    }

    /// "until <date>" ends a series (UNTIL, in UTC, through the end of that day in the zone);
    /// the series still starts at its first occurrence on or after now. Without a series it is
    /// the due date, as "by" is.
    @Test(arguments: [
        ("Gym every monday until march 1", "Gym", "2026-11-30T00:00:00+01:00", "FREQ=WEEKLY;UNTIL=20270301T225959Z;BYDAY=MO"),
        ("Water plants every day till friday", "Water plants", "2026-11-25T00:00:00+01:00", "FREQ=DAILY;UNTIL=20261127T225959Z"),
        ("Standup every weekday at 9:30 until Dec 18", "Standup", "2026-11-26T09:30:00+01:00",
         "FREQ=WEEKLY;UNTIL=20261218T225959Z;BYDAY=MO,TU,WE,TH,FR"),
        ("Finish report until friday", "Finish report", "2026-11-27T00:00:00+01:00", nil),
    ])
    func untilEndsASeries(_ text: String, _ title: String, _ due: String, _ rule: String?) {
        let result = Self.parse(text)
        #expect(result.title == title)
        #expect(Self.due(result) == due)
        #expect(result.recurrence == rule)
    }

    @Test(arguments: [
        ("Fix bug !high", Priority.high), ("Fix bug !!!", .high), ("Fix bug p1", .high), ("Fix bug urgent", .high),
        ("Fix bug !!", .medium), ("Fix bug p2", .medium), ("Fix bug important", .medium),
        ("Fix bug !", .low), ("Fix bug p3", .low), ("Fix bug low priority", .low), ("Fix bug p4", .none),
    ])
    func readsPriorities(_ text: String, _ priority: Priority) {
        let result = Self.parse(text)
        #expect(result.priority == priority, "\(text)")
        #expect(result.title == "Fix bug", "\(text)")
    }

    @Test func readsTagsAndTheExampleOfTheBrief() {
        let result = Self.parse("Pay rent every month on the 1st #home !high #Home #money")
        #expect(result.title == "Pay rent")
        #expect(result.tags == ["home", "money"])
        #expect(result.priority == .high)
        #expect(result.recurrence == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(Self.due(result) == "2026-12-01T00:00:00+01:00")
        #expect(result.allDay)
    }

    @Test func readsReminders() {
        let result = Self.parse("Flight tomorrow at 7am remind me 2 hours before remind me 1 day before")
        #expect(result.title == "Flight")
        #expect(result.reminders == [.minutesBefore(120), .minutesBefore(1440)])
        let joined = Self.parse("Call tomorrow 5pm remind me 1 hour before and remind me 1 day before")
        #expect(joined.title == "Call")
        #expect(joined.reminders == [.minutesBefore(60), .minutesBefore(1440)])
        #expect(Self.parse("Tom and Jerry tomorrow").title == "Tom and Jerry")
        let at = Self.parse("Dentist friday remind me at 9am")
        #expect(at.reminders.map { reminder -> String in
            if case .at(let date) = reminder { return RFC3339.format(date, in: Self.berlin) } else { return "" }
        } == ["2026-11-27T09:00:00+01:00"])
    }

    @Test func spansPointAtWhatWasUnderstood() {
        let text = "Call Ana tomorrow at 5pm #work !high"
        let result = Self.parse(text)
        let utf16 = Array(text.utf16)
        for span in result.spans {
            #expect(String(decoding: utf16[span.start..<span.end], as: UTF16.self) == span.text)
        }
        #expect(result.spans.map(\.kind) == [.due, .time, .tag, .priority])
        #expect(result.spans.map(\.text) == ["tomorrow", "5pm", "#work", "!high"])
    }

    @Test func daylightSavingAndMidnightEdges() throws {
        // Saturday 2026-03-28 in Berlin: "tomorrow 2:30am" falls in the spring-forward gap.
        let saturday = try #require(RFC3339.parse("2026-03-28T12:00:00+01:00"))
        #expect(Self.due(Self.parse("Wake tomorrow at 2:30am", now: saturday)) == "2026-03-29T03:30:00+02:00")
        // Late evening: a time already past today is tomorrow's.
        let late = try #require(RFC3339.parse("2026-11-25T23:30:00+01:00"))
        #expect(Self.due(Self.parse("Call at 9am", now: late)) == "2026-11-26T09:00:00+01:00")
        // New Year's Eve: tomorrow is January 1st of the next year.
        let eve = try #require(RFC3339.parse("2026-12-31T22:00:00+01:00"))
        #expect(Self.due(Self.parse("Brunch tomorrow", now: eve)) == "2027-01-01T00:00:00+01:00")
        // The calendar is the user's: 23:30 UTC on the 25th is already the 26th in Berlin.
        let utcNow = try #require(RFC3339.parse("2026-11-25T23:30:00Z"))
        #expect(Self.due(Self.parse("Pay today", now: utcNow)) == "2026-11-26T00:00:00+01:00")
        let newYork = try #require(ZonedTime.zone(named: "America/New_York"))
        #expect(Self.due(Self.parse("Pay today", now: utcNow, zone: newYork), zone: newYork) == "2026-11-25T00:00:00-05:00")
        // Fall-back nights: an ambiguous wall time is the first of the two.
        let berlinFallBack = try #require(RFC3339.parse("2026-10-24T12:00:00+02:00"))
        #expect(Self.due(Self.parse("Wake tomorrow at 2:30am", now: berlinFallBack)) == "2026-10-25T02:30:00+02:00")
        let newYorkFallBack = try #require(RFC3339.parse("2026-10-31T12:00:00-04:00"))
        #expect(Self.due(Self.parse("Wake tomorrow at 1:30am", now: newYorkFallBack, zone: newYork), zone: newYork) == "2026-11-01T01:30:00-04:00")
        // New York's spring-forward gap, and elapsed time across it.
        let newYorkSpring = try #require(RFC3339.parse("2026-03-07T12:00:00-05:00"))
        #expect(Self.due(Self.parse("Wake tomorrow at 2:30am", now: newYorkSpring, zone: newYork), zone: newYork) == "2026-03-08T03:30:00-04:00")
        let beforeGap = try #require(RFC3339.parse("2026-03-08T01:30:00-05:00"))
        #expect(Self.due(Self.parse("Check in 2 hours", now: beforeGap, zone: newYork), zone: newYork) == "2026-03-08T04:30:00-04:00")
        // In N days counts calendar days over the change: the same wall date, all-day.
        #expect(Self.due(Self.parse("Renew in 1 day", now: saturday)) == "2026-03-29T00:00:00+01:00")
        // Month ends and Feb 29.
        let leapFebruary = try #require(RFC3339.parse("2028-02-10T09:00:00+01:00"))
        #expect(Self.due(Self.parse("Invoices end of month", now: leapFebruary)) == "2028-02-29T00:00:00+01:00")
        #expect(Self.due(Self.parse("Leap party Feb 29")) == "2028-02-29T00:00:00+01:00")
        #expect(Self.parse("Party Feb 29 2027").dueAt == nil)
        let lastOfMonth = try #require(RFC3339.parse("2026-11-30T18:00:00+01:00"))
        #expect(Self.due(Self.parse("Budget next month", now: lastOfMonth)) == "2026-12-01T00:00:00+01:00")
        #expect(Self.due(Self.parse("Invoices end of month", now: lastOfMonth)) == "2026-11-30T00:00:00+01:00")
        #expect(Self.due(Self.parse("Close books end of year", now: eve)) == "2026-12-31T00:00:00+01:00")
    }

    @Test func neverCrashesOnHostileInput() {
        // A fixed seed and count: a crash this finds is found again on every run, and replays.
        var generator = SplitMix64(seed: 0x0DD_1A7E_5EED)
        let alphabet = Array("every monday 5pm #!p1 'quoted\" in 3 days remind me at 9am Dec 31/12/ half past noon 2026-02-30 \u{0} é 🎉")
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...120, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = Self.parse(text)
        }
        #expect(Self.parse(String(repeating: "every day ", count: 1_000)).title.count > 0)
        // Found by the loop above: a word whose byte 10 is "t" but that has fewer than 11
        // characters (multi-byte ones before it) was cut at character 10, past its end.
        #expect(Self.parse("Party 🎉🎉abt🎉🎉").title == "Party 🎉🎉abt🎉🎉")
        #expect(Self.parse("").title == "")
    }
}
