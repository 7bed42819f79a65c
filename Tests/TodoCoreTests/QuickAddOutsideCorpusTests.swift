import Foundation
import Testing
import TodoCore

/// Sentences an outside corpus of real quick-add input (2026-12-07) found misread, at the fixed
/// now of QuickAddParserTests: Wednesday 2026-11-25 10:00 in Europe/Berlin.
@Suite struct QuickAddOutsideCorpusTests {
    static func parse(_ text: String) -> QuickAddResult { QuickAddParserTests.parse(text) }
    static func due(_ result: QuickAddResult) -> String? { QuickAddParserTests.due(result) }

    @Test(arguments: [
        ("Book club monthly on the last friday", "Book club", "FREQ=MONTHLY;BYDAY=-1FR", "2026-11-27T00:00:00+01:00"),
        ("Sync weekly on mon and thu", "Sync", "FREQ=WEEKLY;BYDAY=MO,TH", "2026-11-26T00:00:00+01:00"),
        ("Anniversary yearly on March 3", "Anniversary", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "2027-03-03T00:00:00+01:00"),
        ("Team lunch the first monday of every month", "Team lunch", "FREQ=MONTHLY;BYDAY=1MO", "2026-12-07T00:00:00+01:00"),
        ("Pay rent every 1st of the month", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=1", "2026-12-01T00:00:00+01:00"),
        ("Backup every last day of the month", "Backup", "FREQ=MONTHLY;BYMONTHDAY=-1", "2026-11-30T00:00:00+01:00"),
        ("Physio every tuesday for 5 times", "Physio", "FREQ=WEEKLY;COUNT=5;BYDAY=TU", "2026-12-01T00:00:00+01:00"),
        ("Meditate every day for 10 days", "Meditate", "FREQ=DAILY;COUNT=10", "2026-11-25T00:00:00+01:00"),
        ("Pills every day 3 times", "Pills", "FREQ=DAILY;COUNT=3", "2026-11-25T00:00:00+01:00"),
        ("Pay rent evry month on the 1st", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=1", "2026-12-01T00:00:00+01:00"),
    ])
    func readsMoreWaysOfSayingARecurrence(_ text: String, _ title: String, _ rule: String, _ due: String) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(result.recurrence == rule, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// Names one letter from a weekday stay in the title and date nothing (an outside check of
    /// the chat, 2026-12-07): "Frida" is no typo of "friday".
    @Test(arguments: [
        ("Coffee with Frida tomorrow", "Coffee with Frida", "2026-11-26T00:00:00+01:00"),
        ("Call Frida about the party", "Call Frida about the party", nil),
        ("Email Sundar the deck", "Email Sundar the deck", nil),
        ("Call Mr Mondal", "Call Mr Mondal", nil),
        ("Sunray road cleanup", "Sunray road cleanup", nil),
    ] as [(String, String, String?)])
    func namesNearAWeekdayStayInTheTitle(_ text: String, _ title: String, _ due: String?) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
    }

    /// "for 2 weeks" after a rule of two weekdays says no count of occurrences: left alone.
    @Test func aLengthInAnotherUnitThanTheRulesIsNoCount() {
        let result = Self.parse("Gym every mon and thu for 2 weeks")
        #expect(result.recurrence == "FREQ=WEEKLY;BYDAY=MO,TH")
        #expect(result.title == "Gym for 2 weeks")
    }

    @Test(arguments: [
        ("Send report by Firday 5pm", "Send report", "2026-11-27T17:00:00+01:00", false),
        ("call john tomorow", "call john", "2026-11-26T00:00:00+01:00", true),
        ("Call Ana on Wednsday", "Call Ana", "2026-12-02T00:00:00+01:00", true),
        ("Meeting nxt monday", "Meeting", "2026-11-30T00:00:00+01:00", true),
        ("Renew passport (next month)", "Renew passport", "2026-12-01T00:00:00+01:00", true),
        ("Get flowers for Mum on Sunday!", "Get flowers for Mum", "2026-11-29T00:00:00+01:00", true),
        ("meeting @ 3pm", "meeting", "2026-11-25T15:00:00+01:00", false),
        ("Exam 15.06.2027", "Exam", "2027-06-15T00:00:00+02:00", true),
        ("Renew subscription in 1 year", "Renew subscription", "2027-11-25T00:00:00+01:00", true),
        ("Check the bread in 1 hour 30 minutes", "Check the bread", "2026-11-25T11:30:00+01:00", false),
        ("Remind me to call the vet tomorrow at 10am", "call the vet", "2026-11-26T10:00:00+01:00", false),
        ("Party friday night", "Party", "2026-11-27T20:00:00+01:00", false),
        ("Call Bob tomorrow morning", "Call Bob", "2026-11-26T09:00:00+01:00", false),
        ("Nap tomorrow afternoon", "Nap", "2026-11-26T14:00:00+01:00", false),
        ("Gym this evening", "Gym", "2026-11-25T18:00:00+01:00", false),
        ("Run in the morning", "Run", "2026-11-26T09:00:00+01:00", false),
        ("Team Meeting Friday Morning", "Team Meeting", "2026-11-27T09:00:00+01:00", false),
        ("Bins this morning at 8", "Bins", "2026-11-25T08:00:00+01:00", false),
        ("Movie friday night at 8", "Movie", "2026-11-27T20:00:00+01:00", false),
    ])
    func readsTyposPunctuationAndPartsOfTheDay(_ text: String, _ title: String, _ due: String, _ allDay: Bool) {
        let result = Self.parse(text)
        #expect(result.title == title, "\(text)")
        #expect(Self.due(result) == due, "\(text)")
        #expect(result.allDay == allDay, "\(text)")
    }

    @Test func readsGluedReminderAmountsAndAPriorityAfterAComma() {
        let webinar = Self.parse("Webinar next wed 2pm remind me 30m before and 1h before")
        #expect(webinar.title == "Webinar")
        #expect(webinar.reminders == [.minutesBefore(30), .minutesBefore(60)])
        let garage = Self.parse("Call the garage, urgent!")
        #expect(garage.title == "Call the garage")
        #expect(garage.priority == .high)
        let milk = Self.parse("Buy milk #groceries,#food")
        #expect(milk.title == "Buy milk")
        #expect(milk.tags == ["groceries", "food"])
    }

    /// DESIGN §6.1: names and numbers that only look like dates stay in the title.
    @Test(arguments: ["Watch Friday Night Lights", "Prepare the Monday Board Meeting", "Pay 1/2 of the bill to Ana", "Mix 3/4 cup sugar",
                      "Call mom!", "Make a hot toddy", "Read 'Sunday Morning' tomorrow"])
    func keepsNamesAndAmountsInTheTitle(_ text: String) {
        let result = Self.parse(text)
        if text.hasSuffix("tomorrow") {
            #expect(result.title == "Read 'Sunday Morning'")
        } else {
            #expect(result.title == text)
            #expect(result.dueAt == nil, "\(text)")
        }
    }
}
