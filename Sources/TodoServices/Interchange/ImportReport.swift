import TodoCore

/// What an import did with each item of the file.
public struct ImportReport: Sendable {
    public enum Result: String, Sendable, CaseIterable {
        /// A new task.
        case created
        /// A task of an earlier import of the same item, changed to what the file says now.
        case updated
        /// A task of an earlier import that already says what the file says.
        case unchanged
        /// A task of an earlier import changed here after the file's item last changed (its
        /// LAST-MODIFIED): kept as it is, so an old file does not undo newer work.
        case kept
        /// Not imported; `error` says why.
        case skipped
    }

    public struct Entry: Sendable {
        public var place: String
        public var result: Result
        public var task: TodoTask?
        public var title: String?
        public var error: ImportItemError?

        public init(place: String, result: Result, task: TodoTask? = nil, title: String? = nil, error: ImportItemError? = nil) {
            self.place = place
            self.result = result
            self.task = task
            self.title = title
            self.error = error
        }
    }

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public var entries: [Entry]

    public func count(_ result: Result) -> Int { entries.reduce(0) { $0 + ($1.result == result ? 1 : 0) } }

    /// The API's answer: `{"created", "updated", "unchanged", "skipped", "items": [{"place", "result", "title"?, "task"?, "error"?}]}`.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        for result in ImportReport.Result.allCases {
            json.key(escaping: result.rawValue)
            json.value(count(result))
        }
        json.key("items")
        json.beginArray()
        for entry in entries {
            json.beginObject()
            json.key("place")
            json.value(entry.place)
            json.key("result")
            json.value(entry.result.rawValue)
            if let title = entry.title {
                json.key("title")
                json.value(title)
            }
            if let task = entry.task {
                json.key("task")
                task.write(to: &json)
            }
            if let error = entry.error {
                json.key("error")
                json.beginObject()
                json.key("code")
                json.value(error.code)
                json.key("message")
                json.value(error.message)
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
