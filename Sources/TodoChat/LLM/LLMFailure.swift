/// Why the model could not answer a turn, which the offline agent then answers instead. The
/// description says what went wrong without quoting the model's server (whose error bodies may
/// echo the API key): the status, the kind of fault, the tool's name.
public enum LLMFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// No answer within the turn's time.
    case timedOut
    /// The connection failed (refused, reset, name not resolved).
    case unreachable(String)
    /// The server answered with an HTTP error status.
    case status(Int)
    /// The answer is not a chat completion we can read (invalid JSON, no choices, no text and
    /// no tool call).
    case invalidResponse(String)
    /// A tool call whose arguments are not a JSON object or do not fit the tool's schema.
    case malformedToolCall(tool: String, reason: String)
    case unknownTool(String)
    /// The model kept calling tools past the turn's bound.
    case tooManyRounds(Int)
    /// Too many turns were already waiting on the model (`ModelTurnLimit`): not sent.
    case busy

    /// The failure with `redact` applied to what the model or its server wrote into it.
    func redacting(_ redact: (String) -> String) -> LLMFailure {
        switch self {
        case .unreachable(let detail): .unreachable(redact(detail))
        case .invalidResponse(let reason): .invalidResponse(redact(reason))
        case .malformedToolCall(let tool, let reason): .malformedToolCall(tool: redact(tool), reason: redact(reason))
        case .unknownTool(let name): .unknownTool(redact(name))
        case .timedOut, .status, .tooManyRounds, .busy: self
        }
    }

    public var description: String {
        switch self {
        case .timedOut: "the model did not answer in time"
        case .unreachable(let detail): "the model's server cannot be reached: \(detail.prefix(200))"
        case .status(let code): "the model's server answered HTTP \(code)"
        case .invalidResponse(let reason): "the model's answer cannot be read: \(reason.prefix(200))"
        case .malformedToolCall(let tool, let reason): "the model called \(tool.prefix(60)) with malformed arguments: \(reason.prefix(200))"
        case .unknownTool(let name): "the model called an unknown tool \(name.prefix(60))"
        case .tooManyRounds(let rounds): "the model was still calling tools after \(rounds) rounds"
        case .busy: "too many chat turns were already waiting for the model"
        }
    }

    /// The `reason` label of `todo_llm_fallbacks_total`.
    public var metricReason: String {
        switch self {
        case .timedOut: "timeout"
        case .unreachable: "unreachable"
        case .status: "error_status"
        case .invalidResponse: "invalid_response"
        case .malformedToolCall: "malformed_tool_call"
        case .unknownTool: "unknown_tool"
        case .tooManyRounds: "too_many_rounds"
        case .busy: "busy"
        }
    }
}
