import Foundation
import TodoCore

/// The MCP server's protocol core, without I/O (STYLE "protocols without I/O"): it turns one
/// client message into the JSON to send back, and both transports (Streamable HTTP at `/mcp`,
/// stdio in `todo mcp`) wrap it. It keeps no state between messages, so any replica answers
/// any message of a session: a session's protocol version travels in the
/// `MCP-Protocol-Version` header (HTTP) or stays with the one stdio process.
public struct MCPServer: Sendable {
    /// The handshake revisions served, oldest first; the last is offered to a client asking
    /// for one we do not know (MCP "Version negotiation").
    public static let supportedVersions = ["2025-03-26", "2025-06-18", "2025-11-25"]
    public static var latestVersion: String { supportedVersions[supportedVersions.count - 1] }

    let registry: ToolRegistry
    let serverVersion: String

    public init(registry: ToolRegistry = .standard, serverVersion: String) {
        self.registry = registry
        self.serverVersion = serverVersion
    }

    /// The answer to `message`: a response object for a request, nil for a notification or
    /// a client's response. `context` is asked only when a tool runs.
    public func answer(_ message: MCPMessage, context: () throws(ToolError) -> ToolContext) -> JSONValue? {
        guard case .request(let id, let method, let params) = message else { return nil }
        do {
            let result = try respond(method: method, params: params ?? .object([]), context: context)
            return .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
        } catch {
            var error = error
            error.id = id
            return error.json
        }
    }

    /// The answer to what a POST body or stdio line held: a message's response, or for a batch
    /// (MCP 2025-03-26) an array of its requests' responses in its order, none for its
    /// notifications (`initialize` may not come in one); nil when nothing is to be written.
    public func answer(_ incoming: MCPIncoming, context: () throws(ToolError) -> ToolContext) -> JSONValue? {
        let batch: [Result<MCPMessage, MCPProtocolError>]
        switch incoming {
        case .single(let message): return answer(message, context: context)
        case .batch(let elements): batch = elements
        }
        let answers = batch.compactMap { element -> JSONValue? in
            switch element {
            case .failure(let error): error.json
            case .success(.request(let id, "initialize", _)): MCPProtocolError(.invalidRequest, "initialize must not be part of a batch", id: id).json
            case .success(let message): answer(message, context: context)
            }
        }
        return answers.isEmpty ? nil : .array(answers)
    }

    func respond(method: String, params: JSONValue, context: () throws(ToolError) -> ToolContext) throws(MCPProtocolError) -> JSONValue {
        switch method {
        case "initialize": return try initialize(params)
        case "ping": return .object([])
        case "tools/list": return toolList
        case "tools/call": return try callTool(params, context: context)
        default: throw MCPProtocolError(.methodNotFound, "unknown method \(method.prefix(80)): this server answers initialize, ping, tools/list and tools/call")
        }
    }

    /// The version this server speaks with a client that asked for `requested`.
    public static func negotiatedVersion(_ requested: String) -> String {
        supportedVersions.contains(requested) ? requested : latestVersion
    }

    func initialize(_ params: JSONValue) throws(MCPProtocolError) -> JSONValue {
        guard case .string(let requested) = params["protocolVersion"] else {
            throw MCPProtocolError(.invalidParams, "initialize needs params.protocolVersion (a string)")
        }
        return .object([
            ("protocolVersion", .string(Self.negotiatedVersion(requested))),
            ("capabilities", .object([("tools", .object([("listChanged", .bool(false))]))])),
            ("serverInfo", .object([("name", .string("todo")), ("version", .string(serverVersion))])),
            ("instructions", .string("Manage the signed-in user's tasks: add, list, search, show, update, complete, reopen and delete them.")),
        ])
    }

    var toolList: JSONValue {
        .object([("tools", .array(registry.tools.map { tool in
            .object([
                ("name", .string(tool.name)), ("description", .string(tool.description)),
                ("inputSchema", tool.inputSchema.json), ("outputSchema", tool.outputSchema.json),
                ("annotations", .object([("readOnlyHint", .bool(!tool.changesTasks))])),
            ])
        }))])
    }

    /// Runs a tool. An unknown tool is a protocol error (-32602, as the specification's
    /// example); a call the tool refuses (bad arguments, no such task) is a result with
    /// `isError`, so a model can read why and correct itself.
    func callTool(_ params: JSONValue, context: () throws(ToolError) -> ToolContext) throws(MCPProtocolError) -> JSONValue {
        guard case .string(let name) = params["name"] else { throw MCPProtocolError(.invalidParams, "tools/call needs params.name (a string)") }
        guard registry.tool(named: name) != nil else {
            throw MCPProtocolError(.invalidParams, "unknown tool \(name.prefix(60)): tools/list names the tools")
        }
        let arguments = params["arguments"] ?? .object([])
        guard case .object = arguments else {
            return Self.toolFailure("arguments must be an object, not \(arguments.typeName)")
        }
        do {
            let result = try registry.run(ToolCall(name: name, arguments: arguments), in: context())
            var text = JSONWriter(capacity: 256)
            result.write(to: &text)
            return .object([
                ("content", .array([.object([("type", .string("text")), ("text", .string(text.string))])])),
                ("structuredContent", result.json),
                ("isError", .bool(false)),
            ])
        } catch {
            return Self.toolFailure(error.description)
        }
    }

    static func toolFailure(_ message: String) -> JSONValue {
        .object([("content", .array([.object([("type", .string("text")), ("text", .string(message))])])), ("isError", .bool(true))])
    }
}
