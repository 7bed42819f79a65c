import Foundation

/// Opens stores by URL.
public enum StoreFactory {
    /// Opens (creating if needed) and migrates the store at `url`. `onCreate` is called when
    /// the database had no todo schema before, so a caller can say that a new database was made
    /// (a mistyped path must not look like lost tasks).
    public static func open(_ url: DatabaseURL, onCreate: (DatabaseURL) -> Void = { _ in }) throws -> any TaskStore {
        let database = try openDatabase(url)
        do {
            if try Schema.migrator.migrate(database).createdSchema { onCreate(url) }
        } catch {
            database.close()
            throw StoreError.wrap(error)
        }
        return SQLTaskStore(database: database)
    }

    /// Brings the database at `url` up to date and reports what that did.
    public static func migrate(_ url: DatabaseURL) throws -> MigrationReport {
        let database = try openDatabase(url)
        defer { database.close() }
        do {
            return try Schema.migrator.migrate(database)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// The database alone, without migrating it or a store around it: tools and tests that run SQL.
    public static func openDatabase(_ url: DatabaseURL) throws -> any SQLDatabase {
        switch url {
        case .sqlite(let path): try SQLiteDatabase(path: path)
        case .postgres(let text): try PostgresDatabase(url: text)
        }
    }
}
