import Foundation

/// Where the store lives: `sqlite:PATH` (embedded default) or `postgres://…`.
public enum DatabaseURL: Hashable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) throws(StoreError) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw .invalidDatabaseURL(text, reason: "the sqlite: URL has no file path") }
            // "~/…" is the home directory, as a shell would read it (a quoted --db reaches us unexpanded).
            if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
                path = home + path.dropFirst()
            }
            self = .sqlite(path: path)
        } else {
            throw .invalidDatabaseURL(text, reason: "it starts with neither sqlite: nor postgres://")
        }
    }

    /// The URL with any password replaced by `***`, safe for logs and error messages.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return Self.redactPassword(url)
        }
    }

    /// Where the database is, for a person: a SQLite file's absolute path, or the redacted URL.
    public var location: String {
        switch self {
        case .sqlite(let path): URL(fileURLWithPath: path).standardizedFileURL.path
        case .postgres: redacted
        }
    }

    static func redactPassword(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
           let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
            text = String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
        }
        // libpq also takes the password as a query parameter.
        if let query = text.firstIndex(of: "?") {
            let parameters = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { parameter in
                parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
            }
            text = String(text[...query]) + parameters.joined(separator: "&")
        }
        return text
    }

    /// The default embedded database: `$XDG_DATA_HOME/todo/todo.db`, else `~/.local/share/todo/todo.db`.
    public static func defaultLocal(environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseURL {
        .sqlite(path: dataDirectory(environment: environment) + "/todo.db")
    }

    /// Where todo keeps its files: `$XDG_DATA_HOME/todo`, else `~/.local/share/todo`.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/todo" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/todo"
    }
}
