import Foundation
import TodoCore

/// Tasks and their tags (`TaskRepository`); every change records its event in the same
/// transaction (`SQLTaskStore+Events.swift`).
extension SQLTaskStore {
    // MARK: Task reads

    func task(id: UUID, userID: UUID) throws -> TodoTask? {
        try read { db in try Self.fetchTask(db, id: id, userID: userID, decoded: decodedTasks) }
    }

    func task(number: Int, userID: UUID) throws -> TodoTask? {
        try read { db in
            var task: TodoTask?
            try db.query("SELECT \(TaskRecord.columns) FROM tasks t WHERE t.user_id = ? AND t.number = ?",
                         [.text(userID.lowercasedString), .int(number)]) { task = try decodedTasks.task($0) }
            return task
        }
    }

    /// The task, decoded afresh unless `decoded` is given.
    static func fetchTask(_ db: any SQLConnection, id: UUID, userID: UUID, decoded: DecodedTaskCache? = nil) throws -> TodoTask? {
        var task: TodoTask?
        try db.query("SELECT \(TaskRecord.columns) FROM tasks t WHERE t.id = ? AND t.user_id = ?",
                     [.text(id.lowercasedString), .text(userID.lowercasedString)]) { row in
            task = try decoded?.task(row) ?? TaskRecord.decode(row)
        }
        return task
    }

    func listTasks(_ query: TaskQuery, userID: UUID) throws -> TaskPage {
        let listing: TaskListing
        do {
            listing = try TaskListing(query: query.validated(), userID: userID, decoded: decodedTasks)
        } catch {
            throw StoreError.invalidQuery(error)
        }
        // A listing of several statements (both statuses merged) reads one snapshot.
        if listing.readsSeveralStatements { return try readSnapshot { db in try listing.run(db) } }
        return try read { db in try listing.run(db) }
    }

    func tagCounts(userID: UUID) throws -> [TagCount] {
        try read { db in
            var counts: [TagCount] = []
            try db.query("SELECT tag, COUNT(*) FROM task_tags WHERE user_id = ? GROUP BY tag ORDER BY COUNT(*) DESC, tag",
                         [.text(userID.lowercasedString)]) { counts.append(TagCount(tag: $0.text(0), count: $0.int(1))) }
            return counts
        }
    }

    // MARK: Task writes

