import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// `/api/v1/tasks` and `/api/v1/tags` (DESIGN §6). Every call is scoped to the authenticated
/// user: another user's task is a 404, never a 403, so ids reveal nothing.
struct TaskController: Sendable {
    let store: any TaskRepository
    let creator: TaskCreator
    let clock: @Sendable () -> Date
    /// Listings of the same tasks (a client's first page, polled) copy their JSON.
    let listedJSON = TaskJSONCache()

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/tasks", use: list)
        group.post("/tasks", use: create)
        group.get("/tasks/:id", use: show)
        group.patch("/tasks/:id", use: update)
        group.delete("/tasks/:id", use: delete)
        group.post("/tasks/:id/complete", use: complete)
        group.post("/tasks/:id/reopen", use: reopen)
        group.get("/tags", use: tags)
    }

    @Sendable func list(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskPageResponse {
        let query = try TaskListRequest.query(from: request.query, now: clock())
        return TaskPageResponse(page: try store.listTasks(query, userID: context.userID), cache: listedJSON)
    }

    @Sendable func create(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let draft = try TaskInput.draft(from: JSONBody(request), clock: clock)
        return TaskResponse(task: try creator.create(draft, userID: context.userID, now: clock()), created: true)
    }

    @Sendable func show(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        TaskResponse(task: try task(context.parameters.require("id", as: TaskReference.self), user: context.userID))
    }

    @Sendable func update(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        let body = try JSONBody(request)
        let (patch, bodyVersion) = try TaskInput.patch(from: body) {
            guard let task = try store.task(id: id, userID: user) else { throw StoreError.taskNotFound(id.lowercasedString) }
            return task.timezone
        }
        let expected = try Self.expectedVersion(request, bodyVersion: bodyVersion)
        return TaskResponse(task: try store.updateTask(id: id, userID: user, patch: patch, expectedVersion: expected, now: clock()))
    }

    @Sendable func delete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        _ = try store.deleteTask(id: id, userID: user, expectedVersion: try Self.expectedVersion(request), now: clock())
        return .noContent
    }

    @Sendable func complete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        return TaskResponse(task: try store.completeTask(id: id, userID: user, expectedVersion: try Self.expectedVersion(request), now: clock()))
    }

    @Sendable func reopen(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        return TaskResponse(task: try store.reopenTask(id: id, userID: user, expectedVersion: try Self.expectedVersion(request), now: clock()))
    }

    @Sendable func tags(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TagCountsResponse {
        TagCountsResponse(counts: try store.tagCounts(userID: context.userID))
    }

    /// The task `reference` names, if it is the user's.
    private func task(_ reference: TaskReference, user: UUID) throws -> TodoTask {
        let found = switch reference.key {
        case .id(let id): try store.task(id: id, userID: user)
        case .number(let number): try store.task(number: number, userID: user)
        }
        guard let found else { throw reference.notFound }
        return found
    }

    /// The id of the task `reference` names; a UUID needs no lookup.
    private func taskID(_ reference: TaskReference, user: UUID) throws -> UUID {
        if case .id(let id) = reference.key { return id }
        return try task(reference, user: user).id
    }

    /// The version a change is conditional on: the body's `version`, else `If-Match`
    /// (`"3"`, `W/"3"` or `3`; `*` means any).
    static func expectedVersion(_ request: HTTPRequest, bodyVersion: Int? = nil) throws(HTTPError) -> Int? {
        if let bodyVersion { return bodyVersion }
        guard let header = request.headers["If-Match"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if header == "*" { return nil }
        var tag = Substring(header)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
        guard let version = Int(tag), version >= 0 else {
            throw HTTPError(.preconditionFailed, code: "version_conflict",
                            message: "If-Match must be the task's version as its ETag gives it, e.g. \"3\" (got \(header.prefix(40)))")
        }
        return version
    }
}
