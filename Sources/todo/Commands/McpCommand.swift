import Foundation
import TodoChat
import TodoCore
import TodoStore

/// `todo mcp`: the MCP server over stdio (newline-delimited JSON-RPC on standard input and
/// output, diagnostics on standard error). On the local database it acts as its user and
/// shares `MCPServer` with the `/mcp` endpoint, so both doors answer alike; after `todo login`
/// (or with --server) it relays each message to that server's `/mcp` as the account.
struct McpCommand: Command {
    static let configuration = CommandConfiguration(
        name: "mcp",
        abstract: "Serve your tasks to an MCP client over stdio (JSON-RPC, one message a line).",
        discussion: """
            The MCP client starts this command and speaks JSON-RPC on its standard input and \
            output. On the local database it serves the local user's tasks. When signed in to \
            a server (todo login, or --server with --token), it relays every message to the \
            server's /mcp endpoint with the session token and writes back each answer, so the \
            client manages the account's tasks; if the server cannot be reached, each request \
            gets a JSON-RPC error. A --db given explicitly always means the local database.
            """,
        examples: ["todo mcp", "todo --db sqlite:/path/to/todo.db mcp", "todo --server http://127.0.0.1:8080 --token \"$TOKEN\" mcp"])

    /// A line longer than this is answered with an error and skipped: no tool call is that big.
    static let maxLineLength = 1 << 20

    func run(_ context: CommandContext) throws {
        if let client = try context.remoteClient() {
            var relay = MCPRelay(client: client)
            StandardStreams.writeErrorLine("todo mcp: relaying to \(relay.endpoint.absoluteString)")
            serveLines { relay.relay($0) }
            relay.close()
            return
        }
        let zone = context.localTimeZone
        let server = MCPServer(serverVersion: CommandLineTool.todo.version)
        try context.withLocalStore { store, user in
            // No recurring-task service runs here: a completed repeating task's next one is made at once.
            let tools = { ToolContext(store: store, userID: user.id, now: context.currentTime, zoneName: zone.taskZoneName, zone: zone, series: store) }
            StandardStreams.writeErrorLine("todo mcp: serving the local tasks on stdio")
            // The revision `initialize` settled decides whether a line may be a batch (2025-03-26).
            var batches = false
            serveLines { bytes in
                do throws(MCPProtocolError) {
                    let incoming = try MCPMessage.parseIncoming(bytes, batches: batches)
                    guard let answer = server.answer(incoming, context: tools) else { return [] }
                    if case .single(.request(_, "initialize", _)) = incoming, case .string(let version)? = answer["result"]?["protocolVersion"] {
                        batches = version == MCPMessage.batchingVersion
                    }
                    return [answer]
                } catch {
                    return [error.json]
                }
            }
        }
    }

    /// Reads a message a line until the input ends and writes each answer as a line at once.
    private func serveLines(_ answer: ([UInt8]) -> [JSONValue]) {
        var reader = LineReader(fileDescriptor: 0, maxLength: Self.maxLineLength)
        while let line = reader.next() {
            let answers: [JSONValue]
            switch line {
            case .tooLong:
                answers = [MCPProtocolError(.invalidRequest, "a message longer than \(Self.maxLineLength) bytes was skipped").json]
            case .line(let bytes):
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                answers = answer(bytes)
            }
            for answer in answers {
                var writer = JSONWriter(capacity: 512)
                answer.write(to: &writer)
                StandardStreams.writeAll(writer.bytes + [0x0A], to: 1)
            }
        }
    }
}
