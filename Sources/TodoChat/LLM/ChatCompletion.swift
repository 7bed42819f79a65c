import Foundation
import TodoCore

/// A tool call the model asked for, as it sent it: `arguments` is the JSON text it wrote (read
/// and checked by the agent), echoed back unchanged in the next round's history.
struct ModelToolCall: Hashable, Sendable {
    var id: String
    var name: String
    var arguments: String
}

/// What the model answered in one round: text, tool calls, or both.
struct ModelAnswer: Hashable, Sendable {
    var content: String
    var toolCalls: [ModelToolCall]
}

/// The OpenAI-compatible chat completions format (`POST {base}/chat/completions`): the request
/// body, and the answer read from either a JSON completion or a stream of server-sent events
/// whose `delta.tool_calls` fragments are assembled by their `index`. No I/O here.
enum ChatCompletion {
    /// Tool calls one answer may ask for; more is treated as a malformed answer.
    static let maxToolCallsPerAnswer = 16

    static func requestBody(model: String, messages: [JSONValue], tools: [ChatTool], stream: Bool) -> [UInt8] {
        let functions = tools.map { tool in
            JSONValue.object([("type", .string("function")), ("function", .object([
                ("name", .string(tool.name)), ("description", .string(tool.description)), ("parameters", tool.inputSchema.json),
            ]))])
        }
        var writer = JSONWriter(capacity: 8 << 10)
        JSONValue.object([("model", .string(model)), ("messages", .array(messages)), ("tools", .array(functions)),
                          ("tool_choice", .string("auto")), ("stream", .bool(stream))]).write(to: &writer)
        return writer.bytes
    }

    /// The assistant message that asked for `answer`'s tool calls, as the next round's history
    /// repeats it.
    static func assistantMessage(_ answer: ModelAnswer) -> JSONValue {
        .object([
            ("role", .string("assistant")), ("content", answer.content.isEmpty ? .null : .string(answer.content)),
            ("tool_calls", .array(answer.toolCalls.map { call in
                .object([("id", .string(call.id)), ("type", .string("function")),
                         ("function", .object([("name", .string(call.name)), ("arguments", .string(call.arguments))]))])
            })),
        ])
    }

    /// The answer in `response`: a completion, or an event stream when the server says so (or
    /// its body starts with `data:`).
    static func answer(_ response: LLMHTTPResponse) throws(LLMFailure) -> ModelAnswer {
        guard (200..<300).contains(response.status) else { throw .status(response.status) }
        let text = String(decoding: response.body, as: UTF8.self)
        let streamed = response.contentType.lowercased().hasPrefix("text/event-stream")
            || text.drop(while: { $0.isWhitespace }).hasPrefix("data:")
        let answer = streamed ? try streamedAnswer(text) : try completion(text)
        guard answer.toolCalls.count <= maxToolCallsPerAnswer else {
            throw .invalidResponse("\(answer.toolCalls.count) tool calls in one answer (at most \(maxToolCallsPerAnswer))")
        }
        guard !answer.toolCalls.isEmpty || !answer.content.trimmingWhitespace().isEmpty else {
            throw .invalidResponse("neither text nor a tool call")
        }
        return answer
    }

    /// `{"choices": [{"message": {"content", "tool_calls": [{"id", "function": {"name", "arguments"}}]}}]}`.
    static func completion(_ text: String) throws(LLMFailure) -> ModelAnswer {
        let message = try firstChoice(parse(text))["message"]
        guard let message, message.objectMembers != nil else { throw .invalidResponse("the first choice has no message") }
        var calls: [ModelToolCall] = []
        switch message["tool_calls"] {
        case nil, .null?: break
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                let function = item["function"]
                guard case .string(let name)? = function?["name"], !name.isEmpty else {
                    throw .invalidResponse("tool call \(index) has no function name")
                }
                let id = if case .string(let id)? = item["id"], !id.isEmpty { id } else { "call_\(index)" }
                calls.append(ModelToolCall(id: id, name: name, arguments: try argumentsText(function?["arguments"], index)))
            }
        default: throw .invalidResponse("tool_calls is not a list")
        }
        return ModelAnswer(content: try content(message["content"]), toolCalls: calls)
    }

    /// Server-sent events, one `data:` line each with a chunk `{"choices": [{"delta": …}]}`,
    /// until `data: [DONE]`.
    static func streamedAnswer(_ text: String) throws(LLMFailure) -> ModelAnswer {
        var content = ""
        // By the fragments' `index`: id and name come once, arguments in pieces.
        var calls: [Int: ModelToolCall] = [:]
        // By Character: "\r\n" is one, so a split on "\n" alone would miss CRLF line ends.
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("data:") else { continue }
            let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if payload == "[DONE]" { break }
            guard !payload.isEmpty else { continue }
            let chunk = try parse(payload)
            if case .array(let choices)? = chunk["choices"], choices.isEmpty { continue }
            guard let delta = try firstChoice(chunk)["delta"] else { continue }
            content += try Self.content(delta["content"])
            switch delta["tool_calls"] {
            case nil, .null?: break
            case .array(let fragments)?:
                for fragment in fragments {
                    guard case .int(let index)? = fragment["index"], (0..<Int64(maxToolCallsPerAnswer * 4)).contains(index) else {
                        throw .invalidResponse("a streamed tool call fragment has no valid index")
                    }
                    var call = calls[Int(index)] ?? ModelToolCall(id: "", name: "", arguments: "")
                    if case .string(let id)? = fragment["id"], !id.isEmpty { call.id = id }
                    let function = fragment["function"]
                    // Some servers repeat the name in every fragment, others split it.
                    if case .string(let name)? = function?["name"], name != call.name { call.name += name }
                    switch function?["arguments"] {
                    case .string(let piece)?: call.arguments += piece
                    case nil, .null?: break
                    case let object?: call.arguments += try argumentsText(object, Int(index))
                    }
                    calls[Int(index)] = call
                }
            default: throw .invalidResponse("delta.tool_calls is not a list")
            }
        }
        var ordered: [ModelToolCall] = []
        for (position, index) in calls.keys.sorted().enumerated() {
            var call = calls[index]!
            guard !call.name.isEmpty else { throw .invalidResponse("streamed tool call \(index) has no function name") }
            if call.id.isEmpty { call.id = "call_\(position)" }
            ordered.append(call)
        }
        return ModelAnswer(content: content, toolCalls: ordered)
    }

    private static func parse(_ text: String) throws(LLMFailure) -> JSONValue {
        do { return try JSONParser.parse(text) } catch { throw .invalidResponse("invalid JSON (\(error.description))") }
    }

    private static func firstChoice(_ json: JSONValue) throws(LLMFailure) -> JSONValue {
        if json["error"] != nil { throw .invalidResponse("the answer is an error object") }
        guard case .array(let choices)? = json["choices"], let first = choices.first else { throw .invalidResponse("no choices") }
        return first
    }

    private static func content(_ value: JSONValue?) throws(LLMFailure) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        default: throw .invalidResponse("content is not text")
        }
    }

    /// The arguments as JSON text: a string as sent (OpenAI), an object written out (some
    /// compatible servers); an absent one is `{}`.
    private static func argumentsText(_ value: JSONValue?, _ index: Int) throws(LLMFailure) -> String {
        switch value {
        case nil, .null?: return "{}"
        case .string(let text)?: return text
        case .object?:
            var writer = JSONWriter()
            value!.write(to: &writer)
            return writer.string
        default: throw .invalidResponse("tool call \(index)'s arguments are neither text nor an object")
        }
    }
}
