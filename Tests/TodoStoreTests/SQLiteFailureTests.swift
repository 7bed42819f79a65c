import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// What happens with databases that are not what they should be.
@Suite struct DatabaseFailureTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("todo-fail-\(UUID().uuidString).db").path
    }

    @Test func aFileThatIsNotADatabaseIsReportedNotOverwritten() throws {
        let path = temporaryPath()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try StoreFactory.open(.sqlite(path: path))
            Issue.record("a garbage file opened as a database")
        } catch StoreError.notADatabase(let reportedPath, let reason) {
            #expect(reportedPath == path)
            #expect(!reason.isEmpty)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try StoreFactory.open(.sqlite(path: path))
        let user = try store.localUser()
        _ = try store.createTask(TaskDraft(title: "precious"), userID: user.id, now: Fixed.now)
        _ = try (store as! SQLTaskStore).database.write { db in
            try db.execute("INSERT INTO schema_migrations (position, name, applied_at) VALUES (99, 'v99 from the future', 0)", [])
        }
        store.close()
        do {
            _ = try StoreFactory.open(.sqlite(path: path))
            Issue.record("a newer schema was accepted")
        } catch StoreError.schemaTooNew(let unknown) {
            #expect(unknown == ["v99 from the future"])
            #expect(StoreError.schemaTooNew(unknownMigrations: unknown).description.contains("newer version"))
        }
    }

    @Test func aTruncatedDatabaseGivesAnErrorNotACrash() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try StoreFactory.open(.sqlite(path: path))
        let user = try store.localUser()
        _ = try store.createTasks((0..<500).map { TaskDraft(title: "task \($0) " + String(repeating: "x", count: 200)) }, userID: user.id, now: Fixed.now)
        store.close()
        // Damage the middle of the file: pages of tables and indexes.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4096 * 3)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096 * 4))
        try handle.close()
        try? FileManager.default.removeItem(atPath: path + "-wal")
        do {
            let damaged = try StoreFactory.open(.sqlite(path: path))
            let localUser = try damaged.localUser()
            _ = try damaged.listTasks(TaskQuery(limit: 500), userID: localUser.id)
            _ = try damaged.listTasks(TaskQuery(search: "task"), userID: localUser.id)
        } catch let error as StoreError {
            #expect(!error.description.isEmpty)
        }
    }

    @Test func theDataSurvivesReopening() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try StoreFactory.open(.sqlite(path: path))
        let user = try store.localUser()
        let task = try store.createTask(TaskDraft(title: "durable", tags: ["keep"]), userID: user.id, now: Fixed.now)
        store.close()
        let reopened = try StoreFactory.open(.sqlite(path: path))
        #expect(try reopened.task(id: task.id, userID: reopened.localUser().id) == task)
        reopened.close()
    }

    @Test func aPostgresThatIsDownIsNamedWithoutItsPassword() throws {
        // Port 1 on loopback: nothing listens there.
        let url = "postgres://todo:s3cret-pass@127.0.0.1:1/todo"
        do {
            _ = try StoreFactory.open(.postgres(url: url))
            Issue.record("connected to nothing")
        } catch StoreError.unreachable(let shown, let reason) {
            #expect(shown == "postgres://todo:***@127.0.0.1:1/todo")
            #expect(!reason.isEmpty)
            let message = StoreError.unreachable(url: shown, reason: reason).description
            #expect(!message.contains("s3cret-pass"))
            #expect(message.contains("127.0.0.1:1"))
        }
    }

    @Test func badDatabaseURLsAreExplained() throws {
        for text in ["mysql://x", "todo.db", "sqlite:", ""] {
            #expect(throws: StoreError.self, "\(text)") { try DatabaseURL(text) }
        }
        #expect(try DatabaseURL("sqlite:./todo.db") == .sqlite(path: "./todo.db"))
        #expect(try DatabaseURL("sqlite:///var/lib/todo.db") == .sqlite(path: "/var/lib/todo.db"))
        #expect(try DatabaseURL("postgres://u:pw@h:5/db?sslmode=require&password=pw2").redacted == "postgres://u:***@h:5/db?sslmode=require&password=***")
        let home = try #require(ProcessInfo.processInfo.environment["HOME"])
        #expect(try DatabaseURL("sqlite:~/todo.db") == .sqlite(path: home + "/todo.db"))
    }

    /// A short password is masked where it stands apart, not inside the words of libpq's message.
    @Test func aPasswordIsMaskedWhereItStandsApartOnly() {
        let message = #"connection to server at "127.0.0.1", port 1 failed: e; invalid "postgres://u:e@h/db""#
        #expect(PostgresDatabase.scrub(message, ofPasswordIn: "postgres://u:e@127.0.0.1:1/db")
                == #"connection to server at "127.0.0.1", port 1 failed: ***; invalid "postgres://u:***@h/db""#)
        #expect(PostgresDatabase.scrub("bad password=s3cret!", ofPasswordIn: "postgres://h/db?password=s3cret%21") == "bad password=***")
    }
}
