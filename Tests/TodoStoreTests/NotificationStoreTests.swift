import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// Reminder firings and notifications: a reminder fires once, only while its task is pending
/// and still has it, with its notification and event in the same transaction.
@Suite struct NotificationStoreTests {
    /// A task due 2026-11-24T12:00Z with reminders 30 minutes before and at an instant.
    private func taskWithReminders(_ fixture: StoreFixture, _ user: User) throws -> TodoTask {
        try fixture.store.createTask(TaskDraft(title: "Call the plumber", dueAt: Fixed.date("2026-11-24T12:00:00Z"),
                                               reminders: [.minutesBefore(30), .at(Fixed.date("2026-11-24T11:00:00Z"))]),
                                     userID: user.id, now: Fixed.now)
    }

    private func reminder(_ task: TodoTask, _ user: User, _ instant: String) -> DueReminder {
        DueReminder(taskID: task.id, userID: user.id, dueAtMilliseconds: Timestamp.milliseconds(Fixed.date(instant)))
    }

    private func outboxTypes(_ fixture: StoreFixture, _ user: User) throws -> [String] {
        try fixture.store.outbox(after: 0, limit: 1000).filter { $0.userID == user.id }.map(\.type)
    }

    @Test(arguments: Backend.available)
    func unfiredRemindersAreEveryInstantOfPendingTasks(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try taskWithReminders(fixture, user)
        _ = try fixture.store.createTask(TaskDraft(title: "no reminders"), userID: user.id, now: Fixed.now)
        let loaded = try fixture.store.unfiredReminders()
        #expect(loaded.count == 1)
        #expect(loaded.first?.taskVersion == task.version)
        #expect(loaded.first?.reminders == [reminder(task, user, "2026-11-24T11:00:00Z"), reminder(task, user, "2026-11-24T11:30:00Z")])
    }

    @Test(arguments: Backend.available)
    func aReminderFiresOnceWithItsNotificationAndEvent(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try taskWithReminders(fixture, user)
        let due = reminder(task, user, "2026-11-24T11:30:00Z")
        let firedAt = Fixed.date("2026-11-24T11:30:00.250Z")
        let first = try fixture.store.fireReminders([due], now: firedAt)
        let again = try fixture.store.fireReminders([due], now: firedAt.addingTimeInterval(5))
        guard case .fired(let notification) = first.first else { Issue.record("not fired: \(first)"); return }
        #expect(again == [.alreadyFired])
        #expect(notification.late == false && notification.read == false && notification.channel == "in_app")
        #expect(notification.dueAt == due.dueAt && notification.firedAt == firedAt)
        #expect(try fixture.store.notifications(userID: user.id, limit: 50, cursor: nil).notifications == [notification])
        #expect(try outboxTypes(fixture, user) == ["com.todo.task.created", "com.todo.reminder.due"])
        #expect(try fixture.store.unfiredReminders().first?.reminders == [reminder(task, user, "2026-11-24T11:00:00Z")])
    }

    @Test(arguments: Backend.available)
    func aReminderFiredMoreThanASecondLateIsMarkedLate(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try taskWithReminders(fixture, user)
        let firings = try fixture.store.fireReminders([reminder(task, user, "2026-11-24T11:00:00Z")], now: Fixed.date("2026-11-24T11:00:01.001Z"))
        guard case .fired(let notification) = firings.first else { Issue.record("not fired: \(firings)"); return }
        #expect(notification.late)
    }

