import Foundation

/// The server the task commands talk to, when they do not use the local database: `--server`,
/// else `TODO_SERVER`, else the one `todo login` saved. The token: `--token`, else
/// `TODO_TOKEN`, else the saved one when it belongs to that server.
struct ServerSetting {
    var url: URL
    var token: String?

    static func resolve(flagServer: String?, flagToken: String?,
                        environment: [String: String]) throws(ConfigurationError) -> ServerSetting? {
        let saved = Credentials.load(environment: environment)
        let given: (String, String)? = if let flagServer, !flagServer.isEmpty { (flagServer, "--server") }
            else if let value = environment["TODO_SERVER"], !value.isEmpty { (value, "TODO_SERVER") }
            else { nil }
        let serverText: String
        if let (given, setting) = given {
            // `127.0.0.1:8080` is what people type; without a scheme it means http.
            let text = given.contains("://") ? given : "http://" + given
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw .invalidSetting(setting, reason: "\"\(given)\" is not a server URL like http://127.0.0.1:8080")
            }
            serverText = normalized(text)
        } else if let saved {
            serverText = saved.server
        } else {
            return nil
        }
        let url = URL(string: serverText)!
        let token = [flagToken, environment["TODO_TOKEN"]].compactMap { $0?.isEmpty == false ? $0 : nil }.first
            ?? (saved.flatMap { Self.normalized($0.server) == Self.normalized(serverText) ? $0.token : nil })
        return ServerSetting(url: url, token: token)
    }

    static func normalized(_ server: String) -> String {
        server.hasSuffix("/") ? String(server.dropLast()) : server
    }
}
