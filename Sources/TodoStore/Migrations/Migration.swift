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

/// What bringing a database up to date did.
public struct MigrationReport: Sendable {
    /// The migrations this call applied, in order.
    public var appliedNow: [String]
    /// Every migration now recorded, in order.
    public var recorded: [String]
    /// The database had no todo schema before: this call created it (a new database).
    public var createdSchema: Bool
}

/// Applies migrations in order and records each in `schema_migrations`.
public struct Migrator: Sendable {
    public var migrations: [Migration]

    /// The table that marks a database as ours.
    static let ledger = "schema_migrations"

    public init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies every pending migration, each in its own transaction.
    ///
    /// An up-to-date database is only read, so every command of a read-only database works.
    /// Refuses a database that has migrations this build does not know (it was written by a
    /// newer version, and writing to it could lose data) and one that holds another
    /// program's tables.
    @discardableResult
    public func migrate(_ database: any SQLDatabase) throws -> MigrationReport {
        let before = try database.read { db in
            try Self.checkOwned(db, location: database.displayURL, firstMigration: migrations.first?.name).contains(Self.ledger)
                ? try recordedMigrations(db) : []
        }
        try checkNotNewer(before)
        if migrations.allSatisfy({ before.contains($0.name) }) {
            return MigrationReport(appliedNow: [], recorded: before, createdSchema: false)
        }
        var applied: [String] = []
        var recorded = before
        for migration in migrations {
            recorded = try database.write { db -> [String] in
                try createLedger(db)
                if db.dialect == .postgres {
                    // Two processes starting together must not both run a migration.
                    try db.execute("SELECT pg_advisory_xact_lock(7283640171)", [])
                }
                var known = try recordedMigrations(db)
                try checkNotNewer(known)
                guard !known.contains(migration.name) else { return known }
                try db.executeScript(migration.sql(for: db.dialect))
                try db.execute("INSERT INTO schema_migrations (position, name, applied_at) VALUES (?, ?, ?)",
                               [.int(known.count + 1), .text(migration.name), .integer(Timestamp.milliseconds(Date()))])
                applied.append(migration.name)
                known.append(migration.name)
                return known
            }
        }
        return MigrationReport(appliedNow: applied, recorded: recorded, createdSchema: before.isEmpty && !applied.isEmpty)
    }

    /// Throws `StoreError.schemaTooNew` when `known` holds names this build has never heard of.
    public func checkNotNewer(_ known: [String]) throws(StoreError) {
        let ours = Set(migrations.map(\.name))
        let unknown = known.filter { !ours.contains($0) }
        if !unknown.isEmpty { throw .schemaTooNew(unknownMigrations: unknown) }
    }

    /// Refuses a database that holds tables but not our ledger: another program's, which no
    /// migration may touch. An empty database is ours to set up. A table of that name is ours
    /// only with our columns and our first migration first: Rails, Ecto and golang-migrate keep
    /// a `schema_migrations` of their own. Dapr's PostgreSQL state store, which the chart points
    /// at the same database, keeps its own two tables there (`dapr_state`, `dapr_metadata`,
    /// the component's default names): they are left out of the check, else a sidecar that
    /// started before the first migration would get the database refused for good
    /// (docs/decisions.md). Returns the tables, those two left out.
    @discardableResult
    static func checkOwned(_ db: any SQLConnection, location: String, firstMigration: String?) throws -> [String] {
        let tables = try tableNames(db).filter { !daprStateTables.contains($0) }
        guard !tables.isEmpty else { return tables }
        guard tables.contains(ledger), try isOurLedger(db, firstMigration: firstMigration, alone: tables.count == 1) else {
            throw StoreError.foreignDatabase(location: location, tables: tables.filter { $0 != ledger } + [ledger].filter(tables.contains))
        }
        return tables
    }

    /// The tables of Dapr's `state.postgresql` component (deploy/helm/todo-chatbot,
    /// dapr-components.yaml): tolerated beside ours.
    static let daprStateTables: Set<String> = ["dapr_state", "dapr_metadata"]

    /// Our ledger is never committed empty beside other tables: it is created in the same
    /// transaction as the first migration.
    private static func isOurLedger(_ db: any SQLConnection, firstMigration: String?, alone: Bool) throws -> Bool {
        var first: String?
        do {
            try db.query("SELECT position, name, applied_at FROM schema_migrations ORDER BY position LIMIT 1", []) { first = $0.text(1) }
        } catch let error as DatabaseError where error.kind == .other {
            return false
        }
        guard let first else { return alone }
        return firstMigration.map { $0 == first } ?? true
    }

    private static func tableNames(_ db: any SQLConnection) throws -> [String] {
        let sql = switch db.dialect {
        case .sqlite: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        case .postgres: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        }
        var names: [String] = []
        try db.query(sql, []) { names.append($0.text(0)) }
        return names
    }

    /// The recorded migrations in order (the ledger must exist).
    private func recordedMigrations(_ db: any SQLConnection) throws -> [String] {
        var names: [String] = []
        try db.query("SELECT name FROM schema_migrations ORDER BY position", []) { names.append($0.text(0)) }
        return names
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
