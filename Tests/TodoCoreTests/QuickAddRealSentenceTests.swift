import Foundation
import Testing
import TodoCore

/// The kinds of real sentences quick-add used to miss (issue 11 §3), at the fixed now of
/// QuickAddParserTests: Wednesday 2026-11-25 10:00 in Europe/Berlin.
@Suite struct QuickAddRealSentenceTests {
    static func parse(_ text: String, now: Date = QuickAddParserTests.now) -> QuickAddResult {
        QuickAddParserTests.parse(text, now: now)
    }

    static func due(_ result: QuickAddResult) -> String? { QuickAddParserTests.due(result) }

    @Test(arguments: [
        ("Call 8.15am", "Call", "2026-11-26T08:15:00+01:00"),
        ("Dinner 7.50pm", "Dinner", "2026-11-25T19:50:00+01:00"),
        ("Dinner at 7.50 pm", "Dinner", "2026-11-25T19:50:00+01:00"),
        ("Bus tomorrow 8.15 a.m.", "Bus", "2026-11-26T08:15:00+01:00"),
        ("Tea in an hour and a half", "Tea", "2026-11-25T11:30:00+01:00"),
        ("Tea in a quarter of an hour", "Tea", "2026-11-25T10:15:00+01:00"),
        ("Tea in half an hour", "Tea", "2026-11-25T10:30:00+01:00"),
        ("Tea in three quarters of an hour", "Tea", "2026-11-25T10:45:00+01:00"),
        ("Tea in 2 and a half hours", "Tea", "2026-11-25T12:30:00+01:00"),
        ("Tea in 1 hour and 15 minutes", "Tea", "2026-11-25T11:15:00+01:00"),
        ("Tea in 1.5 hours", "Tea", "2026-11-25T11:30:00+01:00"),
    ])
    func readsDottedTimesAndDurationsInWords(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(!result.allDay, "\(text)")
    }

