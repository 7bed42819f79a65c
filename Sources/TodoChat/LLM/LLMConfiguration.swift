import Foundation

/// Where the chat's model is and how long it may take (`TODO_LLM_BASE_URL`, `TODO_LLM_API_KEY`,
/// `TODO_LLM_MODEL`, `TODO_LLM_TIMEOUT`, `TODO_LLM_STREAM`; read by the server at start-up).
public struct LLMConfiguration: Sendable {
    /// The OpenAI-compatible API's base, e.g. `https://api.openai.com/v1`: requests go to
    /// `{baseURL}/chat/completions`.
    public var baseURL: URL
    /// Sent as `Authorization: Bearer`; nil for a local server that needs none. Never logged,
    /// never in a reply, an error or the stored conversation.
    public var apiKey: String?
    public var model: String
    /// How long the model may take over one whole turn (all its rounds); past it the offline
    /// agent answers.
    public var timeout: TimeInterval
    /// Whether to ask for a streamed answer (`stream: true`); either kind is understood.
    public var stream: Bool

    public static let defaultModel = "gpt-4o-mini"
    public static let defaultTimeout: TimeInterval = 20

    public init(baseURL: URL, apiKey: String?, model: String = defaultModel, timeout: TimeInterval = defaultTimeout, stream: Bool = false) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.timeout = timeout
        self.stream = stream
    }

    var completionsURL: URL { baseURL.appendingPathComponent("chat/completions") }
}
