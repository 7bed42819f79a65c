import Foundation
import TodoCore
import TodoStore

/// Who a tool call acts for, and when and where: the authenticated user (never one named in
/// the arguments or the message), the client's `now` and time zone.
public struct ToolContext: Sendable {
    public var store: any TaskRepository
    public var userID: UUID
    /// The client's now: what dates in a message and relative queries ("overdue") are read at
    /// (DESIGN §6.1).
    public var now: Date
    /// When the changes happen, by the server's clock, whatever `now` the client gave: the
    /// stored timestamps and the audit trail are the server's, never a client's.
    public var recordedAt: Date
    public var zoneName: String
    public var zone: TimeZone
    /// Set where no recurring-task service runs (`todo chat` and `todo mcp` on a local
    /// database): completing a repeating task then makes its next task at once, as `todo done`
    /// does. The server leaves it nil: its service makes the next task from the event.
    public var series: (any SeriesRepository)?

    public init(store: any TaskRepository, userID: UUID, now: Date, recordedAt: Date? = nil, zoneName: String, zone: TimeZone,
                series: (any SeriesRepository)? = nil) {
        self.store = store
        self.userID = userID
        self.now = now
        self.recordedAt = recordedAt ?? now
        self.zoneName = zoneName
        self.zone = zone
        self.series = series
    }
}

/// What a tool answered: the JSON a client sees (MCP structured content, an LLM's tool
/// message, the chat's `actions`), and the tasks behind it for the agent's reply.
///
/// A result that is tasks (`{"tasks": […]}`, `{"task": …}`) keeps only the tasks and writes
/// each with `TodoTask.write(to:)`, the REST API's writer: a listing of 50 tasks built as a
/// `JSONValue` tree first was a quarter of a chat turn's CPU.
public struct ToolResult: Sendable {
    public var tasks: [TodoTask]
    private let shape: Shape

    private enum Shape {
        case value(JSONValue)
        /// `{"tasks": [task, …]}`
        case taskList
        /// `{"task": task}`
        case oneTask
    }

    public init(json: JSONValue, tasks: [TodoTask]) {
        self.tasks = tasks
        shape = .value(json)
    }

    private init(tasks: [TodoTask], shape: Shape) {
        self.tasks = tasks
        self.shape = shape
    }

    /// `{"tasks": [...]}`: a listing.
    public static func taskList(_ tasks: [TodoTask]) -> ToolResult { ToolResult(tasks: tasks, shape: .taskList) }

    /// `{"task": {...}}`: one task shown whole.
    public static func oneTask(_ task: TodoTask) -> ToolResult { ToolResult(tasks: [task], shape: .oneTask) }

    /// The result as a JSON value, for readers that look inside it (MCP, an LLM's tool message).
    public var json: JSONValue {
        switch shape {
        case .value(let json): json
        case .taskList: .object([("tasks", .array(tasks.map(TaskTools.json(of:))))])
        case .oneTask: .object([("task", TaskTools.json(of: tasks[0]))])
        }
    }

    /// Writes `json` without building it, copying tasks' JSON from `cache` when it has them.
    public func write(to writer: inout JSONWriter, cache: TaskJSONCache? = nil) {
        switch shape {
        case .value(let json): json.write(to: &writer)
        case .taskList:
            writer.beginObject()
            writer.key("tasks")
            if let cache {
                cache.writeArray(tasks, to: &writer)
            } else {
                writer.beginArray()
                for task in tasks { task.write(to: &writer) }
                writer.endArray()
            }
            writer.endObject()
        case .oneTask:
            writer.beginObject()
            writer.key("task")
            if let cache { cache.write(tasks[0], to: &writer) } else { tasks[0].write(to: &writer) }
            writer.endObject()
        }
    }

    /// Writes the result as a conversation keeps it: a listing's tasks by id, number, title and
    /// status (the shape of a change's result), the rest as `write` does. A listing's whole
    /// tasks were nine tenths of what a chat wrote to the database, and the tasks themselves
    /// are in the store; the reply that named them is kept whole.
    public func writeRecord(to writer: inout JSONWriter) {
        guard case .taskList = shape else { return write(to: &writer) }
        writer.beginObject()
        writer.key("tasks")
        writer.beginArray()
        for task in tasks {
            writer.beginObject()
            writer.key("task_id")
            writer.value(uuid: task.id)
            writer.key("number")
            writer.value(task.number)
            writer.key("title")
            writer.value(task.title)
            writer.key("status")
            writer.value(task.status.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// One tool: declared once, with the JSON Schemas of its input and output, and served alike to
/// the offline agent, an LLM and MCP clients (DESIGN §6 "Chat tools", STYLE "one registry").
public struct ChatTool: Sendable {
    public var name: String
    public var description: String
    public var inputSchema: ToolSchema
    public var outputSchema: ToolSchema
    /// Whether a call changes tasks (MCP's `readOnlyHint` is its negation).
    public var changesTasks: Bool
    let run: @Sendable (ToolArguments, ToolContext) throws(ToolError) -> ToolResult

    init(name: String, description: String, input: ToolSchema, output: ToolSchema, changesTasks: Bool,
         run: @escaping @Sendable (ToolArguments, ToolContext) throws(ToolError) -> ToolResult) {
        self.name = name
        self.description = description
        inputSchema = input
        outputSchema = output
        self.changesTasks = changesTasks
        self.run = run
    }
}

/// A tool call as a client would send it: the tool's name and its JSON arguments. The agent
/// builds its calls with the typed constructors in `TaskTools`, so what it records is exactly
/// what an MCP client or a model could have sent.
public struct ToolCall: Hashable, Sendable {
    public var name: String
    public var arguments: JSONValue

    public init(name: String, arguments: JSONValue) {
        self.name = name
        self.arguments = arguments
    }
}
