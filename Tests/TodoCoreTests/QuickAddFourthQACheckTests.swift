import Foundation
import Testing
import TodoCore

/// Sentences a fourth outside check of quick-add (a fresh corpus of 435 sentences, 98.4% fully
/// right, on commit cb0cddd) found misread, at the fixed now of the earlier checks: Tuesday
/// 2026-03-10 09:00 in Europe/London (GMT until 29 March, BST after).
@Suite struct QuickAddFourthQACheckTests {
    static func parse(_ text: String) -> QuickAddResult { QuickAddQACheckTests.parse(text) }
    static func due(_ result: QuickAddResult) -> String? { QuickAddQACheckTests.due(result) }

    /// After "by", "before", "due" or "no later than" an h:mm follows the rule of "at": 1–7 are
    /// the afternoon ("Pick up parcel before 5:30" was due at 05:30 the next day).
    @Test(arguments: [
        ("Pick up parcel from the post office before 5:30", "Pick up parcel from the post office", "2026-03-10T17:30:00Z"),
        ("Finish report by 4:15 today", "Finish report", "2026-03-10T16:15:00Z"),
        ("Leave no later than 4:45", "Leave", "2026-03-10T16:45:00Z"),
        ("Report due 5:30", "Report", "2026-03-10T17:30:00Z"),
        ("Call mum by 9:30", "Call mum", "2026-03-10T09:30:00Z"),
        ("Submit by 5:30 tomorrow morning", "Submit", "2026-03-11T05:30:00Z"),
        ("Read chapter 5 by 6:30pm", "Read chapter 5", "2026-03-10T18:30:00Z"),
    ])
    func aDeadlinesClockTimeIsReadAsAfterAt(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// A bare or dotted number after "by" is no time: amounts stay in the title.
    @Test(arguments: ["Increase budget by 5", "Raise price by 2.50", "Fix the nightly build"])
    func amountsAndThingsStayInTheTitle(_ text: String) {
        let result = Self.parse(text)
        #expect(result.title == text)
        #expect(result.dueAt == nil, "\(text)")
        #expect(result.recurrence == nil, "\(text)")
    }

    /// Rules said without "on the", once a year on a date, and "nightly" ("Book club last
    /// thursday of every month" repeated on the 5th, titled "Book club last of").
    @Test(arguments: [
        ("Book club last thursday of every month at 7pm", "Book club", "FREQ=MONTHLY;BYDAY=-1TH", "2026-03-26T19:00:00Z"),
        ("Team lunch 2nd tuesday of each month", "Team lunch", "FREQ=MONTHLY;BYDAY=2TU", "2026-03-10T00:00:00Z"),
        ("Pay rent last day of every month", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=-1", "2026-03-31T00:00:00+01:00"),
        ("Birthday of Niamh every 12 March", "Birthday of Niamh", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=12", "2026-03-12T00:00:00Z"),
        ("Anniversary every March 20th", "Anniversary", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=20", "2026-03-20T00:00:00Z"),
        ("Renew passport every 1st of May", "Renew passport", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "2026-05-01T00:00:00+01:00"),
        ("Backup server nightly at 2am", "Backup server", "FREQ=DAILY", "2026-03-11T02:00:00Z"),
        ("Take meds nightly", "Take meds", "FREQ=DAILY", "2026-03-10T20:00:00Z"),
        // The rule says the days: the day word before a noun names the thing.
        ("Weekend brunch every saturday and sunday at 11", "Weekend brunch", "FREQ=WEEKLY;BYDAY=SA,SU", "2026-03-14T11:00:00Z"),
        ("Friday drinks every friday at 6pm", "Friday drinks", "FREQ=WEEKLY;BYDAY=FR", "2026-03-13T18:00:00Z"),
        // A rule without days still starts on the day said; so does one with days, from a date said later.
        ("Gym monday every week", "Gym", "FREQ=WEEKLY", "2026-03-16T00:00:00Z"),
        ("Friday drinks every friday starting March 20", "Friday drinks", "FREQ=WEEKLY;BYDAY=FR", "2026-03-20T00:00:00Z"),
    ])
    func rulesSaidPlainly(_ text: String, _ title: String, _ rule: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// One day of a month said by its place: this month's, or the next once it has passed
    /// ("Book club last friday of the month" was due on Friday the 13th, titled "Book club last
    /// of the month").
    @Test(arguments: [
        ("Book club last friday of the month", "Book club", "2026-03-27T00:00:00Z"),
        ("Close the books on the last day of the month", "Close the books", "2026-03-31T00:00:00+01:00"),
        ("Pay invoices on the first day of next month", "Pay invoices", "2026-04-01T00:00:00+01:00"),
        ("Team sync first monday of the month", "Team sync", "2026-04-06T00:00:00+01:00"),
        ("Review the second tuesday of this month", "Review", "2026-03-10T00:00:00Z"),
    ])
    func aDayOfTheMonthByItsPlace(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == nil, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }
}
