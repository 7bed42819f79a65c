import Foundation
import Testing
import TodoCore

/// The next task of a recurring series, as the service and `todo done` both compute it.
@Suite struct SeriesContinuationTests {
    static let created = RFC3339.parse("2030-03-01T08:00:00Z")!

    static func task(_ rule: String?, due: String, from anchor: RecurrenceAnchor = .due, series: UUID? = nil,
                     completed: String) -> TodoTask {
        TodoTask(id: UUID(uuidString: "0190c2a4-7d3e-7c1a-9f00-000000000001")!, number: 4, title: "Water the plants",
                 description: "the big ones too", status: .completed, priority: .high, tags: ["home", "garden"],
                 dueAt: RFC3339.parse(due), timezone: "Europe/Berlin", recurrence: rule, recurrenceFrom: anchor, seriesID: series,
                 reminders: [.minutesBefore(30), .at(RFC3339.parse(due)!.addingTimeInterval(-3600))], createdAt: created,
                 updatedAt: created, completedAt: RFC3339.parse(completed), version: 2)
    }

    static func next(_ task: TodoTask) -> TaskDraft? {
        SeriesContinuation.nextTask(after: task, completedAt: task.completedAt!)
    }

    @Test func nameBasedIDsFollowRFC9562() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(UUID.nameBased(namespace: dns, name: "www.example.com").lowercasedString == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    /// A time the rule put in a spring-forward gap (02:30 on Berlin's change night, due 03:30)
    /// does not move the series: the task after it is at 02:30 again, as the preview says. A
    /// first task the user dated 03:30 that night keeps 03:30.
    @Test func aDueTimeMovedOutOfADSTGapDoesNotMoveTheSeries() throws {
        let series = UUID()
        for anchor in [RecurrenceAnchor.due, .completion] {
            let shifted = Self.task("FREQ=DAILY", due: "2027-03-28T03:30:00+02:00", from: anchor, series: series,
                                    completed: "2027-03-28T05:00:00Z")
            #expect(try #require(Self.next(shifted)).dueAt == RFC3339.parse("2027-03-29T02:30:00+02:00"), "\(anchor)")
        }
        let weekly = Self.task("FREQ=WEEKLY", due: "2027-03-28T03:15:00+02:00", series: series, completed: "2027-03-28T05:00:00Z")
        #expect(try #require(Self.next(weekly)).dueAt == RFC3339.parse("2027-04-04T02:15:00+02:00"))
        let dated = Self.task("FREQ=DAILY", due: "2027-03-28T03:30:00+02:00", completed: "2027-03-28T05:00:00Z")
        #expect(try #require(Self.next(dated)).dueAt == RFC3339.parse("2027-03-29T03:30:00+02:00"))
        let later = Self.task("FREQ=DAILY", due: "2027-03-28T07:30:00+02:00", series: series, completed: "2027-03-28T06:00:00Z")
        #expect(try #require(Self.next(later)).dueAt == RFC3339.parse("2027-03-29T07:30:00+02:00"))
    }

    @Test func nextTaskCarriesTheFieldsAndTheSeries() throws {
        let completed = Self.task("FREQ=WEEKLY;BYDAY=MO", due: "2030-03-04T09:30:00+01:00", completed: "2030-03-04T10:00:00Z")
        let next = try #require(Self.next(completed))
        #expect(next.dueAt == RFC3339.parse("2030-03-11T09:30:00+01:00"))
        #expect(next.title == completed.title && next.description == completed.description)
        #expect(next.priority == .high && next.tags == ["home", "garden"] && next.timezone == "Europe/Berlin")
        #expect(next.recurrence == "FREQ=WEEKLY;BYDAY=MO" && next.recurrenceFrom == .due && next.status == .pending)
        // The first task of a series is the series: its id.
        #expect(next.seriesID == completed.id)
        // An absolute reminder keeps its lead on the due date; a relative one stays as it is.
        #expect(next.reminders == [.minutesBefore(30), .at(RFC3339.parse("2030-03-11T08:30:00+01:00")!)])
    }

    /// An absolute reminder keeps its time of day when the clocks change between it and the
    /// next due date (it moved by elapsed time: Saturday 09:00 became 10:00 in spring, 08:00 in
    /// autumn, and stayed so for the rest of the series).
    @Test(arguments: [
        ("2027-03-29T09:00:00+02:00", "2027-03-27T09:00:00+01:00", "2027-04-05T09:00:00+02:00", "2027-04-03T09:00:00+02:00"),
        ("2026-10-26T09:00:00+01:00", "2026-10-24T09:00:00+02:00", "2026-11-02T09:00:00+01:00", "2026-10-31T09:00:00+01:00"),
        ("2027-03-22T09:00:00+01:00", "2027-03-20T09:00:00+01:00", "2027-03-29T09:00:00+02:00", "2027-03-27T09:00:00+01:00"),
    ])
    func anAbsoluteReminderKeepsItsTimeOfDayAcrossAChangeOfSummerTime(_ due: String, _ reminder: String, _ nextDue: String,
                                                                        _ nextReminder: String) throws {
        var task = Self.task("FREQ=WEEKLY", due: due, completed: due)
        task.reminders = [.at(RFC3339.parse(reminder)!), .minutesBefore(15)]
        let next = try #require(Self.next(task))
        #expect(next.dueAt == RFC3339.parse(nextDue))
        #expect(next.reminders == [.at(RFC3339.parse(nextReminder)!), .minutesBefore(15)])
    }

    @Test func theIDDependsOnTheCompletedTaskNotOnWhenItWasCompleted() throws {
        let first = Self.task("FREQ=DAILY", due: "2030-03-04T09:30:00+01:00", from: .completion, completed: "2030-03-04T10:00:00Z")
        var again = first
        again.completedAt = RFC3339.parse("2030-03-06T10:00:00Z")
        let (a, b) = (try #require(Self.next(first)), try #require(Self.next(again)))
        #expect(a.dueAt != b.dueAt)
        #expect(a.id == b.id && a.id == SeriesContinuation.nextTaskID(after: first))
        #expect(a.id?.lowercasedString.dropFirst(14).first == "5")
    }

    @Test func aLaterTaskOfTheSeriesKeepsTheSeriesAndGetsAnotherID() throws {
        let series = UUID(uuidString: "0190c2a4-7d3e-7c1a-9f00-0000000000aa")!
        let first = Self.task("FREQ=DAILY", due: "2030-03-04T09:30:00+01:00", completed: "2030-03-04T10:00:00Z")
        let later = Self.task("FREQ=DAILY", due: "2030-03-04T09:30:00+01:00", series: series, completed: "2030-03-04T10:00:00Z")
        #expect(try #require(Self.next(later)).seriesID == series)
        #expect(Self.next(later)?.id != Self.next(first)?.id)
    }

    @Test func countEndsTheSeries() throws {
        let two = Self.task("FREQ=DAILY;COUNT=2", due: "2030-03-04T09:30:00+01:00", completed: "2030-03-04T10:00:00Z")
        let next = try #require(Self.next(two))
        #expect(next.recurrence == "FREQ=DAILY;COUNT=1")
        var last = two
        last.recurrence = next.recurrence
        #expect(Self.next(last) == nil)
    }

    @Test func untilEndsTheSeries() {
        let task = Self.task("FREQ=DAILY;UNTIL=20300305T000000Z", due: "2030-03-04T09:30:00+01:00", completed: "2030-03-04T10:00:00Z")
        #expect(Self.next(task) == nil)
    }

    @Test func fromCompletionCountsFromTheDayOfCompletion() throws {
        // Due Monday, done Thursday: "every! 3 days" is next due Sunday at the due time.
        let task = Self.task("FREQ=DAILY;INTERVAL=3", due: "2030-03-04T09:30:00+01:00", from: .completion,
                             completed: "2030-03-07T15:00:00Z")
        #expect(try #require(Self.next(task)).dueAt == RFC3339.parse("2030-03-10T09:30:00+01:00"))
    }

    /// A series whose next date is past the last a task can have (9999-12-31) ends quietly.
    @Test func aSeriesEndsAtTheLastDateATaskCanHave() throws {
        #expect(Self.next(Self.task("FREQ=YEARLY", due: "9999-06-01T09:00:00Z", completed: "2030-03-01T10:00:00Z")) == nil)
        #expect(Self.next(Self.task("FREQ=DAILY", due: "9999-12-31T00:00:00Z", completed: "2030-03-01T10:00:00Z")) == nil)
        #expect(try #require(Self.next(Self.task("FREQ=DAILY", due: "9999-12-29T09:00:00Z", completed: "2030-03-01T10:00:00Z"))).dueAt
                    == RFC3339.parse("9999-12-30T09:00:00Z"))
    }

    @Test func aTaskThatDoesNotRepeatHasNoNextTask() {
        #expect(Self.next(Self.task(nil, due: "2030-03-04T09:30:00+01:00", completed: "2030-03-04T10:00:00Z")) == nil)
    }
}
