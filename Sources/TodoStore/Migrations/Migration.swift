import Foundation
import TodoCore

/// A named schema change, written once per dialect. Released migrations never change:
/// a later change is a new migration.
public struct Migration: Sendable {
    public var name: String
    public var sqlite: String
    public var postgres: String

    public init(_ name: String, sqlite: String, postgres: String) {
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    func sql(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqlite
        case .postgres: postgres
        }
    }
}

/// Applies migrations in order and records each in `schema_migrations`.
public struct Migrator: Sendable {
    public var migrations: [Migration]

    public init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations(in database: any SQLDatabase) throws -> [String] {
        try database.write { db in
            try createLedger(db)
            var names: [String] = []
            try db.query("SELECT name FROM schema_migrations ORDER BY position", []) { names.append($0.text(0)) }
            return names
        }
    }

    /// Applies every pending migration, each in its own transaction; returns the names applied.
    /// Refuses a database that has migrations this build does not know: it was written by a
    /// newer version, and writing to it could lose data.
    @discardableResult
    public func migrate(_ database: any SQLDatabase) throws -> [String] {
        var applied: [String] = []
        for migration in migrations {
            let ran = try database.write { db -> Bool in
                try createLedger(db)
                if db.dialect == .postgres {
                    // Two processes starting together must not both run a migration.
                    try db.execute("SELECT pg_advisory_xact_lock(7283640171)", [])
                }
                var known: [String] = []
                try db.query("SELECT name FROM schema_migrations ORDER BY position", []) { known.append($0.text(0)) }
                try checkNotNewer(known)
                guard !known.contains(migration.name) else { return false }
                try db.executeScript(migration.sql(for: db.dialect))
                try db.execute("INSERT INTO schema_migrations (position, name, applied_at) VALUES (?, ?, ?)",
                               [.int(known.count + 1), .text(migration.name), .integer(Timestamp.milliseconds(Date()))])
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }

    /// Throws `StoreError.schemaTooNew` when `known` holds names this build has never heard of.
    public func checkNotNewer(_ known: [String]) throws(StoreError) {
        let ours = Set(migrations.map(\.name))
        let unknown = known.filter { !ours.contains($0) }
        if !unknown.isEmpty { throw .schemaTooNew(unknownMigrations: unknown) }
    }

    private func createLedger(_ db: any SQLConnection) throws {
        try db.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                position INTEGER NOT NULL,
                name TEXT PRIMARY KEY,
                applied_at BIGINT NOT NULL
            )
            """)
    }
}