    @Test(arguments: Backend.available)
    func aDeletedCompletedOrChangedTaskFiresNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let deleted = try taskWithReminders(fixture, user)
        let completed = try taskWithReminders(fixture, user)
        let changed = try taskWithReminders(fixture, user)
        _ = try fixture.store.deleteTask(id: deleted.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try fixture.store.completeTask(id: completed.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try fixture.store.updateTask(id: changed.id, userID: user.id, patch: TaskPatch(reminders: [.minutesBefore(10)]),
                                         expectedVersion: nil, now: Fixed.now)
        let eventsBefore = try fixture.eventCount(for: user)
        let firings = try fixture.store.fireReminders([deleted, completed, changed].map { reminder($0, user, "2026-11-24T11:30:00Z") },
                                                      now: Fixed.date("2026-11-24T11:30:00Z"))
        #expect(firings == [.stale(reason: "task_deleted"), .stale(reason: "task_completed"), .stale(reason: "reminder_changed")])
        #expect(try fixture.store.notifications(userID: user.id, limit: 50, cursor: nil).notifications.isEmpty)
        #expect(try fixture.eventCount(for: user) == eventsBefore)
    }

    @Test(arguments: Backend.available)
    func twoSchedulersFiringTogetherFireOnce(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let other = try StoreFactory.open(fixture.url)
        defer { other.close() }
        let user = try fixture.makeUser()
        let tasks = try (0..<20).map { _ in try taskWithReminders(fixture, user) }
        let due = tasks.map { reminder($0, user, "2026-11-24T11:30:00Z") }
        let results = LockedResults()
        let group = DispatchGroup()
        for store in [fixture.store, other] {
            DispatchQueue.global().async(group: group) {
                for reminder in due { results.append(Result { try store.fireReminders([reminder], now: Fixed.date("2026-11-24T11:30:00Z")) }) }
            }
        }
        group.wait()
        let firings = try results.all.flatMap { try $0.get() }
        #expect(firings.filter { if case .fired = $0 { true } else { false } }.count == 20)
        #expect(firings.filter { $0 == .alreadyFired }.count == 20)
        #expect(try fixture.store.notifications(userID: user.id, limit: 100, cursor: nil).notifications.count == 20)
    }

    @Test(arguments: Backend.available)
    func notificationsAreListedNewestFirstByPagesAndMarkedRead(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser(), stranger = try fixture.makeUser()
        var fired: [UserNotification] = []
        for minute in 0..<5 {
            let task = try taskWithReminders(fixture, user)
            let at = Fixed.date("2026-11-24T11:30:00Z").addingTimeInterval(Double(minute) * 60)
            let firings = try fixture.store.fireReminders([reminder(task, user, "2026-11-24T11:30:00Z")], now: at)
            if case .fired(let notification) = firings.first { fired.append(notification) }
        }
        let first = try fixture.store.notifications(userID: user.id, limit: 3, cursor: nil)
        let second = try fixture.store.notifications(userID: user.id, limit: 3, cursor: first.nextCursor)
        #expect(first.notifications == Array(fired.reversed().prefix(3)))
        #expect(second.notifications == Array(fired.reversed().suffix(2)) && second.nextCursor == nil)
        #expect(throws: StoreError.self) { try fixture.store.notifications(userID: user.id, limit: 3, cursor: "not-a-cursor") }

        let read = try fixture.store.markNotificationRead(id: fired[0].id, userID: user.id, now: Fixed.now)
        #expect(read?.read == true)
        #expect(try fixture.store.markNotificationRead(id: fired[0].id, userID: user.id, now: Fixed.now) == read)
        #expect(try fixture.store.markNotificationRead(id: fired[1].id, userID: stranger.id, now: Fixed.now) == nil)
        #expect(try fixture.store.notifications(userID: stranger.id, limit: 50, cursor: nil).notifications.isEmpty)
    }

    @Test(arguments: Backend.available)
    func aDeliveryWritesItsEventWithTheUsersNextSequence(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try taskWithReminders(fixture, user)
        let firings = try fixture.store.fireReminders([reminder(task, user, "2026-11-24T11:30:00Z")], now: Fixed.date("2026-11-24T11:30:00Z"))
        guard case .fired(let notification) = firings.first else { Issue.record("not fired"); return }
        let delivered = try fixture.database.write { db in try fixture.store.recordDelivery(of: notification.id, in: db, now: Fixed.now) }
        #expect(delivered)
        let events = try fixture.store.outbox(after: 0, limit: 100).filter { $0.userID == user.id }
        #expect(events.map(\.type) == ["com.todo.task.created", "com.todo.reminder.due", "com.todo.notification.delivered"])
        #expect(events.map(\.sequence) == [1, 2, 3])
        let data = try JSONParser.parse(events[2].data)
        #expect(data["notification"]?["id"] == .string(notification.id.lowercasedString))
        #expect(data["task"]?["title"] == .string("Call the plumber"))
    }
}

/// Results gathered from several threads.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[ReminderFiring], any Error>] = []

    func append(_ result: Result<[ReminderFiring], any Error>) { lock.withLock { results.append(result) } }
    var all: [Result<[ReminderFiring], any Error>] { lock.withLock { results } }
}
