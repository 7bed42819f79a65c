import TodoCore

/// One JSON-RPC 2.0 message a client sent, as the MCP transports hand it to `MCPServer`:
/// a request (answered), a notification (never answered) or a client's response (ignored:
/// this server asks the client nothing).
public enum MCPMessage: Sendable {
    case request(id: JSONValue, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response

    /// The request's id; nil for a notification or a response, which get no answer.
    public var requestID: JSONValue? {
        if case .request(let id, _, _) = self { id } else { nil }
    }

    /// The revision whose messages may come in batches: 2025-06-18 removed them, and a
    /// 2025-03-26 receiver MUST take them.
    public static let batchingVersion = "2025-03-26"
    /// Messages in one batch, at most: a batch of a thousand tool calls is refused whole rather
    /// than left to run for minutes.
    public static let maxBatch = 100

    /// Reads a POST body or a stdio line: one message, or, when `batches` (the session speaks
    /// 2025-03-26), a JSON array of them, each element read on its own. Otherwise an array is
    /// one error and runs nothing.
    public static func parseIncoming(_ bytes: [UInt8], batches: Bool) throws(MCPProtocolError) -> MCPIncoming {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw MCPProtocolError(.parseError, "the message is not JSON: \(error.description)")
        }
        guard case .array(let items) = json else { return .single(try parse(json)) }
        guard batches else {
            throw MCPProtocolError(.invalidRequest, "JSON-RPC batches are not supported (MCP 2025-06-18 removed them): send the \(items.count) messages one by one")
        }
        guard !items.isEmpty else { throw MCPProtocolError(.invalidRequest, "a batch must hold at least one message") }
        guard items.count <= maxBatch else {
            throw MCPProtocolError(.invalidRequest, "a batch may hold at most \(maxBatch) messages (this one has \(items.count)): send it in parts")
        }
        return .batch(items.map { item in
            do throws(MCPProtocolError) { return .success(try parse(item)) } catch { return .failure(error) }
        })
    }

    /// One message, already read as JSON.
    static func parse(_ json: JSONValue) throws(MCPProtocolError) -> MCPMessage {
        guard case .object = json else { throw MCPProtocolError(.invalidRequest, "a JSON-RPC message is an object, not \(json.typeName)") }
        let id = json["id"]
        guard json["jsonrpc"] == .string("2.0") else { throw MCPProtocolError(.invalidRequest, "\"jsonrpc\" must be \"2.0\"", id: id) }
        if let id, !Self.isValidID(id) {
            throw MCPProtocolError(.invalidRequest, "\"id\" must be a string or an integer")
        }
        guard let methodValue = json["method"] else {
            if id != nil, json["result"] != nil || json["error"] != nil { return .response }
            throw MCPProtocolError(.invalidRequest, "a request needs a \"method\"", id: id)
        }
        guard case .string(let method) = methodValue else { throw MCPProtocolError(.invalidRequest, "\"method\" must be a string", id: id) }
        let params = json["params"]
        if let params {
            guard case .object = params else { throw MCPProtocolError(.invalidParams, "\"params\" must be an object", id: id) }
        }
        guard let id else { return .notification(method: method, params: params) }
        return .request(id: id, method: method, params: params)
    }

    /// MCP ids are strings or integers; JSON-RPC's null id is not allowed for a request.
    private static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .string, .int: true
        default: false
        }
    }
}

/// What one POST body or stdio line holds.
public enum MCPIncoming: Sendable {
    case single(MCPMessage)
    /// A batch (MCP 2025-03-26), each element read on its own: one that is no message is
    /// answered with its error, the others as if they came alone.
    case batch([Result<MCPMessage, MCPProtocolError>])
}

/// A JSON-RPC error: what went wrong with the message itself (not with a tool call, which is
/// a result with `isError`). `id` is the request's when it could be read, else null.
public struct MCPProtocolError: Error, Sendable, CustomStringConvertible {
    public enum Code: Int64, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
    }

    public var code: Code
    public var message: String
    public var id: JSONValue

    public init(_ code: Code, _ message: String, id: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.id = id ?? .null
    }

    public var description: String { message }

    /// The error response object.
    public var json: JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id),
                 ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))]))])
    }
}
