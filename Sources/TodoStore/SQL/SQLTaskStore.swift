import Foundation
import TodoCore

/// The task store over any `SQLDatabase`: the same SQL text and the same behaviour on SQLite
/// and PostgreSQL; only full-text search differs by dialect. Split by what each part owns:
/// accounts, tokens and sessions (`SQLTaskStore+Accounts.swift`), tasks
/// (`SQLTaskStore+Tasks.swift`) and their events (`SQLTaskStore+Events.swift`).
final class SQLTaskStore: TaskStore, @unchecked Sendable {
    let database: any SQLDatabase

    let eventLog: EventLogStore

    /// SQLite's full-text indexing, in the background; PostgreSQL indexes in each write.
    let searchIndexer: SearchIndexer?

    /// Tasks listed before, reused while unchanged.
    let decodedTasks = DecodedTaskCache()

    init(database: any SQLDatabase) {
        self.database = database
        eventLog = EventLogStore(database: database)
        searchIndexer = database.dialect == .sqlite ? SearchIndexer(database: database) : nil
        searchIndexer?.start()
    }

    var displayURL: String { database.displayURL }

    func close() {
        searchIndexer?.stop()
        database.close()
    }

    /// Runs `body` in a write transaction, reporting every failure as a `StoreError`.
    @discardableResult
    func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch { throw StoreError.wrap(error) }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch { throw StoreError.wrap(error) }
    }

    func readSnapshot<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.readSnapshot(body) } catch { throw StoreError.wrap(error) }
    }
}
