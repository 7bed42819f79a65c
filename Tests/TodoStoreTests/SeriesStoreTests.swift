import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// The next task of a recurring series, stored once by its derived id (issue 13 item 1).
@Suite struct SeriesStoreTests {
    static func weekly(_ fixture: StoreFixture, _ user: User, rule: String = "FREQ=WEEKLY;BYDAY=TU") throws -> TodoTask {
        try fixture.store.createTask(TaskDraft(title: "Team review", priority: .medium, tags: ["work"],
                                               dueAt: Fixed.date("2026-11-24T09:30:00+01:00"), timezone: "Europe/Berlin",
                                               recurrence: rule, reminders: [.minutesBefore(15)]),
                                     userID: user.id, now: Fixed.now)
    }

    @Test(arguments: Backend.available)
    func completingARecurringTaskCreatesItsNextTaskInTheSameTransaction(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try Self.weekly(fixture, user)
        let (completed, next) = try fixture.store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil,
                                                                                 now: Fixed.now)
        #expect(completed.status == .completed)
        let created = try #require(next)
        #expect(created.id == SeriesContinuation.nextTaskID(after: completed))
        #expect(created.number == 2 && created.seriesID == task.id && created.status == .pending)
        #expect(created.dueAt == Fixed.date("2026-12-01T09:30:00+01:00"))
        #expect(created.tags == ["work"] && created.priority == .medium && created.reminders == [.minutesBefore(15)])
        #expect(try fixture.store.task(id: created.id, userID: user.id) == created)
        let types = try fixture.store.outbox(after: 0, limit: 10).map(\.type)
        #expect(types == ["com.todo.task.created", "com.todo.task.completed", "com.todo.task.created"])
    }

    @Test(arguments: Backend.available)
    func reopeningAndCompletingAgainCreatesNothingNew(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try Self.weekly(fixture, user)
        let first = try fixture.store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try fixture.store.reopenTask(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        let later = Fixed.now.addingTimeInterval(3 * 86_400)
        let second = try fixture.store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil, now: later)
        #expect(second.next == first.next)
        #expect(try fixture.taskCount(for: user) == 2)
        // Completing a completed task changes nothing and creates nothing.
        let third = try fixture.store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil, now: later)
        #expect(third.next == nil && third.completed == second.completed)
    }

    @Test(arguments: Backend.available)
    func theLastTaskOfASeriesHasNoNextTask(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try Self.weekly(fixture, user, rule: "FREQ=WEEKLY;COUNT=1")
        let result = try fixture.store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        #expect(result.next == nil)
        #expect(try fixture.taskCount(for: user) == 1)
    }

    @Test(arguments: Backend.available)
    func createNextTaskCreatesOnceAndNothingForADeletedOrReopenedTask(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let completed = try fixture.store.completeTask(id: try Self.weekly(fixture, user).id, userID: user.id, expectedVersion: nil,
                                                       now: Fixed.now)
        let draft = try #require(SeriesContinuation.nextTask(after: completed, completedAt: Fixed.now))
        func create() throws -> NextTaskOutcome {
            try fixture.database.write { db in
                try fixture.store.createNextTask(draft, after: completed.id, userID: user.id, now: Fixed.now, in: db)
            }
        }
        guard case .created(let next) = try create() else { Issue.record("not created"); return }
        #expect(next.id == draft.id && next.number == 2)
        #expect(try create() == .alreadyCreated)
        // A completion undone (the task reopened) before it was handled makes none.
        _ = try fixture.store.reopenTask(id: completed.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        #expect(try create() == .completedTaskReopened)
        _ = try fixture.store.deleteTask(id: next.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try fixture.store.deleteTask(id: completed.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        #expect(try create() == .completedTaskGone)
        #expect(try fixture.taskCount(for: user) == 0)
    }
}
