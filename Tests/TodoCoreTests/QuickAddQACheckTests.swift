import Foundation
import Testing
import TodoCore

/// Sentences an outside QA check of quick-add (2026-03) found misread, at its own fixed now:
/// Tuesday 2026-03-10 09:00 in Europe/London (GMT until 29 March, BST after).
@Suite struct QuickAddQACheckTests {
    static let london = ZonedTime.zone(named: "Europe/London")!
    static let now = RFC3339.parse("2026-03-10T09:00:00Z")!

    static func parse(_ text: String) -> QuickAddResult { QuickAddParserTests.parse(text, now: now, zone: london) }
    static func due(_ result: QuickAddResult) -> String? { QuickAddParserTests.due(result, zone: london) }

    @Test(arguments: [
        ("Call Sam at 9pm tonight", "2026-03-10T21:00:00Z"),
        ("Call Sam 9pm tonight", "2026-03-10T21:00:00Z"),
        ("Call Sam at 10.30pm tonight", "2026-03-10T22:30:00Z"),
        ("Call Sam at 6 tonight", "2026-03-10T18:00:00Z"),
        ("Call Sam at 9 tonight", "2026-03-10T21:00:00Z"),
        ("Call Sam at 7 this evening", "2026-03-10T19:00:00Z"),
        ("Call Sam at 7:30 this evening", "2026-03-10T19:30:00Z"),
        ("Call Sam at 17:30 this evening", "2026-03-10T17:30:00Z"),
        ("Call Sam at 7am tomorrow morning", "2026-03-11T07:00:00Z"),
        ("Call Sam at 5 tomorrow morning", "2026-03-11T05:00:00Z"),
        ("Call Sam tomorrow morning at 7", "2026-03-11T07:00:00Z"),
        ("Call Sam at 7 in the morning", "2026-03-11T07:00:00Z"),
        ("Call Sam friday night at 11", "2026-03-13T23:00:00Z"),
        ("Call Sam at 4 friday afternoon", "2026-03-13T16:00:00Z"),
    ])
    func anExplicitTimeWinsOverAPartOfTheDayWhichSaysAmOrPm(_ text: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == "Call Sam", "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(!result.allDay, "\(text)")
    }

    @Test(arguments: [
        ("Sign lease on Wednesday the 18th", "Sign lease", "2026-03-18T00:00:00Z"),
        ("Dentist on Friday the 13th", "Dentist", "2026-03-13T00:00:00Z"),
        ("Call the landlord on Mon 16th", "Call the landlord", "2026-03-16T00:00:00Z"),
        ("Call the landlord on Monday 16th March", "Call the landlord", "2026-03-16T00:00:00Z"),
        ("Follow up a week from today", "Follow up", "2026-03-17T00:00:00Z"),
        ("Follow up two weeks from now", "Follow up", "2026-03-24T00:00:00Z"),
        ("Follow up 3 days from today", "Follow up", "2026-03-13T00:00:00Z"),
        ("Follow up a week from tomorrow", "Follow up", "2026-03-18T00:00:00Z"),
        ("Follow up in a couple of days", "Follow up", "2026-03-12T00:00:00Z"),
        ("Follow up a couple of days from now", "Follow up", "2026-03-12T00:00:00Z"),
        ("Pay rent on the first", "Pay rent", "2026-04-01T00:00:00+01:00"),
        ("Pay rent by the fifteenth", "Pay rent", "2026-03-15T00:00:00Z"),
        ("Pay rent on the first at 9am", "Pay rent", "2026-04-01T09:00:00+01:00"),
        ("Dentist on Friday the thirteenth", "Dentist", "2026-03-13T00:00:00Z"),
        ("Party on the first of May", "Party", "2026-05-01T00:00:00+01:00"),
        ("Pay rent on the 1st of the month", "Pay rent", "2026-04-01T00:00:00+01:00"),
        ("Submit the form yesterday", "Submit the form", "2026-03-09T00:00:00Z"),
    ])
    func readsAWeekdayWithItsDateAndDaysCountedFromToday(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// An ordinal word is a day only where nothing but the date can follow it.
    @Test(arguments: ["Meet on the second floor", "Pass on the first try", "Follow up a week from Sam", "Remove 3 days from the plan"])
    func keepsOrdinalWordsAndCountsThatAreNoDateInTheTitle(_ text: String) {
        let result = Self.parse(text)
        #expect(result.title == text)
        #expect(result.dueAt == nil, "\(text)")
    }

    @Test(arguments: [
        ("Sunday school lesson plan", "Sunday school lesson plan", nil, nil),
        ("Sunday school prep on Saturday", "Sunday school prep", "2026-03-14T00:00:00Z", nil),
        ("Sunday school every sunday at 10am", "Sunday school", "2026-03-15T10:00:00Z", "FREQ=WEEKLY;BYDAY=SU"),
        ("Iron my sunday best", "Iron my sunday best", nil, nil),
        ("Print the Sunday service sheets", "Print the Sunday service sheets", nil, nil),
        ("Check Black Friday deals", "Check Black Friday deals", nil, nil),
        ("Plan the Easter Sunday lunch on Saturday", "Plan the Easter Sunday lunch", "2026-03-14T00:00:00Z", nil),
        ("cyber monday sale tomorrow", "cyber monday sale", "2026-03-11T00:00:00Z", nil),
        ("Check train times for Easter weekend", "Check train times for Easter weekend", nil, nil),
        ("Book hotel for the bank holiday weekend", "Book hotel for the bank holiday weekend", nil, nil),
    ] as [(String, String, String?, String?)])
    func aWeekdayThatNamesAThingIsNoDate(_ text: String, _ title: String, _ due: String?, _ rule: String?) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
    }

