import Foundation
import TodoCore

/// The chat tools, by name: the one list the offline agent, the LLM agent and the MCP server
/// share. A call runs as `context.userID`; a `user_id` in the arguments is accepted for
/// compatibility with the original contract and ignored.
public struct ToolRegistry: Sendable {
    public let tools: [ChatTool]

    public init(tools: [ChatTool]) {
        self.tools = tools
    }

    /// The task tools (`TaskTools`).
    public static let standard = ToolRegistry(tools: TaskTools.all)

    public func tool(named name: String) -> ChatTool? {
        tools.first { $0.name == name }
    }

    /// Runs `call` for the context's user.
    public func run(_ call: ToolCall, in context: ToolContext) throws(ToolError) -> ToolResult {
        guard let tool = tool(named: call.name) else { throw .unknownTool(call.name) }
        return try tool.run(ToolArguments(call.arguments), context)
    }
}
