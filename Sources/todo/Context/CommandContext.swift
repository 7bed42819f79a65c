import Foundation
import TodoCore
import TodoStore

/// What a command runs with: configuration from flags and environment, the clock, the local
/// time zone and the output.
struct CommandContext {
    let globals: GlobalOptions
    let environment: [String: String]
    /// The current instant. `TODO_NOW` (RFC 3339) pins it, so tests and scripts get a fixed
    /// "today" — the one clock of the CLI.
    let now: Date
    /// The zone "today" and wall times are read in: `TZ`, else the system's zone; UTC, with a
    /// warning, when `TZ` names no IANA zone (`LocalTimeZone`).
    let localTimeZone: TimeZone
    /// How `5/12` in a sentence is read: `TODO_DATE_ORDER` (mdy or dmy), else the region of
    /// the locale (`LC_ALL`, `LC_TIME`, `LANG`), else month first.
    let dateOrder: DateOrder
    let output: OutputBuffer

    /// Whether `TODO_NOW` pins `now`.
    let isNowPinned: Bool

    /// The current instant for a command that runs a while (a chat session, `todo mcp`): the
    /// pinned `now`, else the clock's time at this moment rather than at start-up.
    var currentTime: Date { isNowPinned ? now : Date() }

    init(globals: GlobalOptions, environment: [String: String], output: OutputBuffer) throws(ConfigurationError) {
        self.globals = globals
        self.environment = environment
        self.output = output
        if let pinned = environment["TODO_NOW"], !pinned.isEmpty {
            guard let date = RFC3339.parse(pinned) else {
                throw .invalidSetting("TODO_NOW", reason: "\"\(pinned)\" is not an RFC 3339 time like 2026-12-05T17:00:00Z")
            }
            now = date
            isNowPinned = true
        } else {
            now = Date()
            isNowPinned = false
        }
        let zone = LocalTimeZone.resolve(environment: environment)
        if let warning = zone.warning { StandardStreams.writeErrorLine("\(CommandLineTool.toolName): warning: \(warning)") }
        localTimeZone = zone.zone
        dateOrder = try Self.dateOrder(in: environment)
    }

    private static func dateOrder(in environment: [String: String]) throws(ConfigurationError) -> DateOrder {
        if let setting = environment["TODO_DATE_ORDER"], !setting.isEmpty {
            guard let order = DateOrder(rawValue: setting.lowercased()) else {
                throw .invalidSetting("TODO_DATE_ORDER", reason: "\"\(setting)\" is neither mdy (5/12 is May 12) nor dmy (5/12 is 5 December)")
            }
            return order
        }
        // POSIX precedence: the first of these that is set names the locale of dates.
        let locale = ["LC_ALL", "LC_TIME", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return locale.flatMap { DateOrder(locale: $0) } ?? .monthFirst
    }

    /// The IANA name of the local zone: the default zone of new tasks.
    var localTimeZoneName: String { localTimeZone.taskZoneName }

    func databaseSetting() throws(ConfigurationError) -> DatabaseSetting {
        try DatabaseSetting.resolve(flag: globals.database, environment: environment)
    }

    /// Opens the store of `setting`. A database this creates is said on standard error, so a
    /// mistyped path does not pass for an empty task list; the default database appearing on
    /// first use is expected and goes unsaid unless `announceDefault`.
    func openStore(_ setting: DatabaseSetting, announceDefault: Bool = false) throws -> any TaskStore {
        try StoreFactory.open(setting.url) { url in
            guard announceDefault || setting.source != .defaultLocal else { return }
            StandardStreams.writeErrorLine("todo: created new database \(url.location)")
        }
    }

    /// Opens the store, acts as its local user, and closes the store afterwards.
    func withLocalStore<Result>(_ body: (any TaskStore, User) throws -> Result) throws -> Result {
        let setting = try databaseSetting()
        let store = try openStore(setting)
        defer { store.close() }
        return try body(store, try store.localUser())
    }

    /// Runs `body` against where tasks live: a server (`--server`, `TODO_SERVER`, or a saved
    /// login) or the local database. An explicit database (`--db`, `TODO_DATABASE_URL`,
    /// `DATABASE_URL`) wins over a saved login; `--server` and `TODO_SERVER` win over it.
    func withTasks<Result>(_ body: (any TaskAccess) throws -> Result) throws -> Result {
        if let client = try remoteClient() { return try body(RemoteTaskAccess(client: client)) }
        return try withLocalStore { store, user in try body(LocalTaskAccess(store: store, user: user, now: now)) }
    }

    /// A client of the server to use, with its token (`serverSetting`), or nil for the local
    /// database. A server without a token is refused: nothing could be done there.
    func remoteClient() throws(ConfigurationError) -> APIClient? {
        guard let server = try serverSetting() else { return nil }
        guard server.token != nil else {
            throw .invalidSetting("--token", reason: "\(server.url.absoluteString) needs a token: run todo login --server \(server.url.absoluteString), or set TODO_TOKEN")
        }
        return APIClient(server: server.url, token: server.token)
    }

    /// The server to use, or nil for the local database.
    func serverSetting() throws(ConfigurationError) -> ServerSetting? {
        let explicitServer = globals.server?.isEmpty == false || environment["TODO_SERVER"]?.isEmpty == false
        let explicitDatabase = globals.database != nil
            || ["TODO_DATABASE_URL", "DATABASE_URL"].contains { environment[$0]?.isEmpty == false }
        if globals.database != nil && globals.server?.isEmpty == false {
            throw .invalidSetting("--server", reason: "--db and --server name two places for the tasks; give one of them")
        }
        if globals.database != nil { return nil }
        if explicitDatabase && !explicitServer { return nil }
        return try ServerSetting.resolve(flagServer: globals.server, flagToken: globals.token, environment: environment)
    }

    /// Writes dates out in full, as confirmations show them.
    func makeCalendarWording() -> CalendarWording {
        CalendarWording(now: now, localTimeZone: localTimeZone)
    }

    /// Turns due dates into the words a listing shows, relative to `now` in the local zone.
    func makeDueFormatter() -> RelativeDueFormatter {
        RelativeDueFormatter(now: now, localTimeZone: localTimeZone)
    }
}
