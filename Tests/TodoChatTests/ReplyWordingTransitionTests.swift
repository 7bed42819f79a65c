import Foundation
import Testing
@testable import TodoChat
import TodoCore

@Suite struct ReplyWordingAcrossTransitionsTests {
    /// Wednesday 25 March 2026, 10:00 in Berlin (CET, the Sunday before DST starts).
    static let now = Date(timeIntervalSince1970: 1_774_429_200)
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    let wording = ReplyWording(now: now, zone: berlin)

    static func task(_ number: Int, _ title: String, due: String? = nil, allDay: Bool = false, priority: Priority = .none,
                     tags: [String] = [], recurrence: String? = nil, status: TaskStatus = .pending) -> TodoTask {
        TodoTask(id: UUID(), number: number, title: title, status: status, priority: priority, tags: tags,
                 dueAt: due.map { RFC3339.parse($0)! }, allDay: allDay, timezone: "Europe/Berlin", recurrence: recurrence,
                 createdAt: now, updatedAt: now)
    }

    @Test func datesAreWordedInTheClientsCalendarAcrossTheDSTChange() {
        #expect(wording.date(RFC3339.parse("2026-03-25T16:00:00Z")!, allDay: false) == "today at 17:00")
        #expect(wording.date(RFC3339.parse("2026-03-24T23:30:00Z")!, allDay: false) == "today at 00:30")
        #expect(wording.date(RFC3339.parse("2026-03-24T22:59:00Z")!, allDay: false) == "yesterday at 23:59")
        #expect(wording.date(RFC3339.parse("2026-03-26T08:05:00Z")!, allDay: false) == "tomorrow at 09:05")
        // After the spring change: 2 hours east of UTC.
        #expect(wording.date(RFC3339.parse("2026-03-30T07:00:00Z")!, allDay: false) == "Monday 30 March at 09:00")
        #expect(wording.date(RFC3339.parse("2026-12-31T23:00:00Z")!, allDay: true) == "Friday 1 January 2027")
        #expect(wording.date(RFC3339.parse("2025-11-05T11:00:00Z")!, allDay: false) == "Wednesday 5 November 2025 at 12:00")
    }

    @Test func aListingNamesEveryTaskWithWhatMatters() {
        let tasks = [
            Self.task(4, "Buy milk", due: "2026-03-26T16:00:00Z", priority: .high, tags: ["home", "errands"]),
            Self.task(12, "Pay rent", due: "2026-03-24T23:00:00Z", allDay: true, recurrence: "FREQ=MONTHLY"),
            Self.task(137, "Call Ana", due: "2026-03-25T08:00:00Z"),
            Self.task(9, "Read “Dune”", status: .completed),
        ]
        #expect(wording.listing(tasks, describing: "tasks") == """
            You have 4 tasks:
            1. #4 Buy milk — due tomorrow at 17:00, high priority, #home #errands
            2. #12 Pay rent — due today, repeats
            3. #137 Call Ana — due today at 09:00 (overdue)
            4. #9 Read “Dune” — done
            """)
        #expect(wording.listing([tasks[2]], describing: "pending tasks") == "You have 1 pending task:\n1. #137 Call Ana — due today at 09:00 (overdue)")
        #expect(wording.line(tasks[0]) == "#4 Buy milk — due tomorrow at 17:00, high priority, #home #errands")
    }

    @Test func repliesWriteNumbersDigitByDigit() {
        var text = ReplyText(capacity: 8)
        for n in [0, 7, 10, 99, 100, 1_234_567, -42, Int.max] {
            text.append(n)
            text.append(" ")
        }
        text.appendTwoDigits(5)
        text.appendTwoDigits(59)
        #expect(text.string == "0 7 10 99 100 1234567 -42 \(Int.max) 0559")
    }
}
