import Foundation
import TodoCore

/// A user's tasks: created, read, listed, changed and deleted, each change with its event in
/// the same transaction. Input is checked with `TaskValidator`; a refusal is
/// `StoreError.invalidTask`.
public protocol TaskRepository: Sendable {
    func createTask(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask
    /// Creates all drafts in one transaction: all or none.
    func createTasks(_ drafts: [TaskDraft], userID: UUID, now: Date) throws -> [TodoTask]
    /// Creates tasks for possibly different users in one transaction (group commit). Each
    /// request succeeds or fails on its own validation; a database failure fails them all.
    /// Drafts must not carry their own `id` (a collision would abort the whole batch).
    func createTasks(_ requests: [TaskCreationRequest], now: Date) throws -> [Result<TodoTask, StoreError>]
    func task(id: UUID, userID: UUID) throws -> TodoTask?
    func task(number: Int, userID: UUID) throws -> TodoTask?
    /// Applies `patch`; with `expectedVersion`, fails with `versionConflict` unless it matches.
    /// A patch that changes nothing returns the task unchanged and writes no event.
    func updateTask(id: UUID, userID: UUID, patch: TaskPatch, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Marks the task completed (a no-op when it already is).
    func completeTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Marks the task pending again (a no-op when it already is).
    func reopenTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Deletes the task and returns it as it was.
    func deleteTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask
    /// Puts a deleted task back as it was, with its id and number (a chat's "undo"), with a
    /// `created` event; `taskExists` when its id is in use again.
    func restoreTask(_ deleted: TodoTask, userID: UUID, now: Date) throws -> TodoTask
    func listTasks(_ query: TaskQuery, userID: UUID) throws -> TaskPage
    /// The user's tags with how many tasks carry each, most used first.
    func tagCounts(userID: UUID) throws -> [TagCount]
}

/// One task to create for one user, as part of a group commit.
public struct TaskCreationRequest: Sendable {
    public var draft: TaskDraft
    public var userID: UUID

    public init(draft: TaskDraft, userID: UUID) {
        self.draft = draft
        self.userID = userID
    }
}
