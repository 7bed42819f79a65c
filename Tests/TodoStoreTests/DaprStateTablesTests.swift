import Foundation
import Testing
@testable import TodoStore
import TodoTestSupport

/// With `bus: dapr` the chart's state store (Dapr's `state.postgresql`) keeps `dapr_state` and
/// `dapr_metadata` in the todo database. Its sidecar may create them before the first migration
/// or after: either way the database stays todo's. Any other table still gets it refused.
@Suite struct DaprStateTablesTests {
    static let daprTables = """
        CREATE TABLE dapr_metadata (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE dapr_state (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, isbinary BOOLEAN NOT NULL);
        """

    @Test(arguments: TestBackend.available)
    func theSidecarsTablesBeforeTheFirstMigrationLeaveTheDatabaseOurs(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        try database.execute(Self.daprTables)
        let url = try DatabaseURL(database.url)
        let report = try StoreFactory.migrate(url)
        #expect(report.createdSchema)
        #expect(report.appliedNow == Schema.migrator.migrations.map(\.name))
        let store = try StoreFactory.open(url)
        store.close()
    }

    @Test(arguments: TestBackend.available)
    func theSidecarsTablesAfterTheMigrationLeaveTheDatabaseOurs(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let url = try DatabaseURL(database.url)
        _ = try StoreFactory.migrate(url)
        try database.execute(Self.daprTables)
        #expect(try StoreFactory.migrate(url).appliedNow.isEmpty)
        let store = try StoreFactory.open(url)
        store.close()
    }

    @Test(arguments: TestBackend.available)
    func anyOtherTableBesideThemIsStillRefused(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        try database.execute(Self.daprTables + "CREATE TABLE invoices (id INT);")
        #expect {
            _ = try StoreFactory.migrate(try DatabaseURL(database.url))
        } throws: { error in
            guard case StoreError.foreignDatabase(_, let tables) = error else { return false }
            return tables == ["invoices"]
        }
    }
}
