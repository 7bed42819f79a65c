import Foundation
import Testing
import TodoTestSupport

/// `todo chat` and `todo mcp` as the account of `todo login`: the CLI talks to a running
/// `todo serve`, and what it changed is read back through the REST API.
@Suite struct RemoteChatCLITests {
    /// Wednesday 11 March 2026, 01:00 in Tokyo (still Tuesday in UTC and on the server).
    static let now = "2026-03-10T16:00:00Z"

    /// A server with a user whose session `todo login` saved under the fixture's directory.
    static func signedIn(_ backend: TestBackend) throws -> (api: APIFixture, home: URL) {
        let api = try APIFixture(backend)
        let home = api.database.directory.appendingPathComponent("home")
        let email = try #require(api.user["email"] as? String)
        let login = try RemoteCLITests.todo(["login", "--server", "http://127.0.0.1:\(api.server.port)", "--email", email], home: home,
                                            input: "correct horse battery\n")
        #expect(login.status == 0, "\(login.stderr)")
        return (api, home)
    }

    static func chat(_ arguments: [String], home: URL, input: String = "") throws -> RemoteCLITests.Run {
        try RemoteCLITests.todo(["chat"] + arguments, home: home, input: input,
                                environment: ["TZ": "Asia/Tokyo", "TODO_NOW": now])
    }

