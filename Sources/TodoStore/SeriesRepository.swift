import Foundation
import TodoCore

/// The next task of a recurring series (issue 13): created once, by its derived id
/// (`SeriesContinuation`), by the recurring-task service or by a local `todo done`.
public protocol SeriesRepository: Sendable {
    /// Creates `next` — the task after `completedID`, with its derived id — inside the caller's
    /// transaction `db` (the consumer's, which records the completion event in it), unless the
    /// completed task no longer exists or the next one was already created. It gets the user's
    /// next number and its own `created` event.
    func createNextTask(_ next: TaskDraft, after completedID: UUID, userID: UUID, now: Date,
                        in db: any SQLConnection) throws -> NextTaskOutcome

    /// Completes the task and, when this completes it now and it repeats, creates its next task
    /// in the same transaction (`todo done` on a local database). `next` is the next task (made
    /// now, or by an earlier completion of the same task); nil when the task was already
    /// completed, does not repeat, its series ended, or its next task was deleted since.
    /// `completedAt` is when it was completed, if before now (an imported file's date).
    func completeTaskContinuingSeries(id: UUID, userID: UUID, expectedVersion: Int?, now: Date, completedAt: Date?) throws
        -> (completed: TodoTask, next: TodoTask?)
}

extension SeriesRepository {
    /// Completes the task now and continues its series (see above).
    public func completeTaskContinuingSeries(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws
        -> (completed: TodoTask, next: TodoTask?) {
        try completeTaskContinuingSeries(id: id, userID: userID, expectedVersion: expectedVersion, now: now, completedAt: nil)
    }
}

/// What `createNextTask` did.
public enum NextTaskOutcome: Sendable, Equatable {
    case created(TodoTask)
    /// A task with the derived id exists: an earlier delivery, an earlier completion of the
    /// same task (reopened since) or a local `todo done` created it.
    case alreadyCreated
    /// The completed task was deleted (or its user) before its completion was handled.
    case completedTaskGone
    /// The completed task was reopened before its completion was handled (an undo): the
    /// completion no longer stands. A later completion's event creates the next task.
    case completedTaskReopened
}