    @Test(arguments: [
        ("Pay rent on the 20th", "Pay rent", "2026-12-20T00:00:00+01:00"),
        ("Pay rent by the 25th", "Pay rent", "2026-11-25T00:00:00+01:00"),
        ("Backup on the 31st", "Backup", "2026-12-31T00:00:00+01:00"),
        ("Dentist on the 3rd of May", "Dentist", "2027-05-03T00:00:00+02:00"),
        ("Dentist the 3rd of May", "Dentist", "2027-05-03T00:00:00+02:00"),
        ("Feed the cat the day after tomorrow", "Feed the cat", "2026-11-27T00:00:00+01:00"),
        ("Book flight to Paris for May 3", "Book flight to Paris", "2027-05-03T00:00:00+02:00"),
        ("Report due on friday", "Report", "2026-11-27T00:00:00+01:00"),
        ("Hike on the weekend", "Hike", "2026-11-28T00:00:00+01:00"),
        ("Invoices by the end of the month", "Invoices", "2026-11-30T00:00:00+01:00"),
        ("Gift for the 3rd of December 2027", "Gift", "2027-12-03T00:00:00+01:00"),
    ])
    func aDatePhraseTakesItsPrepositionAndArticleWithIt(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.allDay, "\(text)")
    }

    @Test(arguments: ["Read the 3rd chapter", "Buy 2.5 kg flour", "Upgrade to 3.10", "Pay 3.50 at the shop", "Shop for May",
                      "Wait for 5 minutes", "Feed the cat"])
    func keepsLookalikesInTheTitle(_ text: String) {
        let result = Self.parse(text)
        #expect(result.title == text)
        #expect(result.dueAt == nil, "\(text)")
    }

    @Test(arguments: [
        ("Book club every month on the third wednesday", "FREQ=MONTHLY;BYDAY=3WE", "2026-12-16T00:00:00+01:00"),
        ("Drinks every month on the first friday", "FREQ=MONTHLY;BYDAY=1FR", "2026-12-04T00:00:00+01:00"),
        ("Call home every month on the last sunday", "FREQ=MONTHLY;BYDAY=-1SU", "2026-11-29T00:00:00+01:00"),
        ("Team lunch every first friday", "FREQ=MONTHLY;BYDAY=1FR", "2026-12-04T00:00:00+01:00"),
        ("Review every last friday of the month", "FREQ=MONTHLY;BYDAY=-1FR", "2026-11-27T00:00:00+01:00"),
        ("Sync every month on the first and third monday", "FREQ=MONTHLY;BYDAY=1MO,3MO", "2026-12-07T00:00:00+01:00"),
        ("Invoices every month on the 10th and 25th", "FREQ=MONTHLY;BYMONTHDAY=10,25", "2026-11-25T00:00:00+01:00"),
        ("Invoices every month on the 5th, 15th and the 28th", "FREQ=MONTHLY;BYMONTHDAY=5,15,28", "2026-11-28T00:00:00+01:00"),
        ("Pay every month on the 15th and last day", "FREQ=MONTHLY;BYMONTHDAY=15,-1", "2026-11-30T00:00:00+01:00"),
        ("Birthday every year on the 3rd of May", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=3", "2027-05-03T00:00:00+02:00"),
        ("Team sync every 2 weeks on wednesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "2026-11-25T00:00:00+01:00"),
        ("Dentist every 6 months on the 20th", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=20", "2026-12-20T00:00:00+01:00"),
        ("Taxes every 2 years on March 3", "FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYMONTHDAY=3", "2027-03-03T00:00:00+01:00"),
    ])
    func readsOrdinalsAndSeveralMonthDaysInRecurrences(_ text: String, _ rule: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.allDay, "\(text)")
        #expect(result.title.split(separator: " ").count <= 2, "\(text) → \(result.title)")
    }

    @Test func anIntervalRuleStartsOnTheFirstMatchingDayNotOneIntervalLater() throws {
        let thursday = try #require(RFC3339.parse("2026-11-26T10:00:00+01:00"))
        #expect(Self.due(Self.parse("Team sync every 2 weeks on wednesday", now: thursday)) == "2026-12-02T00:00:00+01:00")
        #expect(Self.due(Self.parse("Piano every 3 weeks on monday at 17:00", now: thursday)) == "2026-11-30T17:00:00+01:00")
        let afterTheTwentieth = try #require(RFC3339.parse("2026-11-21T10:00:00+01:00"))
        #expect(Self.due(Self.parse("Dentist every 6 months on the 20th", now: afterTheTwentieth)) == "2026-12-20T00:00:00+01:00")
    }

    @Test(arguments: [
        ("Drink water every 2 hours", "Drink water", "FREQ=HOURLY;INTERVAL=2"),
        ("Check mail hourly", "Check mail", "FREQ=HOURLY"),
        ("Check mail every hour", "Check mail", "FREQ=HOURLY"),
        ("Stretch every 30 minutes", "Stretch", "FREQ=MINUTELY;INTERVAL=30"),
        ("Stretch every half hour", "Stretch", "FREQ=MINUTELY;INTERVAL=30"),
        ("Ping every minute", "Ping", "FREQ=MINUTELY"),
    ])
    func readsHourlyAndMinutelyRulesStartingNow(_ text: String, _ title: String, _ rule: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == "2026-11-25T10:00:00+01:00", "\(text)")
        #expect(!result.allDay, "\(text)")
    }

    @Test func aSubDailyRuleStartsAtTheNextWholeMinute() throws {
        let now = try #require(RFC3339.parse("2026-11-25T10:07:30+01:00"))
        #expect(Self.due(Self.parse("Drink water every 2 hours", now: now)) == "2026-11-25T10:08:00+01:00")
        #expect(Self.due(Self.parse("Stand up every hour at 11:00", now: now)) == "2026-11-25T11:00:00+01:00")
        // Counted from the time said: 09:00, 11:00, 13:00…
        #expect(Self.due(Self.parse("Stretch every 2 hours at 9am", now: now)) == "2026-11-25T11:00:00+01:00")
    }

    @Test func readsSeveralRemindersInOnePhrase() {
        let result = Self.parse("Flight tomorrow at 7am remind me 2 hours before and 15 minutes before")
        #expect(result.title == "Flight")
        #expect(result.reminders == [.minutesBefore(120), .minutesBefore(15)])
        let listed = Self.parse("Call friday remind me 1 day before, 1 hour before and at 9am")
        #expect(listed.title == "Call")
        #expect(listed.reminders.count == 3)
        #expect(Array(listed.reminders.prefix(2)) == [.minutesBefore(1440), .minutesBefore(60)])
        #expect(listed.reminders.last == .at(RFC3339.parse("2026-11-27T09:00:00+01:00")!))
    }

    @Test func aWordThatOnlyLooksLikeARecurrenceStaysInTheTitle() {
        let notes = Self.parse("Daily standup notes every friday")
        #expect(notes.title == "Daily standup notes")
        #expect(notes.recurrence == "FREQ=WEEKLY;BYDAY=FR")
        #expect(notes.spans.map(\.text) == ["every friday"])
        let after = Self.parse("Every friday weekly report")
        #expect(after.title == "weekly report")
        #expect(after.recurrence == "FREQ=WEEKLY;BYDAY=FR")
        let alone = Self.parse("Water plants daily")
        #expect(alone.title == "Water plants")
        #expect(alone.recurrence == "FREQ=DAILY")
    }
}
