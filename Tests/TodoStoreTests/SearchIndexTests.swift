import Foundation
import Testing
import TodoCore
@testable import TodoStore
import TodoTestSupport

/// SQLite's full-text index is brought up to date in the background: a search never writes,
/// sees every committed task (also those not indexed yet), and reads its user's entries only.
@Suite struct SearchIndexTests {
    /// SQLite's write lock, held by another connection as a long write of another process would.
    final class WriteLockHolder {
        let connection: SQLiteConnection

        init(path: String) throws {
            connection = try SQLiteConnection(path: path, readOnly: false)
            try connection.execute("BEGIN IMMEDIATE", [])
        }

        deinit { _ = try? connection.execute("ROLLBACK", []) }
    }

    static func sqlitePath(_ fixture: StoreFixture) -> String {
        guard case .sqlite(let path) = fixture.url else { fatalError("not SQLite") }
        return path
    }

    static let searches = ["groc", "water", "milk", "shopping", "garden", "receipt", "sunday groceries"]

    @Test func aSearchWritesNothingAndSeesTasksChangedSinceTheIndexWasUpdated() throws {
        let fixture = try StoreFixture(.sqlite)
        let store = fixture.store as! SQLTaskStore
        let user = try fixture.makeUser(), other = try fixture.makeUser()
        let tasks = try store.createTasks([
            TaskDraft(title: "Buy groceries", description: "milk and eggs", tags: ["shopping"]),
            TaskDraft(title: "Water the plants", description: "before the groceries arrive"),
            TaskDraft(title: "Grocery receipt", tags: ["finance"]),
        ], userID: user.id, now: Fixed.now)
        _ = try store.createTask(TaskDraft(title: "Buy groceries and water", tags: ["shopping"]), userID: other.id, now: Fixed.now)
        // Everything indexed, and no more background indexing: what follows stays queued.
        store.searchIndexer?.stop()
        var rename = TaskPatch()
        rename.title = "Water the garden"
        _ = try store.updateTask(id: tasks[1].id, userID: user.id, patch: rename, expectedVersion: nil, now: Fixed.now)
        _ = try store.deleteTask(id: tasks[2].id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try store.createTask(TaskDraft(title: "Groceries for Sunday", description: "milk"), userID: user.id, now: Fixed.now)
        #expect(try store.database.read { try $0.scalarInt("SELECT COUNT(*) FROM search_queue", []) } == 3)

        let queued: [[String]]
        do {
            let lock = try WriteLockHolder(path: Self.sqlitePath(fixture))
            let start = Date()
            queued = try Self.searches.map { try fixture.store.listTasks(TaskQuery(search: $0), userID: user.id).tasks.map(\.title) }
            #expect(Date().timeIntervalSince(start) < 1, "a search waited for the write lock")
            withExtendedLifetime(lock) {}
        }
        #expect(queued[0] == ["Groceries for Sunday", "Buy groceries", "Water the garden"])
        #expect(queued[1] == ["Water the garden"])
        #expect(queued[2] == ["Buy groceries", "Groceries for Sunday"])
        #expect(queued[4] == ["Water the garden"], "the new title is found")
        #expect(queued[5] == [], "a deleted task is not")
        #expect(queued[6] == ["Groceries for Sunday"])

        // The same results, in the same order, once the index has caught up.
        try store.searchIndexer?.indexQueued()
        #expect(try store.database.read { try $0.scalarInt("SELECT COUNT(*) FROM search_queue", []) } == 0)
        let indexed = try Self.searches.map { try fixture.store.listTasks(TaskQuery(search: $0), userID: user.id).tasks.map(\.title) }
        #expect(indexed == queued)
    }

    /// Every CLI command closes its store on the way out: the indexer, waiting for the next
    /// commit (up to a second), must be woken rather than waited for. It once made every
    /// `todo list` take a second.
    @Test func closingTheStoreDoesNotWaitForTheIndexersNextWakeUp() throws {
        let database = try TestDatabase(.sqlite)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        _ = try store.localUser()
        Thread.sleep(forTimeInterval: 0.4) // the indexer is now waiting for a commit
        let started = ContinuousClock.now
        store.close()
        #expect(ContinuousClock.now - started < .milliseconds(500), "close waited for the indexer's timeout")
    }

    @Test func theBackgroundIndexerIndexesNewTasksWithoutASearch() throws {
        let fixture = try StoreFixture(.sqlite)
        let store = fixture.store as! SQLTaskStore
        let user = try fixture.makeUser()
        _ = try store.createTasks((0..<20).map { TaskDraft(title: "Task \($0)") }, userID: user.id, now: Fixed.now)
        let deadline = Date(timeIntervalSinceNow: 10)
        var queued: Int64? = -1
        while queued != 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            queued = try store.database.read { try $0.scalarInt("SELECT COUNT(*) FROM search_queue", []) }
        }
        #expect(queued == 0)
    }

    @Test(arguments: Backend.available)
    func eachUsersSearchFindsOnlyTheirTasksAmongOthersWithTheSameWords(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let users = try (0..<3).map { _ in try fixture.makeUser() }
        for (index, user) in users.enumerated() {
            _ = try fixture.store.createTasks((0..<(5 + index * 10)).map {
                TaskDraft(title: "Water plants \($0)", status: $0 % 2 == 0 ? .pending : .completed, tags: $0 % 3 == 0 ? ["garden"] : [])
            } + [TaskDraft(title: "Only mine \(index)", description: "watering can")], userID: user.id, now: Fixed.now)
        }
        for (index, user) in users.enumerated() {
            let all = try fixture.store.listTasks(TaskQuery(search: "wat", limit: 200), userID: user.id).tasks
            #expect(all.count == 5 + index * 10 + 1)
            #expect(all.allSatisfy { $0.title.hasSuffix("\(index)") || $0.title.hasPrefix("Water plants") })
            #expect(try fixture.store.listTasks(TaskQuery(search: "only mine"), userID: user.id).tasks.map(\.title) == ["Only mine \(index)"])
            let pending = try fixture.store.listTasks(TaskQuery(status: .pending, tags: ["garden"], search: "water", limit: 200), userID: user.id)
            #expect(pending.tasks.map(\.number) == Array(0..<(5 + index * 10)).filter { $0 % 2 == 0 && $0 % 3 == 0 }.map { $0 + 1 })
        }
    }

    @Test(arguments: Backend.available)
    func aSnapshotReadSeesNoWriteCommittedDuringIt(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTask(TaskDraft(title: "First"), userID: user.id, now: Fixed.now)
        let counts = try fixture.database.readSnapshot { db in
            let before = try db.scalarInt("SELECT COUNT(*) FROM tasks", [])
            _ = try fixture.store.createTask(TaskDraft(title: "Second"), userID: user.id, now: Fixed.now)
            return (before, try db.scalarInt("SELECT COUNT(*) FROM tasks", []))
        }
        #expect(counts.0 == 1 && counts.1 == 1)
        #expect(try fixture.database.read { try $0.scalarInt("SELECT COUNT(*) FROM tasks", []) } == 2)
    }
}
