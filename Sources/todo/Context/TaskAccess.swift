import Foundation
import TodoCore
import TodoStore

/// Where the task commands read and write: the local database (as its single local user) or
/// a server's API (as the user of the token). Commands are written once against this.
protocol TaskAccess {
    func create(_ draft: TaskDraft) throws -> TodoTask
    func task(_ reference: TaskReference) throws -> TodoTask
    /// Changes `task`, failing if it changed since it was read.
    func update(_ task: TodoTask, patch: TaskPatch) throws -> TodoTask
    func complete(_ task: TodoTask) throws -> TodoTask
    func reopen(_ task: TodoTask) throws -> TodoTask
    /// Deletes the task; returns it as it was.
    func delete(_ task: TodoTask) throws -> TodoTask
    func page(_ query: TaskQuery) throws -> TaskPage
    func tagCounts() throws -> [TagCount]
}

/// The local database, acting as its local user.
struct LocalTaskAccess: TaskAccess {
    let store: any TaskStore
    let user: User
    let now: Date

    func create(_ draft: TaskDraft) throws -> TodoTask { try store.createTask(draft, userID: user.id, now: now) }

    func task(_ reference: TaskReference) throws -> TodoTask {
        let task = switch reference {
        case .number(let number): try store.task(number: number, userID: user.id)
        case .id(let id): try store.task(id: id, userID: user.id)
        }
        guard let task else { throw StoreError.taskNotFound(reference.description) }
        return task
    }

    func update(_ task: TodoTask, patch: TaskPatch) throws -> TodoTask {
        try store.updateTask(id: task.id, userID: user.id, patch: patch, expectedVersion: task.version, now: now)
    }

    func complete(_ task: TodoTask) throws -> TodoTask {
        try store.completeTask(id: task.id, userID: user.id, expectedVersion: nil, now: now)
    }

    func reopen(_ task: TodoTask) throws -> TodoTask {
        try store.reopenTask(id: task.id, userID: user.id, expectedVersion: nil, now: now)
    }

    func delete(_ task: TodoTask) throws -> TodoTask {
        try store.deleteTask(id: task.id, userID: user.id, expectedVersion: nil, now: now)
    }

    func page(_ query: TaskQuery) throws -> TaskPage { try store.listTasks(query, userID: user.id) }

    func tagCounts() throws -> [TagCount] { try store.tagCounts(userID: user.id) }
}
