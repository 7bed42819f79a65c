import Foundation
import TodoCore
import TodoServices

/// A todo server's API, as the user of a token (`todo --server URL --token T …`).
struct RemoteTaskAccess: TaskAccess {
    let client: APIClient

    func create(_ draft: TaskDraft) throws -> TodoTask {
        try decodeTask(client.send("POST", "/api/v1/tasks", body: draft.apiJSON))
    }

    func task(_ reference: TaskReference) throws -> TodoTask {
        // The API takes a task's number in place of its id.
        let path = switch reference {
        case .number(let number): "/api/v1/tasks/\(number)"
        case .id(let id): "/api/v1/tasks/\(id.lowercasedString)"
        }
        return try decodeTask(client.send("GET", path))
    }

    func update(_ task: TodoTask, patch: TaskPatch) throws -> TodoTask {
        try decodeTask(client.send("PATCH", path(task), body: patch.apiJSON(version: task.version)))
    }

    /// The server's recurring-task service creates a repeating task's next task from the
    /// completion event; its id is derived, so it is looked for briefly (it usually exists
    /// within milliseconds). Not found in time, `next` is nil and the command says it repeats.
    func complete(_ task: TodoTask) throws -> Completion {
        let completed = try decodeTask(client.send("POST", path(task) + "/complete"))
        guard task.status != .completed, let completedAt = completed.completedAt,
              let next = SeriesContinuation.nextTask(after: completed, completedAt: completedAt), let id = next.id else {
            return Completion(task: completed, next: nil)
        }
        for attempt in 0..<Self.nextTaskLookups {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.05) }
            if let found = try? self.task(.id(id)) { return Completion(task: completed, next: found) }
        }
        return Completion(task: completed, next: nil)
    }

    /// How often the next task is looked for, 50 ms apart: a second at most.
    static let nextTaskLookups = 20

    func reopen(_ task: TodoTask) throws -> TodoTask {
        try decodeTask(client.send("POST", path(task) + "/reopen"))
    }

    func delete(_ task: TodoTask) throws -> TodoTask {
        _ = try client.send("DELETE", path(task))
        return task
    }

    func page(_ query: TaskQuery) throws -> TaskPage {
        let json = try client.send("GET", "/api/v1/tasks", query: query.apiQueryItems)
        guard case .array(let items)? = json["tasks"] else { throw APIClientError.malformedResponse("no tasks in the listing") }
        var tasks: [TodoTask] = []
        tasks.reserveCapacity(items.count)
        for item in items { tasks.append(try decodeTask(item)) }
        let cursor: String? = if case .string(let next)? = json["next_cursor"] { next } else { nil }
        return TaskPage(tasks: tasks, nextCursor: cursor)
    }

    func tagCounts() throws -> [TagCount] {
        guard case .array(let items)? = try client.send("GET", "/api/v1/tags")["tags"] else {
            throw APIClientError.malformedResponse("no tags in the answer")
        }
        return try items.map { item in
            guard case .string(let name)? = item["name"], case .int(let count)? = item["count"] else {
                throw APIClientError.malformedResponse("a tag without name or count")
            }
            return TagCount(tag: name, count: Int(count))
        }
    }

    func calendar(status: TaskQuery.StatusFilter) throws -> [UInt8] {
        try client.raw("GET", "/api/v1/export.ics", query: [("status", status.rawValue)])
    }

    func importFile(_ bytes: [UInt8], format: InterchangeFormat?, timezone: String) throws -> ImportReport {
        var query = [(name: "timezone", value: timezone)]
        if let format { query.append((name: "format", value: format.rawValue)) }
        let json = try client.send("POST", "/api/v1/import", query: query, body: bytes, contentType: format?.mediaType ?? "text/plain; charset=utf-8")
        guard case .array(let items)? = json["items"] else { throw APIClientError.malformedResponse("no items in the import's report") }
        return ImportReport(entries: try items.map { item in
            guard case .string(let place)? = item["place"], case .string(let name)? = item["result"],
                  let result = ImportReport.Result(rawValue: name) else {
                throw APIClientError.malformedResponse("an item of the import's report without place or result")
            }
            var entry = ImportReport.Entry(place: place, result: result)
            if case .string(let title)? = item["title"] { entry.title = title }
            if let task = item["task"] { entry.task = try decodeTask(task) }
            if case .string(let code)? = item["error"]?["code"], case .string(let message)? = item["error"]?["message"] {
                entry.error = ImportItemError(code: code, message)
            }
            return entry
        })
    }

    private func path(_ task: TodoTask) -> String { "/api/v1/tasks/\(task.id.lowercasedString)" }

    private func decodeTask(_ json: JSONValue) throws -> TodoTask {
        do {
            return try TodoTask(apiJSON: json)
        } catch {
            throw APIClientError.malformedResponse(error.description)
        }
    }
}
