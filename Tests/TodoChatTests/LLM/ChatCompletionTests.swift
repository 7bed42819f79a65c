import Foundation
import Testing
@testable import TodoChat
import TodoCore

/// Reading a model's answer, without a network: JSON completions and event streams as
/// compatible servers write them, and the answers that must make the turn fall back.
@Suite struct ChatCompletionTests {
    func response(_ text: String, contentType: String = "application/json", status: Int = 200) -> LLMHTTPResponse {
        LLMHTTPResponse(status: status, contentType: contentType, body: Array(text.utf8))
    }

    @Test func aCompletionsToolCallsKeepTheirIdsAndArgumentText() throws {
        let answer = try ChatCompletion.answer(response(#"""
            {"choices": [{"message": {"content": null, "tool_calls": [
              {"id": "call_a", "type": "function", "function": {"name": "add_task", "arguments": "{\"title\": \"Milk\"}"}},
              {"type": "function", "function": {"name": "list_tasks", "arguments": {"status": "all"}}}]}}]}
            """#))
        #expect(answer.toolCalls == [ModelToolCall(id: "call_a", name: "add_task", arguments: #"{"title": "Milk"}"#),
                                     ModelToolCall(id: "call_1", name: "list_tasks", arguments: #"{"status":"all"}"#)])
    }

    @Test func aStreamAssemblesFragmentsByIndexWhateverTheirOrderAndLineEnds() throws {
        let chunks = [
            #"{"choices":[{"delta":{"role":"assistant","tool_calls":[{"index":1,"id":"b","function":{"name":"complete_task","arguments":""}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"add_task","arguments":"{\"ti"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":1,"function":{"name":"complete_task","arguments":"{\"task_id\": 3}"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"tle\": \"Milk\"}"}}]}}]}"#,
            #"{"choices":[],"usage":{"total_tokens":12}}"#,
        ]
        let text = chunks.map { "data: \($0)\r\n\r\n" }.joined() + "data: [DONE]\r\n\r\n"
        let answer = try ChatCompletion.answer(response(text, contentType: "text/event-stream; charset=utf-8"))
        #expect(answer.toolCalls == [ModelToolCall(id: "a", name: "add_task", arguments: #"{"title": "Milk"}"#),
                                     ModelToolCall(id: "b", name: "complete_task", arguments: #"{"task_id": 3}"#)])
    }

    @Test func aStreamedTextIsJoined() throws {
        let text = [#"{"choices":[{"delta":{"content":"Hel"}}]}"#, #"{"choices":[{"delta":{"content":"lo."}}]}"#]
            .map { "data:\($0)\n\n" }.joined()
        #expect(try ChatCompletion.answer(response(text, contentType: "")).content == "Hello.")
    }

    @Test(arguments: [
        (#"{"choices": [ nope"#, "invalid_response"),
        (#"{"error": {"message": "quota"}}"#, "invalid_response"),
        (#"{"choices": []}"#, "invalid_response"),
        (#"{"choices": [{"message": {"content": "  "}}]}"#, "invalid_response"),
        (#"{"choices": [{"message": {"tool_calls": [{"function": {"arguments": "{}"}}]}}]}"#, "invalid_response"),
    ])
    func unreadableAnswersFail(_ text: String, _ reason: String) {
        #expect(throws: LLMFailure.self) { try ChatCompletion.answer(response(text)) }
        do { _ = try ChatCompletion.answer(response(text)) } catch { #expect(error.metricReason == reason) }
    }

    @Test func anHTTPErrorIsItsStatusWithoutTheBody() {
        do {
            _ = try ChatCompletion.answer(response(#"{"error": "Incorrect API key provided: sk-secret"}"#, status: 401))
            Issue.record("an error status was read as an answer")
        } catch {
            #expect(error == .status(401))
            #expect(!error.description.contains("sk-secret"))
        }
    }

    @Test func toolArgumentsAreCheckedAgainstTheToolsSchema() throws {
        let add = try #require(ToolRegistry.standard.tool(named: "add_task")).inputSchema
        let complete = try #require(ToolRegistry.standard.tool(named: "complete_task")).inputSchema
        #expect(add.violation(of: try JSONParser.parse(#"{"title": "Milk", "tags": ["a"], "extra": 1}"#)) == nil)
        #expect(add.violation(of: try JSONParser.parse(#"{"title": 42}"#)) == "arguments.title must be a string, not number")
        #expect(add.violation(of: try JSONParser.parse(#"{"due_at": null}"#)) == "arguments.title is required")
        #expect(add.violation(of: try JSONParser.parse(#"{"title": "x", "tags": [1]}"#)) == "arguments.tags[0] must be a string, not number")
        #expect(add.violation(of: try JSONParser.parse(#"{"title": "x", "priority": "urgent"}"#)) != nil)
        #expect(add.violation(of: try JSONParser.parse(#"["title"]"#)) == "arguments must be an object, not array")
        #expect(complete.violation(of: try JSONParser.parse(#"{"task_id": 3}"#)) == nil)
        #expect(complete.violation(of: try JSONParser.parse(##"{"task_id": "#3"}"##)) == nil)
        #expect(complete.violation(of: try JSONParser.parse(#"{"task_id": true}"#)) != nil)
        #expect(complete.violation(of: try JSONParser.parse(#"{"task_id": 0}"#)) != nil)
    }
}
