import Foundation
import TodoCore

/// The next task of a recurring series (`SeriesRepository`).
extension SQLTaskStore {
    func createNextTask(_ next: TaskDraft, after completedID: UUID, userID: UUID, now: Date,
                        in db: any SQLConnection) throws -> NextTaskOutcome {
        guard let completed = try Self.fetchTask(db, id: completedID, userID: userID) else { return .completedTaskGone }
        guard completed.status == .completed else { return .completedTaskReopened }
        return try Self.insertIfAbsent(next, userID: userID, now: now, db).map(NextTaskOutcome.created) ?? .alreadyCreated
    }

    func completeTaskContinuingSeries(id: UUID, userID: UUID, expectedVersion: Int?, now: Date, completedAt: Date?) throws
        -> (completed: TodoTask, next: TodoTask?) {
        var completion = TaskPatch(status: .completed)
        completion.completedAt = completedAt
        return try write { db in
            let (old, completed) = try Self.change(db, id: id, userID: userID, expectedVersion: expectedVersion, now: now) {
                task throws(TaskValidationError) in try completion.applied(to: task, now: now)
            }
            guard old.status != .completed, let completedAt = completed.completedAt,
                  let draft = SeriesContinuation.nextTask(after: completed, completedAt: completedAt)
            else { return (completed, nil) }
            guard let created = try Self.insertIfAbsent(draft, userID: userID, now: now, db) else {
                // Completed before, reopened and completed again: the next task is the one made then.
                return (completed, try draft.id.flatMap { try Self.fetchTask(db, id: $0, userID: userID) })
            }
            return (completed, created)
        }
    }

    /// Inserts the task of `draft` (which carries its own id) unless a task with that id
    /// exists; nil when it does. Two transactions racing on PostgreSQL (two consumers of one
    /// completion) both find it absent; the second's insert then fails on the unique id and
    /// rolls back, and its delivery, retried, finds the task.
    private static func insertIfAbsent(_ draft: TaskDraft, userID: UUID, now: Date, _ db: any SQLConnection) throws -> TodoTask? {
        guard let id = draft.id else { preconditionFailure("a series' next task carries its derived id") }
        var exists = false
        try db.query("SELECT 1 FROM tasks WHERE id = ?", [.text(id.lowercasedString)]) { _ in exists = true }
        if exists { return nil }
        let task: TodoTask
        do { task = try draft.makeTask(id: id, number: 0, now: now) } catch { throw StoreError.invalidTask(error) }
        guard let created = try insert([task], userID: userID, now: now, db) else { throw StoreError.userNotFound }
        return created[0]
    }
}
