import TodoCore
import TodoHTTP
import TodoStore

/// A page of a task listing and the cursor of the next; each task's JSON is copied from the
/// listing cache when it has not changed since it was last listed.
struct TaskPageResponse: JSONResponse {
    let page: TaskPage
    let cache: TaskJSONCache

    var expectedSize: Int { 256 + page.tasks.count * 512 }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("tasks")
        cache.writeArray(page.tasks, to: &json)
        json.key("next_cursor")
        json.value(page.nextCursor)
        json.endObject()
    }
}

extension TaskPageResponse: SchemaDescribed {
    static let schemaName = "TaskPage"

    static var schema: JSONSchema {
        .object([
            .required("tasks", .array(of: .reference(to: TaskResponse.self))),
            .required("next_cursor", JSONSchema.string().nullable().described("Pass as cursor for the next page; null on the last.")),
        ])
    }
}
