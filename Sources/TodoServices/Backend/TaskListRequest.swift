import Foundation
import TodoCore
import TodoHTTP

/// The query string of `GET /api/v1/tasks` as a `TaskQuery`. A parameter the listing does not
/// know, one given twice that takes one value, or a known one with a bad value is a 422 naming it.
enum TaskListRequest {
    static func query(from parameters: QueryParameters, now: Date) throws(HTTPError) -> TaskQuery {
        try checkNames(parameters)
        var query = TaskQuery(now: now)
        if let status = parameters["status"] {
            guard let value = TaskQuery.StatusFilter(rawValue: status) else {
                throw .validation(field: "status", "status must be pending, completed or all (got \"\(status)\")")
            }
            query.status = value
        }
        for list in parameters.all("priority") {
            for name in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard let priority = Priority(rawValue: String(name)) else {
                    throw .validation(field: "priority", "priority must be none, low, medium or high (got \"\(name)\")")
                }
                if !query.priorities.contains(priority) { query.priorities.append(priority) }
            }
        }
        query.tags = parameters.all("tag")
        query.search = parameters["q"]
        query.dueBefore = try instant(parameters, "due_before")
        query.dueAfter = try instant(parameters, "due_after")
        if let overdue = parameters["overdue"] {
            switch overdue {
            case "true", "1": query.overdue = true
            case "false", "0": query.overdue = false
            default: throw .validation(field: "overdue", "overdue must be true or false (got \"\(overdue)\")")
            }
            if query.overdue, query.status == .completed {
                throw .validation(field: "overdue", "overdue tasks are pending ones: overdue=true cannot go with status=completed")
            }
        }
        if let sort = parameters["sort"] {
            guard let value = TaskSort(rawValue: sort) else {
                let names = TaskSort.allCases.map(\.rawValue).joined(separator: ", ")
                throw .validation(field: "sort", "sort must be one of \(names) (got \"\(sort)\")")
            }
            query.sort = value
        }
        if let order = parameters["order"] {
            guard let value = SortDirection(rawValue: order) else {
                throw .validation(field: "order", "order must be asc or desc (got \"\(order)\")")
            }
            query.order = value
        }
        if let limit = try parameters.integer("limit", in: 1...TaskQuery.maxLimit) { query.limit = limit }
        query.cursor = parameters["cursor"]
        return query
    }

    /// Ignored, a misspelt filter ("statu=pending", "search=milk") listed every task, and of a
    /// repeated one the first silently won.
    private static func checkNames(_ parameters: QueryParameters) throws(HTTPError) {
        for item in parameters {
            guard let parameter = Self.parameters.first(where: { $0.name == item.name }) else {
                let names = Self.parameters.map(\.name).joined(separator: ", ")
                throw .validation(field: item.name, "\(item.name.prefix(40)) is not a parameter of the task listing; its parameters are \(names)")
            }
            if !parameter.schema.isArray, parameters.all(parameter.name).count > 1 {
                throw .validation(field: parameter.name, "\(parameter.name) is given more than once; give it once")
            }
        }
    }

    private static func instant(_ parameters: QueryParameters, _ name: String) throws(HTTPError) -> Date? {
        guard let text = parameters[name] else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw .validation(field: name, "\(name) must be an RFC 3339 date-time such as 2026-12-05T17:00:00Z (got \"\(text.prefix(40))\")")
        }
        return date
    }
}

extension TaskListRequest {
    /// The query parameters `query(from:now:)` reads, for the OpenAPI document.
    static let parameters: [OperationDocumentation.Parameter] = [
        .query("status", .enumeration(TaskQuery.StatusFilter.self), description: "Absent: all."),
        .query("priority", .array(of: .enumeration(Priority.self)), description: "Any of these; repeat or comma-separate."),
        .query("tag", .array(of: TaskFieldSchema.tag, maxItems: TaskQuery.maxTags), description: "All of these tags."),
        .query("q", .string(maxLength: TaskQuery.maxSearchLength),
               description: "Full-text search over title, description and tags: every word must match."),
        .query("due_before", .string(format: "date-time"), description: "Due before this instant."),
        .query("due_after", .string(format: "date-time"), description: "Due at or after this instant."),
        .query("overdue", .boolean, description: "Only pending tasks due before now."),
        .query("sort", .enumeration(TaskSort.self), description: "Default: relevance with q, else due. relevance needs q."),
        .query("order", .enumeration(SortDirection.self), description: "Default: the sort's natural order."),
        .query("limit", JSONSchema.integer(minimum: 1, maximum: TaskQuery.maxLimit).defaulting(to: .integer(TaskQuery.defaultLimit)),
               description: "Page size."),
        .query("cursor", .string(), description: "next_cursor of the previous page, with the same sort and order."),
    ]
}
