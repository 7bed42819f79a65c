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

/// SQLite listings read each task's id, version and update time first and whole rows in a second
/// statement (`TaskListing.fetchKnownFirst`). Outside a snapshot the two may read different
/// commits: a task changed or deleted in between must send the page back to one statement, not
/// mix an old key with a new row.
@Suite struct KeysFirstListingTests {
    /// Runs another write right after the listing's first statement, as a concurrent commit would.
    private final class WriteBetweenStatements: SQLConnection {
        let base: any SQLConnection
        let between: () throws -> Void
        private(set) var statements: [String] = []
        var dialect: SQLDialect { base.dialect }

        init(_ base: any SQLConnection, between: @escaping () throws -> Void) {
            self.base = base
            self.between = between
        }

        func execute(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> Int { try base.execute(sql, arguments) }
        func executeDeferred(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) { try base.executeDeferred(sql, arguments) }
        func executeScript(_ sql: String) throws(DatabaseError) { try base.executeScript(sql) }
        func query(_ sql: String, _ arguments: [SQLValue], row: (any SQLRow) throws -> Void) throws {
            try base.query(sql, arguments, row: row)
            statements.append(sql)
            if statements.count == 1 { try between() }
        }
    }

    private func listing(_ user: User, _ status: TaskQuery.StatusFilter = .all, decoded: DecodedTaskCache) throws -> TaskListing {
        try TaskListing(query: TaskQuery(status: status, sort: .created, order: .asc).validated(), userID: user.id, decoded: decoded)
    }

    @Test func aTaskChangedBetweenTheStatementsIsListedAsItIsNow() throws {
        let fixture = try StoreFixture(.sqlite)
        let store = fixture.store
        let user = try fixture.makeUser()
        let created = try store.createTasks([TaskDraft(title: "Water the plants"), TaskDraft(title: "Pay rent"), TaskDraft(title: "Call mum")],
                                            userID: user.id, now: Fixed.now)
        // An empty cache: every row is read in the second statement, after the changes. The
        // keys say "pending"; the rows would bring a completed task into a pending listing.
        let page = try fixture.database.read { db in
            let connection = WriteBetweenStatements(db) {
                _ = try store.completeTask(id: created[1].id, userID: user.id, expectedVersion: nil, now: Fixed.now.addingTimeInterval(1))
                _ = try store.updateTask(id: created[2].id, userID: user.id, patch: TaskPatch(title: "Call dad"),
                                         expectedVersion: nil, now: Fixed.now.addingTimeInterval(1))
            }
            let tasks = try listing(user, .pending, decoded: DecodedTaskCache()).run(connection)
            #expect(connection.statements.count == 3, "keys, rows, then the whole page again")
            return tasks
        }
        #expect(page.tasks.map(\.title) == ["Water the plants", "Call dad"])
        #expect(page.tasks.allSatisfy { $0.status == .pending })
    }

    @Test func aTaskDeletedBetweenTheStatementsIsNotListed() throws {
        let fixture = try StoreFixture(.sqlite)
        let store = fixture.store
        let user = try fixture.makeUser()
        let created = try store.createTasks([TaskDraft(title: "Water the plants"), TaskDraft(title: "Pay rent")],
                                            userID: user.id, now: Fixed.now)
        let page = try fixture.database.read { db in
            try listing(user, decoded: DecodedTaskCache()).run(WriteBetweenStatements(db) {
                _ = try store.deleteTask(id: created[0].id, userID: user.id, expectedVersion: nil, now: Fixed.now.addingTimeInterval(1))
            })
        }
        #expect(page.tasks.map(\.title) == ["Pay rent"])
    }

    @Test func withNothingChangedTheCachedTasksNeedNoSecondStatement() throws {
        let fixture = try StoreFixture(.sqlite)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks([TaskDraft(title: "Water the plants")], userID: user.id, now: Fixed.now)
        let decoded = DecodedTaskCache()
        _ = try fixture.database.read { db in try listing(user, decoded: decoded).run(db) }
        let statements = try fixture.database.read { db in
            let connection = WriteBetweenStatements(db) {}
            _ = try listing(user, decoded: decoded).run(connection)
            return connection.statements.count
        }
        #expect(statements == 1)
    }
}
