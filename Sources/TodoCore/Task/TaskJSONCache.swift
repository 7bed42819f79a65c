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

        func hash(into hasher: inout Hasher) { hasher.combine(id.randomWord) }
    }

    private let entries = Mutex<[Key: [UInt8]]>([:])
    private let capacity: Int

    /// About 500 bytes a task: the default holds ~10 MB.
    public init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    /// Writes `task` as `TodoTask.write(to:)` does, from the cache when it can.
    public func write(_ task: TodoTask, to writer: inout JSONWriter) {
        writeArray([task], to: &writer, bracketed: false)
    }

    /// Writes `tasks` as a JSON array, each from the cache when it can. The lock is taken once
    /// to look them all up and once to keep the new ones: taken for each task, 32 server
    /// threads listing at once spent a third of their time waiting for it.
    public func writeArray(_ tasks: [TodoTask], to writer: inout JSONWriter) {
        writeArray(tasks, to: &writer, bracketed: true)
    }

    private func writeArray(_ tasks: [TodoTask], to writer: inout JSONWriter, bracketed: Bool) {
        let keys = tasks.map { Key(id: $0.id, version: $0.version, updatedAt: $0.updatedAt) }
        let cached = entries.withLock { entries in keys.map { entries[$0] } }
        var written: [(Key, [UInt8])] = []
        if bracketed { writer.beginArray() }
        for (index, task) in tasks.enumerated() {
            if let bytes = cached[index] {
                writer.raw(bytes)
            } else {
                var own = JSONWriter(capacity: 512)
                task.write(to: &own)
                writer.raw(own.bytes)
                written.append((keys[index], own.bytes))
            }
        }
        if bracketed { writer.endArray() }
        guard !written.isEmpty else { return }
        entries.withLock { entries in
            if entries.count + written.count > capacity { entries.removeAll(keepingCapacity: true) }
            for (key, bytes) in written.prefix(capacity) { entries[key] = bytes }
        }
    }
}
