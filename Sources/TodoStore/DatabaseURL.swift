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

    static func redactPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }

    /// The default embedded database: `$XDG_DATA_HOME/todo/todo.db`, else `~/.local/share/todo/todo.db`.
    public static func defaultLocal(environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseURL {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return .sqlite(path: base + "/todo/todo.db")
    }
}

/// Opens stores by URL.
public enum StoreFactory {
    /// Opens (creating if needed) and migrates the store at `url`.
    public static func open(_ url: DatabaseURL) throws -> any TaskStore {
        let database: any SQLDatabase
        switch url {
        case .sqlite(let path):
            database = try SQLiteDatabase(path: path)
        case .postgres(let text):
            database = try PostgresDatabase(url: text)
        }
        do {
            try Schema.migrator.migrate(database)
        } catch {
            database.close()
            throw StoreError.wrap(error, database: database)
        }
        return SQLTaskStore(database: database)
    }

    /// The migrations applied to the database at `url` after bringing it up to date.
    public static func migrate(_ url: DatabaseURL) throws -> (applied: [String], all: [String]) {
        let store = try open(url) as! SQLTaskStore
        defer { store.close() }
        return (try Schema.migrator.appliedMigrations(in: store.database), Schema.migrator.migrations.map(\.name))
    }
}
