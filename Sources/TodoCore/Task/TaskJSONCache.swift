import Foundation
import Synchronization

/// The API JSON of recently written tasks, by id, version and update time, so that listings
/// (the REST API's, the chat's tool results) copy bytes instead of writing each task again
/// (writing was a third of a listing's CPU).
///
/// A task's JSON depends on its stored fields alone, and every change bumps `version` and sets
/// `updated_at`: an entry can be outdated but never wrong, in any replica and after changes by
/// other processes. Outdated entries are dropped with the rest when the cache is full.
public final class TaskJSONCache: Sendable {
    private struct Key: Hashable {
        let id: UUID
        let version: Int
        let updatedAt: Date
    }

    private let entries = Mutex<[Key: [UInt8]]>([:])
    private let capacity: Int

    /// About 500 bytes a task: the default holds ~10 MB.
    public init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    /// Writes `task` as `TodoTask.write(to:)` does, from the cache when it can.
    public func write(_ task: TodoTask, to writer: inout JSONWriter) {
        let key = Key(id: task.id, version: task.version, updatedAt: task.updatedAt)
        if let cached = entries.withLock({ $0[key] }) {
            writer.raw(cached)
            return
        }
        var own = JSONWriter(capacity: 512)
        task.write(to: &own)
        writer.raw(own.bytes)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = own.bytes
        }
    }
}
