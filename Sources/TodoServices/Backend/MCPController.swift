import Foundation
import TodoChat
import TodoCore
import TodoHTTP
import TodoStore

/// The MCP server's Streamable HTTP transport at `/mcp` (issue 14 item 5), behind the bearer
/// authentication of the API: each POST carries one JSON-RPC message and gets a JSON answer
/// (the specification allows JSON instead of an SSE stream). Sessions are stateless
/// (docs/decisions.md "MCP: stateless sessions"): `Mcp-Session-Id` is issued by `initialize`
/// and required after it, signed rather than stored (`MCPSessionIDs`), so any replica answers
/// and an id it did not issue to the user is a 404.
struct MCPController: Sendable {
    /// What a session id may look like: visible ASCII (the specification's rule), bounded.
    static let maxSessionIDLength = 128
    /// MCP calls carry no client time zone; dates without an offset are read in UTC, as the
    /// chat endpoint does when the client names none.
    static let utc = TimeZone(identifier: "UTC")!

    /// The store with creates group-committed (`GroupCommittedTasks`).
    let tasks: GroupCommittedTasks
    let server = MCPServer(serverVersion: ProductVersion.current)
    let sessions: MCPSessionIDs
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("/mcp", documentation: Self.postDocumentation, use: post)
        group.get("/mcp", documentation: Self.getDocumentation, use: notOffered)
        group.delete("/mcp", documentation: Self.deleteDocumentation, use: notOffered)
    }

    /// A JSON-RPC 2.0 message, as far as the API document describes it.
    enum Message: SchemaDescribed {
        static let schemaName = "MCPMessage"
        static var schema: JSONSchema {
            .object([.required("jsonrpc", .enumeration(["2.0"])), .optional("id", .oneOf([.string(), .integer().nullable()])),
                     .optional("method", .string()), .optional("params", .object())])
        }
    }

    static let sessionHeader = OperationDocumentation.Parameter.header(
        "Mcp-Session-Id", .string(), description: "The session id that initialize answered with; required on every other message.")
    static let versionHeader = OperationDocumentation.Parameter.header(
        "MCP-Protocol-Version", .enumeration(MCPServer.supportedVersions), description: "The negotiated protocol version (2025-03-26 when absent).")

    static let postDocumentation = OperationDocumentation(
        "Send one MCP JSON-RPC message (Streamable HTTP)", id: "mcpPost", tags: ["mcp"],
        description: "Model Context Protocol over Streamable HTTP: initialize, ping, tools/list, tools/call. A request gets a JSON-RPC response; a notification 202. "
            + "In a 2025-03-26 session (no MCP-Protocol-Version header, or that one) the body may also be a JSON-RPC batch of up to \(MCPMessage.maxBatch) messages, answered with an array of the requests' responses.",
        parameters: [sessionHeader, versionHeader], body: .json(Message.self),
        responses: [.json(.ok, Message.self, "The JSON-RPC response (a result, or an error for a protocol failure)."),
                    .init(.accepted, "A notification or response, taken."),
                    .init(.badRequest, "Malformed JSON-RPC, a batch outside a 2025-03-26 session (or of more than \(MCPMessage.maxBatch) messages), a missing session id or an unsupported protocol version.", schema: .reference(to: Message.self)),
                    .init(.notFound, "A session id this server did not issue to the token's user (a JSON-RPC error): initialize again.", schema: .reference(to: Message.self)),
                    .init(.forbidden, "An Origin other than this server's host or a loopback address (DNS rebinding), as a JSON-RPC error.",
                          schema: .reference(to: Message.self)),
                    APIDocumentation.errorResponse(.notAcceptable, "Accept names neither application/json nor */*."),
                    APIDocumentation.error.at(.unsupportedMediaType),
                    APIDocumentation.unauthorized, APIDocumentation.error])

    static let getDocumentation = OperationDocumentation(
        "No server-to-client stream (405)", id: "mcpGet", tags: ["mcp"],
        description: "This server sends nothing unasked, so it offers no SSE stream: GET is 405, as the specification allows.",
        responses: [.init(.methodNotAllowed, "No SSE stream is offered."), APIDocumentation.unauthorized, APIDocumentation.error])

    static let deleteDocumentation = OperationDocumentation(
        "Sessions are not ended by the client (405)", id: "mcpDelete", tags: ["mcp"],
        description: "Session ids are not stored, so none can be revoked: DELETE is 405, which the specification allows for a server that does not let clients end sessions. A client simply stops using the id.",
        responses: [.init(.methodNotAllowed, "Sessions end when the client stops using them."), APIDocumentation.unauthorized, APIDocumentation.error])

    @Sendable func post(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        if let accept = request.headers["Accept"], !Self.acceptsJSON(accept) {
            throw HTTPError(.notAcceptable, code: "not_acceptable", message: "Accept must include application/json: this server answers MCP with JSON")
        }
        try JSONBody.checkType(of: request, accepting: ["application/json"])
        // A request without the header speaks 2025-03-26 (the transport's rule), whose batches
        // a receiver must take.
        let version = request.headers["MCP-Protocol-Version"]
        let incoming: MCPIncoming
        do {
            incoming = try MCPMessage.parseIncoming(request.body, batches: (version ?? MCPMessage.batchingVersion) == MCPMessage.batchingVersion)
        } catch {
            return Self.rejection(error)
        }
        // Read first, so that a refusal names the request it refuses: a client matches answers
        // to requests by id, and one with a null id is an answer to nothing it waits for.
        let id: JSONValue? = if case .single(let message) = incoming { message.requestID } else { nil }
        if let origin = request.headers["Origin"], !Self.isAllowed(origin: origin, host: request.headers["Host"]) {
            return Self.rejection(MCPProtocolError(.invalidRequest, "Origin \(origin.prefix(100)) may not call this MCP server: "
                                                       + "a browser client must be served from this server's host or a loopback address", id: id),
                                  status: .forbidden)
        }
        if let version, !MCPServer.supportedVersions.contains(version) {
            return Self.rejection(MCPProtocolError(.invalidRequest, "unsupported MCP-Protocol-Version \(version.prefix(40)): supported are \(MCPServer.supportedVersions.joined(separator: ", "))", id: id))
        }
        var sessionID: String?
        if case .single(.request(_, "initialize", _)) = incoming {
            sessionID = sessions.issue(for: context.userID)
        } else if let refusal = sessionRefusal(request, userID: context.userID, requestID: id) {
            return refusal
        }
        let user = context.userID
        let tools = { () throws(ToolError) -> ToolContext in ToolContext(store: tasks, userID: user, now: clock(), zoneName: "UTC", zone: Self.utc) }
        guard let answer = server.answer(incoming, context: tools) else {
            return HTTPResponse(status: .accepted)
        }
        var response = HTTPResponse.json(Self.bytes(answer))
        // Only with an InitializeResult: a refused initialize starts no session.
        if let sessionID, answer["result"] != nil { response.headers.set("Mcp-Session-Id", sessionID) }
        return response
    }

    /// GET (no server-to-client stream) and DELETE: for DELETE, a 204 would promise that the id
    /// now answers 404 (the specification's rule for an ended session), which a server that
    /// stores no session cannot keep; 405 says so honestly.
    @Sendable func notOffered(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        throw HTTPError(.methodNotAllowed, code: "method_not_allowed",
                        message: request.method == .get ? "this server offers no SSE stream on GET /mcp; POST JSON-RPC messages"
                            : "sessions end when the client stops using them; DELETE /mcp is not offered",
                        headers: ["Allow": "POST"])
    }

    /// A 400 when the request lacks a well-formed `Mcp-Session-Id`, a 404 when this server did
    /// not issue it to the user (the specification's answer to a session it does not know).
    func sessionRefusal(_ request: HTTPRequest, userID: UUID, requestID: JSONValue?) -> HTTPResponse? {
        guard let id = request.headers["Mcp-Session-Id"] else {
            return Self.rejection(MCPProtocolError(.invalidRequest, "Mcp-Session-Id header is required: send initialize first and echo the id it answered with", id: requestID))
        }
        guard !id.isEmpty, id.utf8.count <= Self.maxSessionIDLength, id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            return Self.rejection(MCPProtocolError(.invalidRequest, "Mcp-Session-Id must be 1 to \(Self.maxSessionIDLength) visible ASCII characters", id: requestID))
        }
        guard sessions.isIssued(id, to: userID) else {
            return Self.rejection(MCPProtocolError(.invalidRequest, "unknown MCP session: send initialize again and use the id it answers with", id: requestID),
                                  status: .notFound)
        }
        return nil
    }

    /// The specification's defence against DNS rebinding: a browser page may call only from
    /// this server's own host name (as the request's `Host` names it) or a loopback address;
    /// an opaque origin (`null`: a sandboxed frame, a file) may not. Clients outside a browser
    /// send no Origin.
    static func isAllowed(origin: String, host: String?) -> Bool {
        guard let url = URLComponents(string: origin), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let originHost = url.host?.lowercased(), !originHost.isEmpty else { return false }
        if ["localhost", "127.0.0.1", "[::1]", "::1"].contains(originHost) || originHost.hasSuffix(".localhost") { return true }
        guard let host, let own = URLComponents(string: "http://\(host)")?.host?.lowercased() else { return false }
        return own == originHost
    }

    /// Whether an Accept header admits JSON. On bytes rather than with Foundation's trimming
    /// and lower-casing: every MCP call sends this header, and that was 1.4% of a call's CPU.
    static func acceptsJSON(_ accept: String) -> Bool {
        var accept = accept
        return accept.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                var typeEnd = start
                while typeEnd < end, bytes[typeEnd] != UInt8(ascii: ";") { typeEnd += 1 }
                if isJSONMediaRange(bytes[start..<typeEnd]) { return true }
                start = end + 1
            }
            return false
        }
    }

    private static let jsonMediaRanges: [[UInt8]] = ["application/json", "application/*", "*/*"].map { Array($0.utf8) }

    /// `application/json`, `application/*` or `*/*`, in any case, between optional blanks.
    private static func isJSONMediaRange(_ range: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var lower = range.startIndex, upper = range.endIndex
        while lower < upper, isBlank(range[lower]) { lower += 1 }
        while upper > lower, isBlank(range[upper - 1]) { upper -= 1 }
        let type = range[lower..<upper]
        return jsonMediaRanges.contains { candidate in
            candidate.count == type.count && zip(candidate, type).allSatisfy { expected, byte in
                expected == (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
    }

    static func rejection(_ error: MCPProtocolError, status: HTTPStatus = .badRequest) -> HTTPResponse {
        HTTPResponse.json(bytes(error.json), status: status)
    }

    static func bytes(_ json: JSONValue) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        json.write(to: &writer)
        return writer.bytes
    }
}
