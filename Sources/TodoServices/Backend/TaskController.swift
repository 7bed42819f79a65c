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
    let listedJSON: TaskJSONCache

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/tasks", documentation: Self.listDocumentation, use: list)
        group.post("/tasks", documentation: Self.createDocumentation, use: create)
        group.get("/tasks/:id", documentation: Self.showDocumentation, use: show)
        group.patch("/tasks/:id", documentation: Self.updateDocumentation, use: update)
        group.delete("/tasks/:id", documentation: Self.deleteDocumentation, use: delete)
        group.post("/tasks/:id/complete", documentation: Self.completeDocumentation, use: complete)
        group.post("/tasks/:id/reopen", documentation: Self.reopenDocumentation, use: reopen)
        group.get("/tags", documentation: Self.tagsDocumentation, use: tags)
    }

    static let listDocumentation = OperationDocumentation(
        "List tasks", id: "listTasks", tags: ["tasks"], parameters: TaskListRequest.parameters,
        responses: [.json(.ok, TaskPageResponse.self, "A page of tasks."), APIDocumentation.error.at(.uriTooLong),
                    APIDocumentation.validation, APIDocumentation.error])

    @Sendable func list(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskPageResponse {
        let query = try TaskListRequest.query(from: request.query, now: clock())
        return TaskPageResponse(page: try store.listTasks(query, userID: context.userID), cache: listedJSON)
    }

    static let createDocumentation = OperationDocumentation(
        "Create a task", id: "createTask", tags: ["tasks"], body: .json(TaskCreateBody.self),
        responses: [.json(.created, TaskResponse.self, "Created, with its outbox event.",
                          headers: [APIDocumentation.taskVersionHeader, .init("Location", .string())]),
                    APIDocumentation.badRequest, APIDocumentation.error.at(.conflict), APIDocumentation.error.at(.contentTooLarge),
                    APIDocumentation.error.at(.unsupportedMediaType), APIDocumentation.validation, APIDocumentation.error])

    @Sendable func create(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let draft = try TaskInput.draft(from: JSONBody(request), clock: clock)
        return TaskResponse(task: try creator.create(draft, userID: context.userID, now: clock()), created: true)
    }

    static let showDocumentation = OperationDocumentation(
        "A task", id: "getTask", tags: ["tasks"], parameters: [APIDocumentation.taskID],
        responses: [APIDocumentation.taskWithVersion, APIDocumentation.taskNotFound, APIDocumentation.error])

    @Sendable func show(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        TaskResponse(task: try task(context.parameters.require("id", as: TaskReference.self), user: context.userID), cache: listedJSON)
    }

    static let updateDocumentation = OperationDocumentation(
        "Change some fields of a task", id: "updateTask", tags: ["tasks"], parameters: [APIDocumentation.taskID, APIDocumentation.ifMatch],
        body: .json(TaskPatchBody.self),
        responses: [.json(.ok, TaskResponse.self, "The changed task.", headers: [APIDocumentation.taskVersionHeader]),
                    APIDocumentation.badRequest, APIDocumentation.taskNotFound, APIDocumentation.versionConflict,
                    APIDocumentation.error.at(.unsupportedMediaType), APIDocumentation.validation, APIDocumentation.error])

    @Sendable func update(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        let body = try JSONBody(request)
        let (patch, bodyVersion) = try TaskInput.patch(from: body) {
            guard let task = try store.task(id: id, userID: user) else { throw StoreError.taskNotFound(id.lowercasedString) }
            return task.timezone
        }
        let expected = try expectedVersion(request, id: id, user: user, bodyVersion: bodyVersion)
        return TaskResponse(task: try store.updateTask(id: id, userID: user, patch: patch, expectedVersion: expected, now: clock()))
    }

    static let deleteDocumentation = OperationDocumentation(
        "Delete a task", id: "deleteTask", tags: ["tasks"], parameters: [APIDocumentation.taskID, APIDocumentation.ifMatch],
        responses: [.init(.noContent, "Deleted."), APIDocumentation.taskNotFound, APIDocumentation.versionConflict, APIDocumentation.error])

    @Sendable func delete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        _ = try store.deleteTask(id: id, userID: user, expectedVersion: try expectedVersion(request, id: id, user: user), now: clock())
        return .noContent
    }

    static let completeDocumentation = OperationDocumentation(
        "Mark a task completed (no change if it is)", id: "completeTask", tags: ["tasks"],
        parameters: [APIDocumentation.taskID, APIDocumentation.ifMatch],
        responses: [APIDocumentation.taskWithVersion, APIDocumentation.taskNotFound, APIDocumentation.versionConflict, APIDocumentation.error])

    @Sendable func complete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        return TaskResponse(task: try store.completeTask(id: id, userID: user, expectedVersion: try expectedVersion(request, id: id, user: user), now: clock()))
    }

    static let reopenDocumentation = OperationDocumentation(
        "Mark a task pending again (no change if it is)", id: "reopenTask", tags: ["tasks"],
        parameters: [APIDocumentation.taskID, APIDocumentation.ifMatch],
        responses: [APIDocumentation.taskWithVersion, APIDocumentation.taskNotFound, APIDocumentation.versionConflict, APIDocumentation.error])

    @Sendable func reopen(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> TaskResponse {
        let user = context.userID
        let id = try taskID(context.parameters.require("id", as: TaskReference.self), user: user)
        return TaskResponse(task: try store.reopenTask(id: id, userID: user, expectedVersion: try expectedVersion(request, id: id, user: user), now: clock()))
    }

    static let tagsDocumentation = OperationDocumentation(
        "Tags in use, most used first", id: "listTags", tags: ["tasks"],
        responses: [.json(.ok, TagCountsResponse.self, "Tags with counts."), APIDocumentation.error])

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

    /// The version a change is conditional on: the body's `version`, else `If-Match` (RFC 9110
    /// §13.1.1): a list of entity tags (`"3"`, `"2", "3"`; a bare `3` too) of which one must be
    /// the task's version, or `*` for any. Comparison is strong: a weak tag (`W/"3"`) never
    /// matches. The header is read even when the body names a version: a malformed one is
    /// refused, and one not listing that version cannot hold.
    func expectedVersion(_ request: HTTPRequest, id: UUID, user: UUID, bodyVersion: Int? = nil) throws -> Int? {
        guard let versions = try Self.ifMatchVersions(request) else { return bodyVersion }
        if let bodyVersion {
            guard versions.contains(bodyVersion) else {
                throw HTTPError(.preconditionFailed, code: "version_conflict",
                                message: "the body's version (\(bodyVersion)) is not one If-Match lists; send one of them")
            }
            return bodyVersion
        }
        guard versions.count > 1 else { return versions.first ?? -1 }
        // Several listed: the one the task is at now, which the store checks again as it writes.
        let current = try store.task(id: id, userID: user)?.version
        return versions.first { $0 == current } ?? versions[0]
    }

    /// The versions `If-Match` lists (empty: only weak tags, which match nothing); nil when it
    /// is absent or `*`.
    private static func ifMatchVersions(_ request: HTTPRequest) throws(HTTPError) -> [Int]? {
        guard let header = request.headers["If-Match"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if header == "*" { return nil }
        var versions: [Int] = []
        for item in header.split(separator: ",") {
            var tag = item.trimmingCharacters(in: .whitespaces)[...]
            if tag.hasPrefix("W/") { continue }
            if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
            guard let version = Int(tag), version >= 0 else {
                throw HTTPError(.preconditionFailed, code: "version_conflict",
                                message: "If-Match must list the task's version as its ETag gives it, e.g. \"3\" (got \(header.prefix(40)))")
            }
            versions.append(version)
        }
        guard !versions.isEmpty else {
            throw HTTPError(.preconditionFailed, code: "version_conflict",
                            message: "If-Match compares strongly, so a weak tag (W/\"3\") never matches: send the ETag as given, \"3\"")
        }
        return versions
    }
}