    func createTask(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask {
        try createTasks([draft], userID: userID, now: now)[0]
    }

    func createTasks(_ drafts: [TaskDraft], userID: UUID, now: Date) throws -> [TodoTask] {
        // Validate before taking the write lock: a bad draft costs no transaction.
        var tasks: [TodoTask] = []
        tasks.reserveCapacity(drafts.count)
        for draft in drafts {
            do { tasks.append(try draft.makeTask(id: UUID.timeOrdered(at: now), number: 0, now: now)) } catch { throw StoreError.invalidTask(error) }
        }
        do {
            return try insert(tasks, userID: userID, now: now)
        } catch {
            let failure = StoreError.wrap(error)
            // Only a draft with its own id can collide: a series' next occurrence made twice.
            if case .database(let error) = failure, error.kind == .uniqueViolation {
                throw StoreError.taskExists(tasks.map { $0.id.lowercasedString }.joined(separator: ", "))
            }
            throw failure
        }
    }

    func createTasks(_ requests: [TaskCreationRequest], now: Date) throws -> [Result<TodoTask, StoreError>] {
        var results = [Result<TodoTask, StoreError>?](repeating: nil, count: requests.count)
        // The valid tasks of each user, in request order, with their request's index.
        var byUser: [(userID: UUID, tasks: [TodoTask], indexes: [Int])] = []
        for (index, request) in requests.enumerated() {
            precondition(request.draft.id == nil, "a group commit cannot take drafts with their own id")
            let task: TodoTask
            do { task = try request.draft.makeTask(id: UUID.timeOrdered(at: now), number: 0, now: now) } catch {
                results[index] = .failure(.invalidTask(error))
                continue
            }
            if let group = byUser.firstIndex(where: { $0.userID == request.userID }) {
                byUser[group].tasks.append(task)
                byUser[group].indexes.append(index)
            } else {
                byUser.append((request.userID, [task], [index]))
            }
        }
        if !byUser.isEmpty {
            let created = try write { db in
                try byUser.map { group in try Self.insert(group.tasks, userID: group.userID, now: now, db) }
            }
            for (group, tasks) in zip(byUser, created) {
                for (offset, index) in group.indexes.enumerated() {
                    results[index] = tasks.map { .success($0[offset]) } ?? .failure(.userNotFound)
                }
            }
        }
        return results.map { $0! }
    }

    private func insert(_ tasks: [TodoTask], userID: UUID, now: Date) throws -> [TodoTask] {
        try write { db in
            guard let created = try Self.insert(tasks, userID: userID, now: now, db) else { throw StoreError.userNotFound }
            return created
        }
    }

    /// Numbers and inserts `tasks` with their events; nil when the user does not exist.
    static func insert(_ tasks: [TodoTask], userID: UUID, now: Date, _ db: any SQLConnection) throws -> [TodoTask]? {
        // One statement hands out the numbers and the event sequences of the whole batch.
        var allocated: (number: Int64, sequence: Int64)?
        try db.query("""
            UPDATE users SET next_task_number = next_task_number + ?, next_event_sequence = next_event_sequence + ?
            WHERE id = ? RETURNING next_task_number - ?, next_event_sequence - ?
            """, [.int(tasks.count), .int(tasks.count), .text(userID.lowercasedString), .int(tasks.count), .int(tasks.count)]) {
            allocated = ($0.int64(0), $0.int64(1))
        }
        guard let allocated else { return nil }
        return try tasks.enumerated().map { offset, unnumbered in
            var task = unnumbered
            task.number = Int(allocated.number) + offset
            try db.executeDeferred(TaskRecord.insertSQL, TaskRecord.insertArguments(task, userID: userID))
            try insertTags(task.tags, of: task, db, userID: userID)
            try recordEvent(db, type: .created, task: task, changes: [], userID: userID,
                            sequence: allocated.sequence + Int64(offset), now: now)
            return task
        }
    }

    func updateTask(id: UUID, userID: UUID, patch: TaskPatch, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try change(id: id, userID: userID, expectedVersion: expectedVersion, now: now) { task throws(TaskValidationError) in
            try patch.applied(to: task, now: now)
        }
    }

    func completeTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try updateTask(id: id, userID: userID, patch: TaskPatch(status: .completed), expectedVersion: expectedVersion, now: now)
    }

