import Foundation
import Testing

/// `todo mcp`: one JSON-RPC message a line on standard input, one answer a line on standard
/// output, and bad lines answered without stopping the server or changing anything.
@Suite struct McpCommandTests {
    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#

    /// The answers `todo mcp` wrote for `lines`, by id (the parse error's id is null: "null").
    private func answers(_ sandbox: CLISandbox, _ lines: [String]) throws -> [[String: Any]] {
        let result = try sandbox.run("mcp", input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result)")
        return try result.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    private func errorCode(_ answer: [String: Any]) -> Int? { (answer["error"] as? [String: Any])?["code"] as? Int }

    @Test func badLinesAreAnsweredWithJSONRPCErrorsAndTheNextLineStillWorks() throws {
        let sandbox = try CLISandbox()
        let answers = try answers(sandbox, [
            Self.initialize,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_task""#,
            #"[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Batched"}}}]"#,
            #"{"jsonrpc":"2.0","id":4,"method":"prompts/list"}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"add_task","arguments":{"title":["not","a","string"]}}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Pay rent"}}}"#,
        ])
        #expect(answers.count == 6, "the notification gets no answer: \(answers)")
        guard answers.count == 6 else { return }
        #expect((answers[0]["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-06-18")
        #expect(errorCode(answers[1]) == -32700)
        #expect(errorCode(answers[2]) == -32600)
        #expect(errorCode(answers[3]) == -32601)
        #expect((answers[4]["result"] as? [String: Any])?["isError"] as? Bool == true)
        #expect(((answers[5]["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["title"] as? String == "Pay rent")
        let listing = try sandbox.run("list", "--status", "all", "--json")
        let titles = (try listing.jsonObject()["tasks"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles == ["Pay rent"], "only the one valid call added a task")
    }

    /// No recurring-task service runs beside a local `todo mcp`: `complete_task` on a repeating
    /// task makes its next task at once, as `todo done` does (the series stopped there before).
    @Test func completingARepeatingTaskMakesItsNextTask() throws {
        let sandbox = try CLISandbox()
        let added = try sandbox.run("add", "Water the plants every day", "--json")
        let id = try #require(try added.jsonObject()["id"] as? String, "\(added)")
        let answers = try answers(sandbox, [
            Self.initialize,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"complete_task","arguments":{"task_id":""# + id + #""}}}"#,
        ])
        #expect((answers.last?["result"] as? [String: Any])?["isError"] as? Bool != true, "\(answers)")
        let tasks = try sandbox.allTasks()
        #expect(tasks.count == 2, "\(tasks)")
        #expect(tasks.contains { $0["status"] as? String == "pending" && $0["title"] as? String == "Water the plants" }, "\(tasks)")
    }

    /// After an `initialize` that settled on 2025-03-26, a line may be a batch: its answers
    /// are one line, an array; under a later revision a batch is one error.
    @Test func aBatchLineUnder2025_03_26IsAnsweredInOneLine() throws {
        let sandbox = try CLISandbox()
        let old = Self.initialize.replacingOccurrences(of: "2025-06-18", with: "2025-03-26")
        let result = try sandbox.run("mcp", input: Data(([
            old,
            #"[{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Batched"}}},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":3,"method":"ping"}]"#,
        ].joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.count == 2, "\(result.stdout)")
        let batch = try #require(try JSONSerialization.jsonObject(with: Data((result.stdoutLines.last ?? "").utf8)) as? [[String: Any]], "\(result.stdout)")
        #expect(batch.map { $0["id"] as? Int } == [2, 3])
        let listing = try sandbox.run("list", "--status", "all", "--json")
        #expect((try listing.jsonObject()["tasks"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == ["Batched"])
    }

    @Test func withAServerThatCannotBeReachedEachRequestGetsAJSONRPCErrorAndEndOfInputExitsCleanly() throws {
        let sandbox = try CLISandbox()
        let input = [
            Self.initialize,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":"two","method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"add_task""#,
        ].joined(separator: "\n") + "\n"
        let result = try sandbox.runWithoutDatabase(["mcp"], environment: ["TODO_SERVER": "http://127.0.0.1:9", "TODO_TOKEN": "t"],
                                                    input: Data(input.utf8))
        #expect(result.status == 0, "\(result)")
        let answers = try result.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(answers.count == 3, "one answer per request, none for the notification: \(result)")
        guard answers.count == 3 else { return }
        #expect(answers[0]["id"] as? Int == 1 && errorCode(answers[0]) == -32603)
        #expect(answers[1]["id"] as? String == "two" && errorCode(answers[1]) == -32603)
        let message = (answers[1]["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("cannot reach the server at http://127.0.0.1:9"), "\(message)")
        #expect(errorCode(answers[2]) == -32700, "a line that is not JSON is answered without the server")
        #expect(result.stderr.contains("relaying to http://127.0.0.1:9/mcp"), "\(result.stderr)")
    }

    @Test func aServerWithoutATokenIsRefused() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["mcp"], environment: ["TODO_SERVER": "http://127.0.0.1:9"])
        #expect(result.status == 2, "a configuration error: \(result)")
        #expect(result.stderr.contains("needs a token"), "\(result)")
        #expect(result.stdout.isEmpty)
    }
}
