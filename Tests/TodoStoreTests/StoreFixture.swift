import Foundation
import Testing
import TodoCore
@testable import TodoStore
import TodoTestSupport

/// The databases the store suite runs against (SQLite always; PostgreSQL when scripts/test
/// started a cluster, and under scripts/test a missing cluster is a failure: `TestComponent`).
typealias Backend = TestBackend

/// A fresh, empty, migrated store: a new SQLite file, or a new PostgreSQL schema.
final class StoreFixture {
    let store: any TaskStore
    let url: DatabaseURL
    /// Removes the file or schema once the store is closed (stored properties go after `deinit`).
    private let testDatabase: TestDatabase

    init(_ backend: Backend) throws {
        testDatabase = try TestDatabase(backend)
        url = try DatabaseURL(testDatabase.url)
        store = try StoreFactory.open(url)
    }

    deinit {
        store.close()
    }

    var database: any SQLDatabase { (store as! SQLTaskStore).database }

    /// A new user with no tasks.
    func makeUser(_ email: String = "user-\(UUID().uuidString.prefix(8))@example.com") throws -> User {
        try store.createUser(email: email, name: nil, passwordHash: nil, now: Fixed.now)
    }

    /// How many outbox rows there are for `user`.
    func eventCount(for user: User) throws -> Int {
        try store.outbox(after: 0, limit: 10_000).filter { $0.userID == user.id }.count
    }

    func taskCount(for user: User) throws -> Int {
        try store.listTasks(TaskQuery(limit: 500), userID: user.id).tasks.count
    }
}

/// Fixed instants, so tests never depend on the clock.
enum Fixed {
    /// 2026-11-24T10:00:00Z, a Tuesday.
    static let now = RFC3339.parse("2026-11-24T10:00:00Z")!

    static func date(_ text: String) -> Date { RFC3339.parse(text)! }
}
