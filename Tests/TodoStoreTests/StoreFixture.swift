import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// The databases the store suite runs against. PostgreSQL runs when the test command started
/// a throwaway cluster and put its URL in `TODO_TEST_POSTGRES_URL` (scripts/test always does).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["TODO_TEST_POSTGRES_URL"] }

    /// SQLite always; PostgreSQL when a cluster is available. Under CI a missing cluster is a
    /// failure (see `postgresIsAvailableUnderCI`), never a silent skip.
    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A fresh, empty, migrated store: a new SQLite file, or a new PostgreSQL schema.
final class StoreFixture {
    let store: any TaskStore
    let url: DatabaseURL
    private let cleanup: () -> Void

    init(_ backend: Backend) throws {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-store-\(UUID().uuidString)")
            url = .sqlite(path: directory.appendingPathComponent("todo.db").path)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        case .postgres:
            let base = try #require(Backend.postgresURL)
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try StoreFactory.openDatabase(.postgres(url: base))
            try admin.write { try $0.executeScript("CREATE SCHEMA \(schema)") }
            admin.close()
            let separator = base.contains("?") ? "&" : "?"
            url = .postgres(url: "\(base)\(separator)options=-csearch_path%3D\(schema)")
            cleanup = {
                if let admin = try? StoreFactory.openDatabase(.postgres(url: base)) {
                    _ = try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                    admin.close()
                }
            }
        }
        store = try StoreFactory.open(url)
    }

    deinit {
        store.close()
        cleanup()
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

@Suite struct PostgresAvailability {
    @Test func postgresIsAvailableUnderCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Backend.postgresURL != nil, "CI must run the store suite on PostgreSQL too: run tests through scripts/test")
        }
    }
}
