import Foundation
import TodoChat
import TodoCore
import TodoStore

/// `todo mcp`: the MCP server over stdio (newline-delimited JSON-RPC on standard input and
/// output, diagnostics on standard error), acting as the local database's user. It shares
/// `MCPServer` with the `/mcp` endpoint, so both doors answer alike.
struct McpCommand: Command {
    static let configuration = CommandConfiguration(
        name: "mcp",
        abstract: "Serve the local tasks to an MCP client over stdio (JSON-RPC, one message a line).",
        examples: ["todo mcp", "todo --db /path/to/todo.sqlite mcp"])

    /// A line longer than this is answered with an error and skipped: no tool call is that big.
    static let maxLineLength = 1 << 20

    func run(_ context: CommandContext) throws {
        // Serving a remote account would mean relaying to its /mcp; MCP clients can reach that
        // endpoint themselves, so this says where instead (docs/decisions.md "MCP").
        if let server = try context.serverSetting() {
            let endpoint = server.url.appendingPathComponent("mcp").absoluteString
            throw ConfigurationError.invalidSetting("todo mcp", reason: "serves the local database only: connect your MCP client to \(endpoint) with your token as Authorization: Bearer, or pass --db to serve a local database")
        }
        let zone = context.localTimeZone
        let fixedNow = context.environment["TODO_NOW"].flatMap { $0.isEmpty ? nil : context.now }
        let server = MCPServer(serverVersion: CommandLineTool.todo.version)
        try context.withLocalStore { store, user in
            let tools = { ToolContext(store: store, userID: user.id, now: fixedNow ?? Date(), zoneName: zone.identifier, zone: zone) }
            StandardStreams.writeErrorLine("todo mcp: serving the local tasks on stdio")
            var reader = LineReader(fileDescriptor: 0, maxLength: Self.maxLineLength)
            while let line = reader.next() {
                let answer: JSONValue?
                switch line {
                case .tooLong:
                    answer = MCPProtocolError(.invalidRequest, "a message longer than \(Self.maxLineLength) bytes was skipped").json
                case .line(let bytes):
                    guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                    answer = server.answer(bytes, context: tools)
                }
                guard let answer else { continue }
                var writer = JSONWriter(capacity: 512)
                answer.write(to: &writer)
                StandardStreams.writeAll(writer.bytes + [0x0A], to: 1)
            }
        }
    }
}

/// Lines from a file descriptor, read in blocks; a line over `maxLength` is reported once and
/// skipped to its end, so one huge message cannot exhaust memory.
struct LineReader {
    enum Line {
        case line([UInt8])
        case tooLong
    }

    let fileDescriptor: Int32
    let maxLength: Int
    private var pending: [UInt8] = []
    private var skipping = false
    private var ended = false

    init(fileDescriptor: Int32, maxLength: Int) {
        self.fileDescriptor = fileDescriptor
        self.maxLength = maxLength
    }

    mutating func next() -> Line? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if skipping { skipping = false; continue }
                return .line(line)
            }
            if pending.count > maxLength && !skipping {
                pending.removeAll(keepingCapacity: true)
                skipping = true
                return .tooLong
            }
            if skipping { pending.removeAll(keepingCapacity: true) }
            if ended {
                guard !pending.isEmpty, !skipping else { return nil }
                defer { pending.removeAll() }
                return .line(pending)
            }
            var block = [UInt8](repeating: 0, count: 65_536)
            let count = block.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { ended = true } else { pending.append(contentsOf: block[..<count]) }
        }
    }
}