    @Test(arguments: TestBackend.available)
    func chatTurnsAfterLoginChangeTheAccountsTasksInTheClientsTimeZone(_ backend: TestBackend) throws {
        let (api, home) = try Self.signedIn(backend)
        let first = try Self.chat(["--json", "add Call Ana tomorrow at 5pm #work"], home: home)
        #expect(first.status == 0, "\(first.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let conversation = try #require(answer["conversation_id"] as? String)

        let task = try #require(try api.tasksByTitle()["Call Ana"], "the task is the account's, on the server")
        // Tomorrow is the client's: Thursday 12 March in Tokyo, 17:00 there.
        let due = try #require(task["due_at"] as? String)
        #expect(ISO8601DateFormatter().date(from: due) == ISO8601DateFormatter().date(from: "2026-03-12T08:00:00Z"), "\(due)")
        #expect(task["tags"] as? [String] == ["work"])

        let session = try Self.chat(["--conversation", conversation], home: home, input: "complete it\nwhat's due tomorrow?\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stderr.contains("conversation \(conversation)"), "\(session.stderr)")
        #expect(try api.tasksByTitle()["Call Ana"]?["status"] as? String == "completed", "\"it\" was the task of the first run")

        let undo = try Self.chat(["--conversation", conversation, "undo"], home: home)
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(try api.tasksByTitle()["Call Ana"]?["status"] as? String == "pending")
        let messages = try api.client.get("/api/v1/conversations/\(conversation)/messages").json()["messages"] as? [[String: Any]]
        #expect(messages?.count == 8, "four turns recorded on the server: \(String(describing: messages))")
    }

    @Test func badInputToARemoteChatIsRefusedAndChangesNothing() throws {
        let (api, home) = try Self.signedIn(.sqlite)
        try api.createTask(["title": "Keep me"])
        let before = try api.snapshot()
        let empty = try Self.chat([""], home: home)
        #expect(empty.status == 2)
        #expect(empty.stderr == "todo: message must not be empty\n")
        let long = try Self.chat([String(repeating: "z", count: 100_000)], home: home)
        #expect(long.status == 2)
        #expect(long.stderr == "todo: message must be at most 4000 characters (it has 100000)\n")
        let unknown = UUID().uuidString.lowercased()
        let stranger = try Self.chat(["--conversation", unknown, "delete everything"], home: home)
        #expect(stranger.status == 1)
        #expect(stranger.stderr == "todo: no conversation \(unknown) among yours\n")
        #expect(try api.snapshot() == before)
    }

    @Test func mcpAfterLoginRelaysTheSDKClientToTheServerAsTheAccount() throws {
        try TestComponent.mcp.require()
        let (api, home) = try Self.signedIn(.sqlite)
        var environment = ["HOME": home.path, "TODO_NOW": Self.now]
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { environment["LD_LIBRARY_PATH"] = libraries }
        let environmentJSON = String(decoding: try JSONSerialization.data(withJSONObject: environment), as: UTF8.self)
        let seen = try MCPClientTests.exercise(["stdio", try TodoBinary.url().path, environmentJSON])
        MCPClientTests.expectTheContract(seen)
        let tasks = try api.tasksByTitle()
        #expect(Set(tasks.keys) == ["Water the garden"], "the account's tasks on the server: \(tasks.keys)")
        #expect(tasks["Water the garden"]?["priority"] as? String == "high")
    }

    /// A stdio client matches answers to its requests by id: a request the server refuses
    /// (here, before `initialize`, without a session) is answered with that request's id, and a
    /// notification is never answered, whatever the server said of it.
    @Test func mcpRelaysTheServersRefusalsUnderTheRequestsIDAndAnswersNoNotification() throws {
        let (api, home) = try Self.signedIn(.sqlite)
        let before = try api.snapshot()
        let input = [
            #"{"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Too early"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":"forty-two","method":"tools/list"}"#,
        ].joined(separator: "\n") + "\n"
        let run = try RemoteCLITests.todo(["mcp"], home: home, input: input)
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try run.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(answers.count == 2, "one answer per request, none for the notification: \(run.stdout)")
        guard answers.count == 2 else { return }
        #expect(answers[0]["id"] as? Int == 41, "\(answers[0])")
        #expect(answers[1]["id"] as? String == "forty-two", "\(answers[1])")
        for answer in answers {
            #expect((answer["error"] as? [String: Any])?["code"] as? Int == -32600, "\(answer)")
        }
        #expect(try api.snapshot() == before)
    }

    /// Relayed, a 2025-03-26 session's batch line reaches the server whole and its answers
    /// come back as one line.
    @Test func mcpRelaysABatchOfA2025_03_26SessionAsOneLine() throws {
        let (api, home) = try Self.signedIn(.sqlite)
        let input = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}"#,
            #"[{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Relayed batch"}}},{"jsonrpc":"2.0","id":3,"method":"ping"}]"#,
        ].joined(separator: "\n") + "\n"
        let run = try RemoteCLITests.todo(["mcp"], home: home, input: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(run.stdout)")
        let batch = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [[String: Any]], "\(run.stdout)")
        #expect(batch.map { $0["id"] as? Int } == [2, 3])
        #expect(try api.tasksByTitle().keys.contains("Relayed batch"))
    }

    @Test func mcpWithTheServerDownAnswersTheSDKClientWithAnError() throws {
        try TestComponent.mcp.require()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("todo-mcp-down-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = ["HOME": home.path, "TODO_SERVER": "http://127.0.0.1:9", "TODO_TOKEN": "anything"]
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { environment["LD_LIBRARY_PATH"] = libraries }
        let environmentJSON = String(decoding: try JSONSerialization.data(withJSONObject: environment), as: UTF8.self)
        let output = try PythonScript.run(Self.downClient, arguments: [try TodoBinary.url().path, environmentJSON], timeout: .seconds(60))
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(seen["code"] as? Int == -32603, "\(seen)")
        #expect((seen["message"] as? String)?.contains("cannot reach the server at http://127.0.0.1:9") == true, "\(seen)")
    }

    /// Initializes through `todo mcp` and reports the MCP error it got.
    static let downClient = #"""
import anyio, json, sys
from mcp.client.session import ClientSession
from mcp.client.stdio import stdio_client, StdioServerParameters
from mcp.shared.exceptions import MCPError

async def main():
    with anyio.fail_after(60):
        params = StdioServerParameters(command=sys.argv[1], args=["mcp"], env=json.loads(sys.argv[2]))
        async with stdio_client(params) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                try:
                    await session.initialize()
                    out = {"code": None}
                except MCPError as e:
                    out = {"code": e.error.code, "message": e.error.message}
    print(json.dumps(out))

anyio.run(main)
"""#
}
