import Foundation
import Testing
@testable import TodoChat
import TodoCore

@Suite struct TaskMatcherTests {
    static func task(_ number: Int, _ title: String) -> TodoTask {
        try! TaskDraft(title: title).makeTask(id: UUID(), number: number, now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    let tasks = [task(1, "Report"), task(2, "Quarterly report"), task(3, "Annual report"), task(4, "Buy milk")]

    @Test func anExactTitleIsNotAmbiguousEvenWhenOthersContainIt() {
        #expect(TaskMatcher.matches("report", in: tasks).map(\.number) == [1])
        #expect(TaskMatcher.matches("  REPORT. ", in: tasks).map(\.number) == [1])
    }

    @Test func aPartialTitleMatchesEveryTaskContainingIt() {
        #expect(TaskMatcher.matches("quarterly", in: tasks).map(\.number) == [2])
        #expect(TaskMatcher.matches("rep", in: tasks).map(\.number) == [1, 2, 3])
        #expect(TaskMatcher.matches("buy mil", in: tasks).map(\.number) == [4])
        #expect(TaskMatcher.matches("bread", in: tasks).isEmpty)
    }

    @Test func aLeadingArticleNoTitleHasIsNotPartOfTheName() {
        #expect(TaskMatcher.matches("the quarterly report", in: tasks).map(\.number) == [2])
        #expect(TaskMatcher.matches("my milk", in: tasks).map(\.number) == [4])
        let withArticle = tasks + [Self.task(5, "The Great Gatsby")]
        #expect(TaskMatcher.matches("the great gatsby", in: withArticle).map(\.number) == [5])
        #expect(TaskMatcher.matches("the", in: tasks).isEmpty)
    }
}

@Suite struct AgentStateTests {
    @Test func theStateRoundTripsThroughItsStoredJSON() throws {
        let task = TaskMatcherTests.task(7, "Pay rent")
        let states = [
            AgentState(),
            AgentState(focus: task.id, listing: [task.id, UUID()], pending: .confirm(.delete, tasks: [task.id]), undo: .deleted([task])),
            AgentState(pending: .choose(message: "complete report", candidates: [UUID(), UUID()]), undo: .created([task.id])),
            AgentState(undo: .changed([TaskChange(before: task, after: nil)])),
            AgentState(undo: .changed([TaskChange(before: task, after: task)])),
        ]
        for state in states { #expect(AgentState(storedJSON: state.storedJSON) == state) }
        #expect(AgentState(storedJSON: "not json") == AgentState())
    }
}

@Suite struct ReplyWordingTests {
    @Test func datesAreSaidInTheClientsCalendar() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let now = try #require(RFC3339.parse("2026-03-28T23:30:00+01:00"))
        let wording = ReplyWording(now: now, zone: berlin)
        #expect(wording.date(try #require(RFC3339.parse("2026-03-29T09:00:00+02:00")), allDay: false) == "tomorrow at 09:00")
        #expect(wording.date(try #require(RFC3339.parse("2026-04-03T00:00:00+02:00")), allDay: true) == "Friday 3 April")
        #expect(wording.date(try #require(RFC3339.parse("2027-01-01T00:00:00+01:00")), allDay: true) == "Friday 1 January 2027")
    }

    @Test func aListingLineNamesTheTaskAndEachDetailOnce() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let now = try #require(RFC3339.parse("2026-03-25T10:00:00+01:00"))
        let wording = ReplyWording(now: now, zone: berlin)
        let full = try TaskDraft(title: "Pay rent", priority: .high, tags: ["home", "money"], dueAt: RFC3339.parse("2026-03-24T17:00:00+01:00"),
                                 timezone: "Europe/Berlin", recurrence: "FREQ=MONTHLY").makeTask(id: UUID.random(), number: 4, now: now)
        var done = try TaskDraft(title: "Tags only", tags: ["x"]).makeTask(id: UUID.random(), number: 5, now: now)
        done.status = .completed
        let plain = try TaskDraft(title: "Plain").makeTask(id: UUID.random(), number: 6, now: now)
        #expect(wording.line(full) == "#4 Pay rent — due yesterday at 17:00 (overdue), high priority, #home #money, repeats")
        #expect(wording.line(done) == "#5 Tags only — #x, done")
        #expect(wording.line(plain) == "#6 Plain")
        #expect(wording.listing([plain, done], describing: "pending tasks") == "You have 2 pending tasks:\n1. #6 Plain\n2. #5 Tags only — #x, done")
    }
}
