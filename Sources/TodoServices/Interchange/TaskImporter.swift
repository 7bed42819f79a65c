import Foundation
import TodoCore
import TodoStore

/// Turns the items of an import file into the user's tasks through the same store calls as
/// the API's creates and changes, so each writes its event and audit entry.
///
/// Importing is idempotent: an item's task id is its UID when that is a UUID free for this
/// user (a file exported here keeps its ids), else derived from the user and the item's key.
/// Importing the same file again finds the same tasks and changes only what the file changed;
/// an import cut short by a crash is finished by running it again.
public struct TaskImporter: Sendable {
    /// More items than this in one file is refused: one request must not hold a writer for long.
    public static let maxItems = 10_000
    /// The namespace of derived task ids (a version 5 UUID of the user and the item's key).
    static let namespace = UUID(uuidString: "6f1d3c52-8e0b-4b8e-9a53-1e5f0c2d7a41")!

    let store: any TaskRepository

    public init(store: any TaskRepository) {
        self.store = store
    }

    public func run(_ items: [ImportedItem], userID: UUID, now: Date) throws -> ImportReport {
        var entries = [ImportReport.Entry?](repeating: nil, count: items.count)
        var keys = Set<String>()
        // New tasks wait here and are created many to a transaction (an import of 10 000 tasks
        // took 4–6 s one transaction each); an item whose task exists is applied at once.
        var waiting: [(index: Int, draft: TaskDraft)] = []
        func create(_ batch: [(index: Int, draft: TaskDraft)]) throws {
            let created = try store.createTasks(batch.map(\.draft), userID: userID, now: now)
            for (entry, task) in zip(batch, created) {
                entries[entry.index] = .init(place: items[entry.index].place, result: .created, task: task, title: task.title)
            }
        }
        func flush() throws {
            guard !waiting.isEmpty else { return }
            defer { waiting.removeAll(keepingCapacity: true) }
            do {
                try create(waiting)
            } catch StoreError.taskExists {
                // Mostly the file's ids are another account's (its export imported here): the
                // batch again with the derived ids; else (another import of the same file made
                // some first) one item at a time.
                let derived = waiting.map { entry in
                    var draft = entry.draft
                    draft.id = Self.ids(of: TaskDraft(title: ""), key: items[entry.index].key, userID: userID).derived
                    return (entry.index, draft)
                }
                do {
                    try create(derived)
                } catch StoreError.taskExists {
                    for entry in waiting { entries[entry.index] = try applied(items[entry.index], entry.draft, userID: userID, now: now) }
                }
            }
        }
        for (index, item) in items.enumerated() {
            switch item.outcome {
            case .failure(let error):
                entries[index] = .init(place: item.place, result: .skipped, error: error)
            case .success(let draft) where !keys.insert(item.key).inserted:
                entries[index] = .init(place: item.place, result: .skipped, title: draft.title,
                                       error: ImportItemError(code: "duplicate", "an earlier item of the file has the same id (\(item.key.prefix(80)))"))
            case .success(var draft):
                let ids = Self.ids(of: draft, key: item.key, userID: userID)
                if try existing(ids, userID: userID) != nil {
                    entries[index] = try applied(item, draft, userID: userID, now: now)
                    continue
                }
                // Checked here, so that one bad item does not fail the others' transaction.
                do {
                    _ = try draft.makeTask(id: ids.derived, number: 1, now: now)
                } catch {
                    entries[index] = .init(place: item.place, result: .skipped, title: draft.title,
                                           error: ImportItemError(code: "validation_failed", error.description))
                    continue
                }
                draft.id = ids.given ?? ids.derived
                waiting.append((index, draft))
                if waiting.count == Self.createsPerTransaction { try flush() }
            }
        }
        try flush()
        return ImportReport(entries: entries.map { $0! })
    }

    /// New tasks created in one transaction: small enough that the API's writes do not wait long.
    static let createsPerTransaction = 200

    /// The id an item's task has: the item's own (a UUID), else one derived from the user and the key.
    static func ids(of draft: TaskDraft, key: String, userID: UUID) -> (given: UUID?, derived: UUID) {
        (draft.id ?? UUID.parse(key), UUID.nameBased(namespace: namespace, name: userID.lowercasedString + "\n" + key))
    }

    private func existing(_ ids: (given: UUID?, derived: UUID), userID: UUID) throws -> TodoTask? {
        try ids.given.flatMap { try store.task(id: $0, userID: userID) } ?? store.task(id: ids.derived, userID: userID)
    }

    /// One item applied on its own: its task created or updated, or why it was skipped.
    private func applied(_ item: ImportedItem, _ draft: TaskDraft, userID: UUID, now: Date) throws -> ImportReport.Entry {
        do {
            let (result, task) = try apply(draft, key: item.key, modifiedAt: item.modifiedAt, userID: userID, now: now)
            return .init(place: item.place, result: result, task: task, title: task.title)
        } catch StoreError.invalidTask(let error) {
            return .init(place: item.place, result: .skipped, title: draft.title, error: ImportItemError(code: "validation_failed", error.description))
        }
    }

    private func apply(_ draft: TaskDraft, key: String, modifiedAt: Date?, userID: UUID, now: Date) throws -> (ImportReport.Result, TodoTask) {
        let ids = Self.ids(of: draft, key: key, userID: userID)
        let (given, derived) = ids
        // A second attempt only after a create lost a race with the same item's (two imports
        // of one file at once): the task is then there to compare with.
        for _ in 0..<2 {
            if let task = try existing(ids, userID: userID) { return try update(task, to: draft, modifiedAt: modifiedAt, userID: userID, now: now) }
            var draft = draft
            if let given {
                draft.id = given
                do {
                    return (.created, try store.createTask(draft, userID: userID, now: now))
                } catch StoreError.taskExists {
                    // Another user's task has that id (the same file imported into two accounts), or a race.
                    if try store.task(id: given, userID: userID) != nil { continue }
                }
            }
            draft.id = derived
            do {
                return (.created, try store.createTask(draft, userID: userID, now: now))
            } catch StoreError.taskExists {
                continue
            }
        }
        throw StoreError.taskExists(derived.lowercasedString)
    }

    private func update(_ task: TodoTask, to draft: TaskDraft, modifiedAt: Date?, userID: UUID, now: Date) throws -> (ImportReport.Result, TodoTask) {
        let patch = Self.patch(making: draft)
        let changed: TodoTask
        do {
            changed = try patch.applied(to: task, now: now)
        } catch {
            throw StoreError.invalidTask(error)
        }
        guard changed != task else { return (.unchanged, task) }
        if let modifiedAt, task.updatedAt > modifiedAt { return (.kept, task) }
        return (.updated, try store.updateTask(id: task.id, userID: userID, patch: patch, expectedVersion: task.version, now: now))
    }

    /// Every field of `draft`, as a change: what the file says replaces what the task says.
    static func patch(making draft: TaskDraft) -> TaskPatch {
        var patch = TaskPatch()
        patch.title = draft.title
        patch.description = draft.description
        patch.status = draft.status
        patch.priority = draft.priority
        patch.tags = draft.tags
        patch.timezone = draft.timezone
        patch.dueAt = .some(draft.dueAt)
        patch.allDay = draft.allDay
        patch.recurrence = .some(draft.recurrence)
        patch.recurrenceFrom = draft.recurrenceFrom
        patch.reminders = draft.reminders
        return patch
    }
}
