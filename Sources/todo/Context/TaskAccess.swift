import Foundation
import TodoCore
import TodoServices
import TodoStore

/// Where the task commands read and write: the local database (as its single local user) or
/// a server's API (as the user of the token). Commands are written once against this.
protocol TaskAccess {
    func create(_ draft: TaskDraft) throws -> TodoTask
    func task(_ reference: TaskReference) throws -> TodoTask
    /// Changes `task`, failing if it changed since it was read.
    func update(_ task: TodoTask, patch: TaskPatch) throws -> TodoTask
    /// Completes `task`; a recurring task's next task comes with it when it is known at once.
    func complete(_ task: TodoTask) throws -> Completion
    func reopen(_ task: TodoTask) throws -> TodoTask
    /// Deletes the task; returns it as it was.
    func delete(_ task: TodoTask) throws -> TodoTask
    func page(_ query: TaskQuery) throws -> TaskPage
    func tagCounts() throws -> [TagCount]
    /// Adds or updates tasks from a file (`format` nil: told by its look); dates without a zone
    /// are in `timezone`.
    func importFile(_ bytes: [UInt8], format: InterchangeFormat?, timezone: String) throws -> ImportReport
    /// Every task of `status` as the `.ics` the API exports (imported tasks under their UIDs).
    func calendar(status: TaskQuery.StatusFilter) throws -> [UInt8]
}

/// A completed task and, when it repeats, the next task of its series if it exists already.
struct Completion {
    var task: TodoTask
    var next: TodoTask?
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

    /// The next task of a recurring series is created in the same transaction: no server need
    /// run, and a server that relays the completion later finds it by its derived id.
    func complete(_ task: TodoTask) throws -> Completion {
        let (completed, next) = try store.completeTaskContinuingSeries(id: task.id, userID: user.id, expectedVersion: nil, now: now)
        return Completion(task: completed, next: next)
    }

    func reopen(_ task: TodoTask) throws -> TodoTask {
        try store.reopenTask(id: task.id, userID: user.id, expectedVersion: nil, now: now)
    }

    func delete(_ task: TodoTask) throws -> TodoTask {
        try store.deleteTask(id: task.id, userID: user.id, expectedVersion: nil, now: now)
    }

    func page(_ query: TaskQuery) throws -> TaskPage { try store.listTasks(query, userID: user.id) }

    func tagCounts() throws -> [TagCount] { try store.tagCounts(userID: user.id) }

    func calendar(status: TaskQuery.StatusFilter) throws -> [UInt8] {
        try InterchangeController.calendar(of: TaskQuery.allTasks(status: status, now: now, page: page), userID: user.id, in: store)
    }

    func importFile(_ bytes: [UInt8], format: InterchangeFormat?, timezone: String) throws -> ImportReport {
        let items = try ImportFile.items(bytes, format: format, timezone: timezone, clock: { now })
        return try TaskImporter(store: store).run(items, userID: user.id, now: now)
    }
}
