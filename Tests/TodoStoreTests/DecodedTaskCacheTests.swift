import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// Listings and reads of one task reuse the tasks decoded before (`DecodedTaskCache`): every
/// change shows in the next read, whichever write made it, in this process or another.
@Suite struct DecodedTaskCacheTests {
    /// What the database holds for each listed task, read by a store that has decoded nothing yet.
    private func stored(_ listed: [TodoTask], _ fixture: StoreFixture, _ user: User) throws -> [TodoTask] {
        let fresh = try StoreFactory.open(fixture.url)
        defer { fresh.close() }
        return try listed.map { try #require(try fresh.task(id: $0.id, userID: user.id)) }
    }

    @Test(arguments: Backend.available)
    func everyChangeShowsInTheNextListing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        let user = try fixture.makeUser()
        let created = try store.createTasks([
            TaskDraft(title: "Water the plants", tags: ["home"]),
            TaskDraft(title: "Pay rent", priority: .high, dueAt: Fixed.date("2026-12-01T09:00:00Z")),
            TaskDraft(title: "Call mum"),
        ], userID: user.id, now: Fixed.now)
        let all = TaskQuery(status: .all, sort: .created, order: .asc)
        func listed() throws -> [TodoTask] { try store.listTasks(all, userID: user.id).tasks }
        #expect(try listed() == created)

        var now = Fixed.now
        func later() -> Date { now = now.addingTimeInterval(1); return now }

        _ = try store.updateTask(id: created[0].id, userID: user.id, patch: TaskPatch(title: "Water the garden", tags: ["home", "garden"]),
                                 expectedVersion: nil, now: later())
        _ = try store.completeTask(id: created[1].id, userID: user.id, expectedVersion: nil, now: later())
        var tasks = try listed()
        #expect(tasks.map(\.title) == ["Water the garden", "Pay rent", "Call mum"])
        #expect(tasks[0].tags == ["home", "garden"])
        #expect(tasks[1].status == .completed)
        #expect(try tasks == stored(tasks, fixture, user))
        #expect(try store.task(id: created[0].id, userID: user.id)?.title == "Water the garden")
        #expect(try store.task(number: created[1].number, userID: user.id)?.status == .completed)

        // In the same millisecond as the change before: the version still tells them apart.
        _ = try store.reopenTask(id: created[1].id, userID: user.id, expectedVersion: nil, now: now)
        #expect(try listed()[1].status == .pending)

        // Another process (a `todo` command beside the server) changes the same file or schema.
        let other = try StoreFactory.open(fixture.url)
        defer { other.close() }
        _ = try other.updateTask(id: created[2].id, userID: user.id, patch: TaskPatch(priority: .low), expectedVersion: nil, now: later())
        tasks = try listed()
        #expect(tasks[2].priority == .low)
        #expect(try tasks == stored(tasks, fixture, user))

        // Deleted, then put back: listed as restored, not as cached before the delete.
        let deleted = try store.deleteTask(id: created[2].id, userID: user.id, expectedVersion: nil, now: later())
        #expect(try listed().map(\.title) == ["Water the garden", "Pay rent"])
        let restored = try store.restoreTask(deleted, userID: user.id, now: later())
        tasks = try listed()
        #expect(tasks.last == restored)
        #expect(try tasks == stored(tasks, fixture, user))
    }

    /// The cache keys on what every change sets: a row whose version and update time are
    /// unchanged is not decoded again. (A write that skipped them would be served stale, which
    /// is why every write path bumps both.)
    @Test func anUnchangedVersionAndUpdateTimeReuseTheDecodedTask() throws {
        let fixture = try StoreFixture(.sqlite)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Original"), userID: user.id, now: Fixed.now)
        #expect(try fixture.store.listTasks(TaskQuery(), userID: user.id).tasks.map(\.title) == ["Original"])
        try fixture.database.write { db in
            try db.execute("UPDATE tasks SET title = 'Changed behind the store' WHERE id = ?", [.text(task.id.lowercasedString)])
        }
        #expect(try fixture.store.listTasks(TaskQuery(), userID: user.id).tasks.map(\.title) == ["Original"])
        #expect(try fixture.store.task(id: task.id, userID: user.id)?.title == "Original")
        #expect(try stored([task], fixture, user).map(\.title) == ["Changed behind the store"])
    }
}
