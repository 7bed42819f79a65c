import TodoCore

/// JSON output of tasks, in exactly the shapes the HTTP API answers (DESIGN §6), written by
/// `JSONWriter` — the one JSON encoder configuration of the project.
extension OutputBuffer {
    /// One task object and a newline.
    func writeJSON(_ task: TodoTask) {
        var writer = JSONWriter(capacity: 1024)
        task.write(to: &writer)
        write(bytes: writer.bytes)
        write("\n")
    }

    /// `{"tasks":[…],"next_cursor":null}` and a newline: the listing is complete, so there is
    /// never a next page.
    func writeJSON(tasks: [TodoTask]) {
        write(bytes: Self.listingJSON(tasks))
    }

    /// The bytes `writeJSON(tasks:)` writes (also what `todo export --format json` writes).
    static func listingJSON(_ tasks: [TodoTask]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + tasks.count * 600)
        writer.beginObject()
        writer.key("tasks")
        writer.beginArray()
        for task in tasks { task.write(to: &writer) }
        writer.endArray()
        writer.key("next_cursor")
        writer.null()
        writer.endObject()
        return writer.bytes + [0x0A]
    }
}
