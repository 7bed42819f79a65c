import Foundation
import Testing
import TodoCore

/// Sentences a seventh outside check of quick-add (a fresh corpus of 424 sentences in US, New
/// Zealand and South African English, 98.8% fully right) found misread, at the fixed now of the
/// earlier checks: Tuesday 2026-03-10 09:00 in Europe/London.
@Suite struct QuickAddSeventhQACheckTests {
    static func parse(_ text: String) -> QuickAddResult { QuickAddQACheckTests.parse(text) }
    static func due(_ result: QuickAddResult) -> String? { QuickAddQACheckTests.due(result) }

    /// A year in two digits ("3/9/26" stayed in the title, and with "at 9am" the task was due
    /// today at 09:00), and the year first with slashes ("2026/04/17").
    @Test(arguments: [
        ("Car inspection 3/20/26", "Car inspection", "2026-03-20T00:00:00Z"),
        ("Car inspection 4/20/26 at 9am", "Car inspection", "2026-04-20T09:00:00+01:00"),
        ("Flight to Cape Town on 2026/04/17 at 6am", "Flight to Cape Town", "2026-04-17T06:00:00+01:00"),
        ("Flight to Cape Town 2026/4/17", "Flight to Cape Town", "2026-04-17T00:00:00+01:00"),
    ])
    func datesAsTyped(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// "every 25th" alone is that day of every month (it was not read); before "of May" it is
    /// still a day of the year.
    @Test(arguments: [
        ("Pay the Vodacom contract every 25th", "Pay the Vodacom contract", "FREQ=MONTHLY;BYMONTHDAY=25"),
        ("Water plants every 3rd #home", "Water plants", "FREQ=MONTHLY;BYMONTHDAY=3"),
        ("Pay rent every 1st of May", "Pay rent", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"),
        ("Gym every 2nd day", "Gym", "FREQ=DAILY;INTERVAL=2"),
    ])
    func rulesAsTyped(_ text: String, _ title: String, _ rule: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
    }

    /// What a task is about is no date ("Text June about the 21st" was due on the 21st), a
    /// holiday's weekend is its name (it was due this Saturday), a year in two digits needs
    /// slashes, and words that were never dates stay so.
    @Test(arguments: ["Text June about the 21st", "Email the team re the 30th", "Book flights for Queen's Birthday weekend",
                      "Book the bach for Labour weekend", "Read pages 40-60-70", "Pay rent every last", "Standup every first"])
    func thingsStayInTheTitle(_ text: String) {
        let result = Self.parse(text)
        #expect(result.title == text)
        #expect(result.dueAt == nil, "\(text)")
        #expect(result.recurrence == nil, "\(text)")
    }
}

/// Two days in one sentence, found by an outside check of the CLI: the last day read took the
/// place of the one before and both left the title ("Prepare Monday slides friday 5pm" was
/// "Prepare slides"; "Call Ana tomorrow about Friday" was due Friday).
@Suite struct QuickAddTwoDaysTests {
    @Test(arguments: [
        ("Prepare Monday slides friday 5pm", "Prepare Monday slides", "2026-03-13T17:00:00Z"),
        ("Prepare slides for Monday meeting friday", "Prepare slides for Monday meeting", "2026-03-13T00:00:00Z"),
        ("Review Tuesday notes tomorrow", "Review Tuesday notes", "2026-03-11T00:00:00Z"),
        ("Send Friday report tomorrow at 9", "Send Friday report", "2026-03-11T09:00:00Z"),
        ("Call Ana tomorrow about Friday", "Call Ana about Friday", "2026-03-11T00:00:00Z"),
        ("Email Sam regarding Monday", "Email Sam regarding Monday", nil),
        // One day alone is the due date, before a noun or not.
        ("Send Friday report", "Send report", "2026-03-13T00:00:00Z"),
        ("Dinner friday 7pm", "Dinner", "2026-03-13T19:00:00Z"),
    ] as [(String, String, String?)])
    func aDayBeforeANounNamesTheThingWhenAnotherIsTheDueDate(_ text: String, _ title: String, _ due: String?) {
        let result = QuickAddQACheckTests.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(QuickAddQACheckTests.due(result) == due, "\(text)")
    }
}

/// A reminder with a day of its own ("remind me tomorrow at 9am" left "remind me" in the title and
/// made the task due then), and one at a time already past today with no due date (it was
/// set in the past): at the fixed now of the checks, Tuesday 2026-03-10 09:00 in London.
@Suite struct QuickAddReminderDayTests {
    @Test(arguments: [
        ("Call Bob remind me tomorrow at 9am", "Call Bob", nil, "2026-03-11T09:00:00Z"),
        ("Call Bob remind me on friday at 5pm", "Call Bob", nil, "2026-03-13T17:00:00Z"),
        ("Pay rent friday remind me thursday 6pm", "Pay rent", "2026-03-13T00:00:00Z", "2026-03-12T18:00:00Z"),
        ("Call Bob remind me at 8am", "Call Bob", nil, "2026-03-11T08:00:00Z"),
        ("Call Bob remind me at 5pm", "Call Bob", nil, "2026-03-10T17:00:00Z"),
    ] as [(String, String, String?, String)])
    func aReminderOnADayOfItsOwn(_ text: String, _ title: String, _ due: String?, _ reminder: String) {
        let result = QuickAddQACheckTests.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(QuickAddQACheckTests.due(result) == due, "\(text)")
        #expect(result.reminders == [.at(RFC3339.parse(reminder)!)], "\(text): \(result.reminders)")
    }
}
