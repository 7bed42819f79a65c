import Foundation
import TodoCore
import TodoStore

/// Who a tool call acts for, and when and where: the authenticated user (never one named in
/// the arguments or the message), the client's `now` and time zone.
public struct ToolContext: Sendable {
    public var store: any TaskRepository
    public var userID: UUID
    public var now: Date
    public var zoneName: String
    public var zone: TimeZone

    public init(store: any TaskRepository, userID: UUID, now: Date, zoneName: String, zone: TimeZone) {
        self.store = store
        self.userID = userID
        self.now = now
        self.zoneName = zoneName
        self.zone = zone
    }
}

/// What a tool answered: the JSON a client sees (MCP structured content, an LLM's tool
/// message, the chat's `actions`), and the tasks behind it for the agent's reply.
public struct ToolResult: Sendable {
    public var json: JSONValue
    public var tasks: [TodoTask]

    public init(json: JSONValue, tasks: [TodoTask]) {
        self.json = json
        self.tasks = tasks
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
