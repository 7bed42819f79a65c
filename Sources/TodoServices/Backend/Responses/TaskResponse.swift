import TodoCore
import TodoHTTP

/// One task, with its version as the entity tag (what `If-Match` takes); a created task also
/// gets its `Location` and 201.
struct TaskResponse: JSONResponse {
    let task: TodoTask
    var created = false

    var status: HTTPStatus { created ? .created : .ok }
    var expectedSize: Int { 640 }

    func write(to json: inout JSONWriter) { task.write(to: &json) }

    func addHeaders(to headers: inout HTTPHeaders) {
        headers.add("ETag", "\"\(task.version)\"")
        if created { headers.add("Location", "/api/v1/tasks/\(task.id.lowercasedString)") }
    }
}
