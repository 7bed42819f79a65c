import Foundation
import TodoChat
import TodoCore
import TodoNet

/// `todo mcp` for the account of `todo login`: each JSON-RPC message the MCP client writes on
/// standard input is POSTed to the server's `/mcp` (Streamable HTTP) with the session token,
/// and each message of the answer — a JSON body, or each event of an SSE stream — comes back
/// as what to write. The transport's headers are the relay's business: it keeps the
/// `Mcp-Session-Id` and protocol version `initialize` answered and sends them on every later
/// message, as the stdio client cannot. A request that gets no JSON-RPC answer (the server
/// unreachable, the token refused) is answered with a JSON-RPC error, so the client never waits.
struct MCPRelay {
    let client: APIClient
    private var sessionID: String?
    private var protocolVersion: String?

    init(client: APIClient) {
        self.client = client
    }

    var endpoint: URL { client.server.appendingPathComponent("mcp") }

    /// The messages to write for one line from the client. A line that is no JSON-RPC message
    /// is answered here with the error the server would give (the same parser), unsent.
    mutating func relay(_ line: [UInt8]) -> [JSONValue] {
        let incoming: MCPIncoming
        do {
            incoming = try MCPMessage.parseIncoming(line, batches: protocolVersion == MCPMessage.batchingVersion)
        } catch {
            return [error.json]
        }
        var requestID: JSONValue?
        var isInitialize = false
        if case .single(.request(let id, let method, _)) = incoming {
            requestID = id
            isInitialize = method == "initialize"
        }
        var request = makeRequest("POST")
        request.body = line
        request.headers += [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]

        let response: HTTPClientResponse
        do {
            response = try client.perform(request)
        } catch {
            StandardStreams.writeErrorLine("todo mcp: \(error.description)")
            return requestID.map { [MCPProtocolError(.internalError, error.description, id: $0).json] } ?? []
        }
        // A batch's answer is the server's array (or its one error), as it came.
        if case .batch = incoming { return Self.messages(in: response.body, contentType: response.header("Content-Type") ?? "") }
        // A notification or a client's response is never answered, whatever the server said.
        guard let requestID else { return [] }
        // The server's refusals of the transport (session, version, origin) may carry no id;
        // the stdio client waits for an answer with its request's id.
        let answers = Self.messages(in: response.body, contentType: response.header("Content-Type") ?? "").map { answer in
            guard answer["id"] == nil || answer["id"] == .null, case .object(var members) = answer else { return answer }
            members.removeAll { $0.0 == "id" }
            members.insert(("id", requestID), at: min(1, members.count))
            return JSONValue.object(members)
        }
        // Only an initialize that succeeded starts a session: a refused one keeps the last.
        if isInitialize, response.status == 200, let result = answers.first?["result"] {
            sessionID = response.header("Mcp-Session-Id")
            if case .string(let version)? = result["protocolVersion"] { protocolVersion = version }
        }
        guard answers.isEmpty else { return answers }
        let reason = refusal(status: response.status, body: response.body)
        StandardStreams.writeErrorLine("todo mcp: \(reason)")
        return [MCPProtocolError(.internalError, reason, id: requestID).json]
    }

    /// Ends the session on the server, as clients should when they are done; a failure is no
    /// matter (sessions hold nothing there).
    func close() {
        guard sessionID != nil else { return }
        var request = makeRequest("DELETE")
        request.timeout = 5
        _ = try? client.perform(request)
    }

    private func makeRequest(_ method: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(method: method, url: endpoint.absoluteString, timeout: client.timeout, maxResponseBytes: 64 << 20)
        if let token = client.token { request.headers.append(("Authorization", "Bearer \(token)")) }
        if let sessionID { request.headers.append(("Mcp-Session-Id", sessionID)) }
        if let protocolVersion { request.headers.append(("MCP-Protocol-Version", protocolVersion)) }
        return request
    }

    /// Why a request got no JSON-RPC answer, worded as the other commands word it.
    private func refusal(status: Int, body: [UInt8]) -> String {
        let json = try? JSONParser.parse(body)
        let message: String = if case .string(let text)? = json?["error"]?["message"] { text } else { "the server answered HTTP \(status)" }
        if status == 401 { return APIClientError.unauthorized(server: client.server.absoluteString, message: message).description }
        return (200..<300).contains(status) ? "the server answered HTTP \(status) without a JSON-RPC response" : message
    }

    /// The JSON-RPC messages of an answer: its JSON body, or each event of an SSE stream.
    /// Anything else (an error of the API's shape, an empty 202) is none.
    static func messages(in body: [UInt8], contentType: String) -> [JSONValue] {
        let payloads: [[UInt8]] = contentType.lowercased().hasPrefix("text/event-stream") ? serverSentData(body) : [body]
        return payloads.compactMap { payload in
            guard let json = try? JSONParser.parse(payload) else { return nil }
            if case .array(let answers) = json, answers.allSatisfy({ $0["jsonrpc"] != nil }) { return json }
            return json["jsonrpc"] != nil ? json : nil
        }
    }

    /// The `data` of each event in an SSE stream (its `data:` lines joined by line feeds).
    static func serverSentData(_ body: [UInt8]) -> [[UInt8]] {
        var events: [[UInt8]] = []
        var data: [UInt8]?
        let text = String(decoding: body, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty {
                if let event = data { events.append(event) }
                data = nil
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.hasPrefix(" ") { value = value.dropFirst() }
                if data != nil { data!.append(0x0A) }
                data = (data ?? []) + Array(value.utf8)
            }
        }
        if let event = data { events.append(event) }
        return events
    }
}
