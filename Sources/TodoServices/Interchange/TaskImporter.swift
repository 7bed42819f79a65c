import Foundation
import TodoCore
import TodoStore

/// Turns the items of an import file into the user's tasks through the same store calls as
/// the API's creates and changes, so each writes its event and audit entry.
///
/// Importing is idempotent: an item's task id is its UID when that is a UUID no other task has
/// (a file exported here keeps its ids), else derived from the user and the item's key. What an
/// import said about each task is recorded (`ImportRecord`): importing an item that has not
/// changed since leaves the task's own later changes alone ("kept"); an item that changed
/// updates its task, unless both changed and the task's change is the later one. An import
/// cut short by a crash is finished by running it again.
public struct TaskImporter: Sendable {
    /// More items than this in one file is refused: one request must not hold a writer for long.
    public static let maxItems = 10_000
    /// The namespace of derived task ids (a version 5 UUID of the user and the item's key).
    static let namespace = UUID(uuidString: "6f1d3c52-8e0b-4b8e-9a53-1e5f0c2d7a41")!
    /// New tasks created in one transaction: small enough that the API's writes do not wait long.
    static let createsPerTransaction = 200

    let store: any TaskStore

    public init(store: any TaskStore) {
        self.store = store
    }

    public func run(_ items: [ImportedItem], userID: UUID, now: Date) throws -> ImportReport {
        var entries = [ImportReport.Entry?](repeating: nil, count: items.count)
        let earlier = try store.importRecords(userID: userID, taskIDs: nil)
        var records: [ImportRecord] = []
        var keys = Set<String>()
        func record(_ task: TodoTask, of item: ImportedItem) {
            guard let fingerprint = item.fingerprint else { return }
            records.append(ImportRecord(taskID: task.id, sourceUID: item.sourceUID, fingerprint: fingerprint, importedAt: now))
        }
        // New tasks wait here and are created many to a transaction (an import of 10 000 tasks
        // took 4–6 s one transaction each); an item whose task exists is applied at once.
        var waiting: [(index: Int, draft: TaskDraft)] = []
        func create(_ batch: [(index: Int, draft: TaskDraft)]) throws {
            let created = try store.createTasks(batch.map(\.draft), userID: userID, now: now)
            for (entry, task) in zip(batch, created) {
                entries[entry.index] = .init(place: items[entry.index].place, result: .created, task: task, title: task.title)
                record(task, of: items[entry.index])
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
                    for entry in waiting {
                        let item = items[entry.index]
                        entries[entry.index] = try applied(item, entry.draft, record: nil, userID: userID, now: now) { record($0, of: item) }
                    }
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
                if let task = try existing(ids, userID: userID) {
                    entries[index] = try applied(item, draft, record: earlier[task.id], userID: userID, now: now) { record($0, of: item) }
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
        try store.recordImports(records, userID: userID)
        return ImportReport(entries: entries.map { $0! })
    }

    /// The id an item's task has: the item's own (a UUID), else one derived from the user and the key.
    static func ids(of draft: TaskDraft, key: String, userID: UUID) -> (given: UUID?, derived: UUID) {
        (draft.id ?? UUID.parse(key), UUID.nameBased(namespace: namespace, name: userID.lowercasedString + "\n" + key))
    }

    private func existing(_ ids: (given: UUID?, derived: UUID), userID: UUID) throws -> TodoTask? {
        try ids.given.flatMap { try store.task(id: $0, userID: userID) } ?? store.task(id: ids.derived, userID: userID)
    }

    /// One item applied on its own: its task created or updated (and handed to `recorded`), or
    /// why it was skipped.
    private func applied(_ item: ImportedItem, _ draft: TaskDraft, record: ImportRecord?, userID: UUID, now: Date,
                         recorded: (TodoTask) -> Void) throws -> ImportReport.Entry {
        do {
            let (result, task) = try apply(item, draft, record: record, userID: userID, now: now)
            // A kept task keeps its record too: what it is compared with is still the import before.
            if result != .kept { recorded(task) }
            return .init(place: item.place, result: result, task: task, title: task.title)
        } catch StoreError.invalidTask(let error) {
            return .init(place: item.place, result: .skipped, title: draft.title, error: ImportItemError(code: "validation_failed", error.description))
        }
    }

    private func apply(_ item: ImportedItem, _ draft: TaskDraft, record: ImportRecord?, userID: UUID, now: Date) throws
        -> (ImportReport.Result, TodoTask) {
        let ids = Self.ids(of: draft, key: item.key, userID: userID)
        let (given, derived) = ids
        // A second attempt only after a create lost a race with the same item's (two imports
        // of one file at once): the task is then there to compare with.
        for _ in 0..<2 {
            if let task = try existing(ids, userID: userID) { return try update(task, from: item, draft, record: record, userID: userID, now: now) }
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

    private func update(_ task: TodoTask, from item: ImportedItem, _ draft: TaskDraft, record: ImportRecord?, userID: UUID, now: Date) throws
        -> (ImportReport.Result, TodoTask) {
        let patch = Self.patch(making: draft, fields: item.fields, for: task)
        let changed: TodoTask
        do {
            changed = try patch.applied(to: task, now: now)
        } catch {
            throw StoreError.invalidTask(error)
        }
        guard changed != task else { return (.unchanged, task) }
        if let record {
            // The item is as it was last imported: what differs changed here since, and stays.
            if record.fingerprint == item.fingerprint { return (.kept, task) }
            // Both changed since: the later change wins (LAST-MODIFIED has whole seconds).
            if task.updatedAt > record.importedAt, let modified = item.modifiedAt,
               task.updatedAt.timeIntervalSince1970.rounded(.down) > modified.timeIntervalSince1970 {
                return (.kept, task)
            }
        }
        if patch.status == .completed, task.status == .pending, changed.recurrence != nil {
            // Completing a repeating task makes its next one, as `todo done` does.
            var rest = patch
            rest.status = nil
            rest.completedAt = nil
            let current = try store.updateTask(id: task.id, userID: userID, patch: rest, expectedVersion: task.version, now: now)
            return (.updated, try store.completeTaskContinuingSeries(id: task.id, userID: userID, expectedVersion: current.version, now: now,
                                                                     completedAt: patch.completedAt).completed)
        }
        return (.updated, try store.updateTask(id: task.id, userID: userID, patch: patch, expectedVersion: task.version, now: now))
    }

    /// The fields of `draft` that its item carries, as a change of `task`: what the file says
    /// replaces what the task says.
    static func patch(making draft: TaskDraft, fields: ImportedFields, for task: TodoTask) -> TaskPatch {
        var patch = TaskPatch()
        if fields.contains(.title) { patch.title = draft.title }
        if fields.contains(.description) { patch.description = draft.description }
        if fields.contains(.status) {
            patch.status = draft.status
            patch.completedAt = draft.completedAt
        }
        if fields.contains(.priority) { patch.priority = draft.priority }
        if fields.contains(.tags) { patch.tags = draft.tags }
        if fields.contains(.timezone) { patch.timezone = draft.timezone }
        if fields.contains(.due) {
            if fields.contains(.dueDayOnly), let due = draft.dueAt, let current = task.dueAt {
                (patch.dueAt, patch.allDay) = movedToDay(of: due, in: draft.timezone, from: current, of: task)
            } else {
                patch.dueAt = .some(draft.dueAt)
                patch.allDay = draft.allDay
            }
        }
        if fields.contains(.recurrence) {
            // The rule as an export writes it is the task's own: an iCalendar UNTIL in the form
            // RFC 5545 wants, a todo.txt rec: without the day it restates.
            let written = task.recurrence.map { VTodoCalendar.calendarRule($0, allDay: task.allDay, timezone: task.timezone) } == draft.recurrence
                || TodoTxt.lineRule(of: task).map { $0.rule == draft.recurrence && $0.anchor == draft.recurrenceFrom } == true
            patch.recurrence = .some(written ? task.recurrence : draft.recurrence)
            patch.recurrenceFrom = draft.recurrenceFrom
        }
        if fields.contains(.reminders) { patch.reminders = draft.reminders }
        return patch
    }

    /// A task due at `current` moved to the day of `due` (a day in `zone`): the same due date
    /// when it is that day already, else that day at the task's time of day.
    static func movedToDay(of due: Date, in zone: String, from current: Date, of task: TodoTask) -> (Date??, Bool?) {
        guard let fileZone = ZonedTime.zone(named: zone), let taskZone = ZonedTime.zone(named: task.timezone) else { return (.some(due), true) }
        let day = ZonedTime.civilDate(of: due, in: fileZone)
        let wall = ZonedTime.wallTime(of: current, in: taskZone)
        if wall.day == day { return (nil, nil) }
        if task.allDay { return (.some(ZonedTime.startOfDay(day, in: taskZone)), true) }
        return (.some(ZonedTime.instant(of: day, hour: wall.secondOfDay / 3600, minute: wall.secondOfDay / 60 % 60,
                                        second: wall.secondOfDay % 60, in: taskZone)), false)
    }
}
