import Foundation
import TodoChat
import TodoEvents

extension LLMConfiguration {
    /// The model of `TODO_LLM_BASE_URL` (http or https), with `TODO_LLM_API_KEY` (optional: a
    /// local server may need none), `TODO_LLM_MODEL`, `TODO_LLM_TIMEOUT` (whole seconds for a
    /// turn, 1 to 300, default 20) and `TODO_LLM_STREAM` (true or false); nil when no base URL
    /// is set, and the chat uses the offline agent alone.
    public init?(environment: [String: String]) throws(SettingError) {
        guard let text = environment["TODO_LLM_BASE_URL"], !text.isEmpty else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, let url = components.url else {
            throw SettingError(setting: "TODO_LLM_BASE_URL", reason: "\"\(text.prefix(200))\" is not an http(s) URL such as https://api.openai.com/v1")
        }
        guard components.user == nil, components.password == nil, components.query == nil else {
            // Credentials go in TODO_LLM_API_KEY, so they are never part of a logged URL.
            throw SettingError(setting: "TODO_LLM_BASE_URL", reason: "the URL must carry no credentials or query; put the key in TODO_LLM_API_KEY")
        }
        var timeout = LLMConfiguration.defaultTimeout
        if let text = environment["TODO_LLM_TIMEOUT"], !text.isEmpty {
            guard let seconds = Int(text), (1...300).contains(seconds) else {
                throw SettingError(setting: "TODO_LLM_TIMEOUT", reason: "\"\(text.prefix(40))\" is not a whole number of seconds from 1 to 300")
            }
            timeout = TimeInterval(seconds)
        }
        var stream = false
        if let text = environment["TODO_LLM_STREAM"], !text.isEmpty {
            switch text.lowercased() {
            case "true", "1", "yes": stream = true
            case "false", "0", "no": stream = false
            default: throw SettingError(setting: "TODO_LLM_STREAM", reason: "\"\(text.prefix(40))\" is not true or false")
            }
        }
        let model = environment["TODO_LLM_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? LLMConfiguration.defaultModel
        self.init(baseURL: url, apiKey: environment["TODO_LLM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }, model: model,
                  timeout: timeout, stream: stream)
    }
}