    func reopenTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try updateTask(id: id, userID: userID, patch: TaskPatch(status: .pending), expectedVersion: expectedVersion, now: now)
    }

    func deleteTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try write { db in
            for _ in 0..<5 {
                let task = try Self.current(db, id: id, userID: userID, expectedVersion: expectedVersion)
                // The version read: on PostgreSQL (read committed) concurrent deletes all read the
                // task, and each recorded its deletion (events and audit entries twice or more).
                // The ones that find it gone or changed remove nothing and read it again.
                let deleted = try db.execute("DELETE FROM tasks WHERE id = ? AND user_id = ? AND version = ?",
                                             [.text(id.lowercasedString), .text(userID.lowercasedString), .int(task.version)])
                guard deleted == 1 else { continue }
                try Self.deleteTags(task.tags, of: task, db, userID: userID)
                try Self.recordEvent(db, type: .deleted, task: task, changes: [], userID: userID, sequence: Self.nextSequence(db, userID), now: now)
                return task
            }
            throw Self.keptChanging
        }
    }

    func restoreTask(_ deleted: TodoTask, userID: UUID, now: Date) throws -> TodoTask {
        var task = deleted
        task.updatedAt = Timestamp.truncated(now)
        task.version = deleted.version + 1
        do {
            return try write { db in
                try db.executeDeferred(TaskRecord.insertSQL, TaskRecord.insertArguments(task, userID: userID))
                try Self.insertTags(task.tags, of: task, db, userID: userID)
                try Self.recordEvent(db, type: .created, task: task, changes: [], userID: userID, sequence: Self.nextSequence(db, userID), now: now)
                return task
            }
        } catch {
            if case .database(let error) = error, error.kind == .uniqueViolation { throw StoreError.taskExists(task.id.lowercasedString) }
            throw error
        }
    }

    /// Reads the task, applies `transform` and writes the result with its event, guarded by
    /// the version read (so a concurrent writer is detected, not overwritten).
    private func change(id: UUID, userID: UUID, expectedVersion: Int?, now: Date,
                        _ transform: (TodoTask) throws(TaskValidationError) -> TodoTask) throws -> TodoTask {
        try write { db in try Self.change(db, id: id, userID: userID, expectedVersion: expectedVersion, now: now, transform).new }
    }

    /// `change` inside the caller's transaction; returns the task before and after (the same
    /// when the transform changed nothing).
    static func change(_ db: any SQLConnection, id: UUID, userID: UUID, expectedVersion: Int?, now: Date,
                       _ transform: (TodoTask) throws(TaskValidationError) -> TodoTask) throws -> (old: TodoTask, new: TodoTask) {
        for _ in 0..<5 {
            let old = try current(db, id: id, userID: userID, expectedVersion: expectedVersion)
            let new: TodoTask
            do throws(TaskValidationError) { new = try transform(old) } catch { throw StoreError.invalidTask(error) }
            guard new != old else { return (old, old) }
            let changed = try db.execute(TaskRecord.updateSQL, TaskRecord.updateArguments(new, userID: userID, previousVersion: old.version))
            guard changed == 1 else { continue }
            try deleteTags(old.tags.filter { !new.tags.contains($0) }, of: old, db, userID: userID)
            try insertTags(new.tags.filter { !old.tags.contains($0) }, of: new, db, userID: userID)
            let type: TaskEventType = new.status == old.status ? .updated : (new.status == .completed ? .completed : .reopened)
            try recordEvent(db, type: type, task: new, changes: new.changes(from: old), userID: userID,
                            sequence: nextSequence(db, userID), now: now)
            return (old, new)
        }
        throw Self.keptChanging
    }

    /// A change or delete that found the task changed under it at every try.
    private static let keptChanging = StoreError.database(DatabaseError(kind: .retryable, code: "contention", message: "the task kept changing; try again"))

    private static func current(_ db: any SQLConnection, id: UUID, userID: UUID, expectedVersion: Int?) throws -> TodoTask {
        guard let task = try fetchTask(db, id: id, userID: userID) else { throw StoreError.taskNotFound(id.lowercasedString) }
        if let expectedVersion, expectedVersion != task.version {
            throw StoreError.versionConflict(expected: expectedVersion, actual: task.version)
        }
        return task
    }

    private static func insertTags(_ tags: [String], of task: TodoTask, _ db: any SQLConnection, userID: UUID) throws {
        for tag in tags {
            try db.executeDeferred("INSERT INTO task_tags (user_id, tag, task_id) VALUES (?, ?, ?)",
                                   [.text(userID.lowercasedString), .text(tag), .text(task.id.lowercasedString)])
        }
    }

    private static func deleteTags(_ tags: [String], of task: TodoTask, _ db: any SQLConnection, userID: UUID) throws {
        for tag in tags {
            try db.executeDeferred("DELETE FROM task_tags WHERE user_id = ? AND tag = ? AND task_id = ?",
                                   [.text(userID.lowercasedString), .text(tag), .text(task.id.lowercasedString)])
        }
    }
}
