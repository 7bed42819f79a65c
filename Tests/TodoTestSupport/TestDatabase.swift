import Foundation
import TodoStore

/// The databases end-to-end suites run against. PostgreSQL runs when the test command started
/// a throwaway cluster and put its URL in `TODO_TEST_POSTGRES_URL` (scripts/test always does).
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["TODO_TEST_POSTGRES_URL"] }

    /// SQLite always; PostgreSQL when a cluster is available, or when its absence must fail
    /// the run (`TestComponent`).
    public static var available: [TestBackend] { TestComponent.postgres.runsTests ? [.sqlite, .postgres] : [.sqlite] }

    public var description: String { rawValue }
}

/// A fresh, empty database: a new SQLite file in a new directory, or a new PostgreSQL schema.
/// Removed when released.
public final class TestDatabase {
    public let url: String
    /// A directory of this database's own, for other files of the test.
    public let directory: URL
    private let dropSchema: (() -> Void)?

    public init(_ backend: TestBackend) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            url = "sqlite:" + directory.appendingPathComponent("todo.db").path
            dropSchema = nil
        case .postgres:
            try TestComponent.postgres.require()
            guard let base = TestBackend.postgresURL else { throw TestClientError("TODO_TEST_POSTGRES_URL is not set") }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try Self.admin(base, "CREATE SCHEMA \(schema)")
            let separator = base.contains("?") ? "&" : "?"
            url = "\(base)\(separator)options=-csearch_path%3D\(schema)"
            dropSchema = { try? Self.admin(base, "DROP SCHEMA \(schema) CASCADE") }
        }
    }

    deinit {
        dropSchema?()
        try? FileManager.default.removeItem(at: directory)
    }

    /// PostgreSQL only: takes an EXCLUSIVE lock on `table` on a connection of its own and holds
    /// it for `seconds` (reads go on; writes to the table wait). Returns once the lock is held.
    public func holdExclusiveLock(on table: String, seconds: Double) throws {
        guard url.hasPrefix("postgres") else { throw TestClientError("table locks are for PostgreSQL test databases") }
        let database = try StoreFactory.openDatabase(.postgres(url: url))
        let held = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? database.write { db in
                try db.executeScript("LOCK TABLE \(table) IN EXCLUSIVE MODE")
                held.signal()
                Thread.sleep(forTimeInterval: seconds)
            }
            database.close()
        }
        thread.start()
        guard held.wait(timeout: .now() + 10) == .success else { throw TestClientError("could not lock \(table)") }
    }

    /// Runs `sql` on this database behind the back of whatever else has it open: for tests
    /// that break it on purpose.
    public func execute(_ sql: String) throws {
        let store = try StoreFactory.openDatabase(try DatabaseURL(url))
        defer { store.close() }
        try store.write { try $0.executeScript(sql) }
    }

    private static func admin(_ url: String, _ sql: String) throws {
        let store = try StoreFactory.openDatabase(.postgres(url: url))
        defer { store.close() }
        try store.write { try $0.executeScript(sql) }
    }
}
