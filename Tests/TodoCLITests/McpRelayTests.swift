import Foundation
import Testing
import TodoTestSupport

/// `todo mcp` relaying to a server's `/mcp`, against a scripted server that records what it
/// was sent and answers as the Streamable HTTP transport may: JSON, 202, an SSE stream, 401.
@Suite struct McpRelayTests {
    /// Answers by the JSON-RPC method; records every request as a JSON line in argv[1].
    static let server = #"""
import json, sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

record = open(sys.argv[1], "a")

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args): pass

    def note(self, body):
        headers = {k: self.headers.get(k) for k in ["Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "Accept"]}
        record.write(json.dumps({"verb": self.command, "path": self.path, "headers": headers, "method": body.get("method")}) + "\n")
        record.flush()

    def answer(self, status, body=b"", content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra: self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):
        self.note({})
        self.answer(204)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.note(body)
        method = body.get("method")
        if method == "initialize":
            result = {"jsonrpc": "2.0", "id": body["id"], "result": {"protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
                      "serverInfo": {"name": "fake", "version": "1"}}}
            self.answer(200, json.dumps(result).encode(), extra=[("Mcp-Session-Id", "session-1")])
        elif method == "notifications/initialized":
            self.answer(202)
        elif method == "tools/list":
            log = {"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "listing"}}
            # The response's JSON spread over two data lines, as SSE allows.
            stream = "event: message\ndata: " + json.dumps(log) + "\n\n" \
                + 'data: {"jsonrpc": "2.0", "id": ' + json.dumps(body["id"]) + ',\ndata:  "result": {"tools": []}}\n\n'
            self.answer(200, stream.encode(), content_type="text/event-stream")
        else:
            self.answer(401, b'{"error": {"code": "unauthorized", "message": "the session has ended: log in again"}}')

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    @Test func theRelayKeepsTheSessionSplitsServerSentEventsAndAnswersARefusedRequest() throws {
        let sandbox = try CLISandbox()
        let recordPath = sandbox.directory.appendingPathComponent("requests.jsonl").path
        let fake = try PythonScript(Self.server, arguments: [recordPath])
        let port = try #require(fake.readLine(), "the scripted server did not start")
        let input = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":"list","method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_tasks","arguments":{}}}"#,
        ].joined(separator: "\n") + "\n"
        let result = try sandbox.runWithoutDatabase(["mcp"], environment: ["TODO_SERVER": "http://127.0.0.1:\(port)", "TODO_TOKEN": "tok"],
                                                    input: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        let answers = try result.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(answers.count == 4, "initialize, the stream's two messages, the refusal; nothing for the 202: \(result)")
        guard answers.count == 4 else { return }
        #expect((answers[0]["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-06-18")
        #expect(answers[1]["method"] as? String == "notifications/message")
        #expect(answers[2]["id"] as? String == "list" && answers[2]["result"] is [String: Any], "\(answers[2])")
        let error = answers[3]["error"] as? [String: Any]
        #expect(answers[3]["id"] as? Int == 3 && error?["code"] as? Int == -32603, "\(answers[3])")
        #expect((error?["message"] as? String)?.contains("refused the token: the session has ended: log in again") == true, "\(answers[3])")

        let requests = try String(contentsOfFile: recordPath, encoding: .utf8).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(requests.map { "\($0["verb"] ?? "") \($0["method"] as? String ?? "-")" }
                == ["POST initialize", "POST notifications/initialized", "POST tools/list", "POST tools/call", "DELETE -"])
        for (index, request) in requests.enumerated() {
            let headers = request["headers"] as? [String: Any] ?? [:]
            #expect(request["path"] as? String == "/mcp")
            #expect(headers["Authorization"] as? String == "Bearer tok")
            let first = index == 0
            #expect(headers["Mcp-Session-Id"] as? String == (first ? nil : "session-1"), "request \(index): \(headers)")
            #expect(headers["MCP-Protocol-Version"] as? String == (first ? nil : "2025-06-18"), "request \(index): \(headers)")
            if request["verb"] as? String == "POST" {
                #expect(headers["Accept"] as? String == "application/json, text/event-stream")
            }
        }
    }
}
