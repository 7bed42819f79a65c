import Foundation
import Synchronization
import TodoCore

/// Tasks already decoded from their rows, by id, version and update time, so a listing reads
/// three columns of a task it has seen before instead of decoding all eighteen (decoding was a
/// third of a listing's instructions).
///
/// Every change of a task bumps `version` and sets `updated_at` (restoring a deleted one too),
/// so an entry can be outdated but never wrong, whichever process or replica made the change.
/// Split in shards, each with its own lock, so threads listing at once seldom wait for each other;
/// a full shard is emptied, outdated entries with the rest.
final class DecodedTaskCache: Sendable {
    private struct Key: Hashable {
        let id: UUID
        let version: Int64
        let updatedAt: Int64

        func hash(into hasher: inout Hasher) { hasher.combine(id.randomWord) }
    }

    private final class Shard: Sendable {
        let entries = Mutex<[Key: TodoTask]>([:])
    }

    private static let shardCount = 16
    private let shards: [Shard]
    private let shardCapacity: Int

    /// About as many tasks as `TaskJSONCache` keeps the JSON of.
    init(capacity: Int = 20_000) {
        shardCapacity = max(1, capacity / Self.shardCount)
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// The task with this id, version and update time, if it is here.
    func cached(id: UUID, version: Int64, updatedAt: Int64) -> TodoTask? {
        let key = Key(id: id, version: version, updatedAt: updatedAt)
        return shard(of: key).entries.withLock { $0[key] }
    }

    /// The task of `row`, from the cache when its id, version and update time are there.
    func task(_ row: some SQLRow) throws -> TodoTask {
        guard let id = row.uuid(TaskRecord.idColumn) else { return try TaskRecord.decode(row) }
        let key = Key(id: id, version: row.int64(TaskRecord.versionColumn), updatedAt: row.int64(TaskRecord.updatedAtColumn))
        if let task = shard(of: key).entries.withLock({ $0[key] }) { return task }
        let task = try TaskRecord.decode(row)
        shard(of: key).entries.withLock { entries in
            if entries.count >= shardCapacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = task
        }
        return task
    }

    private func shard(of key: Key) -> Shard {
        shards[Int(key.id.uuid.15) % Self.shardCount]
    }
}
