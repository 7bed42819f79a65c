import TodoCore
import TodoStore

/// The database the CLI uses and the setting that chose it: `--db`, then `TODO_DATABASE_URL`,
/// then `DATABASE_URL`, then the default local SQLite file (whose directory the SQLite store
/// creates on first use).
struct DatabaseSetting {
    enum Source: Equatable {
        case flag, todoDatabaseURL, databaseURL, defaultLocal

        /// How the user spells the setting, for messages.
        var settingName: String {
            switch self {
            case .flag: "--db"
            case .todoDatabaseURL: "TODO_DATABASE_URL"
            case .databaseURL: "DATABASE_URL"
            case .defaultLocal: "the default database"
            }
        }
    }

    var url: DatabaseURL
    var source: Source

    static func resolve(flag: String?, environment: [String: String]) throws(ConfigurationError) -> DatabaseSetting {
        // An empty variable counts as unset, as shells treat it; an empty --db was typed (or a
        // script's variable was empty) and must not fall through to the user's own tasks.
        if let flag, flag.trimmingWhitespace().isEmpty {
            throw .invalidSetting(Source.flag.settingName, reason: "it is empty: give sqlite:PATH or postgres://…")
        }
        let candidates: [(String?, Source)] = [
            (flag, .flag),
            (environment["TODO_DATABASE_URL"], .todoDatabaseURL),
            (environment["DATABASE_URL"], .databaseURL),
        ]
        for case let (text?, source) in candidates where !text.trimmingWhitespace().isEmpty {
            do {
                return DatabaseSetting(url: try DatabaseURL(text), source: source)
            } catch {
                throw .invalidSetting(source.settingName, reason: error.description)
            }
        }
        return DatabaseSetting(url: .defaultLocal(environment: environment), source: .defaultLocal)
    }
}
