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
}