    @Test(arguments: [
        ("Pay rent on the 1st of every month", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=1", "2026-04-01T00:00:00+01:00", true),
        ("Pay rent the 15th of each month", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=15", "2026-03-15T00:00:00Z", true),
        ("Team lunch on the first monday of every month", "Team lunch", "FREQ=MONTHLY;BYDAY=1MO", "2026-04-06T00:00:00+01:00", true),
        ("Bins out every thursday night", "Bins out", "FREQ=WEEKLY;BYDAY=TH", "2026-03-12T20:00:00Z", false),
        ("Bins out every thursday night at 9", "Bins out", "FREQ=WEEKLY;BYDAY=TH", "2026-03-12T21:00:00Z", false),
        ("Update journal every night at 10pm", "Update journal", "FREQ=DAILY", "2026-03-10T22:00:00Z", false),
        ("Water the garden every evening at 7pm", "Water the garden", "FREQ=DAILY", "2026-03-10T19:00:00Z", false),
        ("Stretch every morning", "Stretch", "FREQ=DAILY", "2026-03-10T09:00:00Z", false),
        ("Stretch every morning at 7", "Stretch", "FREQ=DAILY", "2026-03-11T07:00:00Z", false),
    ])
    func readsMonthDaysAndPartsOfTheDayInRecurrences(_ text: String, _ title: String, _ rule: String, _ due: String, _ allDay: Bool) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.allDay == allDay, "\(text)")
    }

    /// DESIGN §6.1 reads a colon time after "at" as written ("at 8:45" = 08:45); a dot time
    /// after "at" is read the same way.
    @Test(arguments: [
        ("Order cake at 11.30", "Order cake", "2026-03-10T11:30:00Z"),
        ("Ring the garage at 9.30 tomorrow", "Ring the garage", "2026-03-11T09:30:00Z"),
        ("Call the vet at 8.45", "Call the vet", "2026-03-11T08:45:00Z"),
        ("Call the vet at 8:45", "Call the vet", "2026-03-11T08:45:00Z"),
        ("Call the vet at 8.45 tonight", "Call the vet", "2026-03-10T20:45:00Z"),
    ])
    func readsADotTimeAfterAt(_ text: String, _ title: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(!result.allDay, "\(text)")
    }

    /// A capitalised frequency inside a sentence followed by a capitalised word that is no date
    /// word is a name, as a weekday is ("Watch Friday Night Lights").
    @Test(arguments: ["Read the Daily Mail article", "Listen to Weekly Planet podcast", "Buy the Daily Telegraph"])
    func aCapitalisedFrequencyBeforeANameIsPartOfIt(_ text: String) {
        let result = Self.parse(text)
        #expect(result.title == text)
        #expect(result.recurrence == nil, "\(text)")
        #expect(result.dueAt == nil, "\(text)")
    }

    @Test func aFrequencyBeforeDateWordsOrLowerCaseWordsStaysARule() {
        #expect(Self.parse("Team Sync Weekly On Monday").recurrence == "FREQ=WEEKLY;BYDAY=MO")
        #expect(Self.parse("Water Plants Daily").recurrence == "FREQ=DAILY")
        let notes = Self.parse("Daily standup notes every friday")
        #expect(notes.title == "Daily standup notes")
        #expect(notes.recurrence == "FREQ=WEEKLY;BYDAY=FR")
    }

    /// `todo add --due 4/31`: a numeric date with a day its month lacks is named as such, as
    /// `2026-04-31` is, in either date order.
    @Test(arguments: [("4/31", nil), ("31/4", nil), ("4/31/2027", 2027), ("31.04.2027", 2027)] as [(String, Int?)])
    func aNumericDateWithADayItsMonthLacksIsNamed(_ text: String, _ year: Int?) {
        for order in DateOrder.allCases {
            let parser = QuickAddParser(now: Self.now, zone: Self.london, dateOrder: order)
            #expect(throws: DateInputError.noSuchDay(month: 4, day: 31, year: year), "\(text) \(order)") { try parser.readDate(text) }
        }
    }
}
