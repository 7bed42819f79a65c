import Dispatch
import Foundation
import TodoChat
import TodoCore
import TodoHTTP
import TodoLog
import TodoServices
import TodoStore

/// `todo serve`: the HTTP API on the configured database, until SIGINT or SIGTERM.
struct ServeCommand: Command {
    static let configuration = CommandConfiguration(
        name: "serve",
        abstract: "Run the server: the web app (/), the REST API (/api/v1), /healthz, /readyz, /openapi.json, /metrics and the event relay.",
        discussion: """
            Listens until interrupted (Ctrl-C or SIGTERM), then stops accepting connections, \
            answers new requests with 503, lets requests in progress finish (reads for up to \
            --shutdown-grace seconds; writes always, so none is cut off half way) and closes \
            the database. Sessions are signed \
            with $TODO_JWT_SECRET, or with a secret generated on first run and kept beside \
            the database (mode 0600). Access logs go to standard error.

            Every change's event is relayed from the database's outbox to the bus named by \
            $TODO_EVENT_BUS: embedded (default; the database's own event log), kafka (the \
            brokers of $KAFKA_BROKERS, with $KAFKA_SECURITY_PROTOCOL and $KAFKA_SASL_*), or \
            dapr (the sidecar at 127.0.0.1:$DAPR_HTTP_PORT, pub/sub $DAPR_PUBSUB_NAME). \
            Replicas on one database relay through one of them at a time (a lease).

            Sign-ins (login, register) are limited per client address \
            ($TODO_SIGNIN_LIMIT_ADDRESS, default 20/60s: 20 attempts, refilled over 60 s) and \
            failed logins per email ($TODO_SIGNIN_LIMIT_EMAIL, default 5/300s); beyond, 429 \
            with Retry-After. $TODO_METRICS_TOKEN, when set, is the bearer token /metrics \
            requires.

            All services run in this one process by default: the backend API, the \
            recurring-task, notification, audit-log and websocket services. --service NAME \
            runs one of them alone (backend, notification, recurring, audit or websocket; the \
            full names such as audit-log-service too), on its own port (8000 to 8004 unless \
            --port or $PORT says otherwise), as its own consumer group: a deployment that \
            outgrows one machine runs each in its own process over PostgreSQL and Kafka (or \
            Dapr). Its /healthz answers {"service": NAME, "status": "healthy"}. The web app \
            (http://HOST:PORT/) is served wherever the backend API is.

            The notification service fires each task reminder once, within a second of its \
            time (one missed while it was down fires when it starts, marked late), in the app \
            (/api/v1/notifications), to the user's webhooks (signed; $TODO_WEBHOOK_ALLOW_HOSTS \
            names hosts allowed although private, $TODO_WEBHOOK_TIMEOUT and \
            $TODO_WEBHOOK_RETRY_BASE set the wait and the retries) and, with $TODO_SMTP_URL \
            (smtp:// or smtps://user:password@host:port; sender $TODO_SMTP_FROM), by email to \
            the account's address.

            The chat (/api/v1/chat) answers with its offline agent, or with a model when \
            $TODO_LLM_BASE_URL names an OpenAI-compatible API (with $TODO_LLM_API_KEY, \
            $TODO_LLM_MODEL, $TODO_LLM_TIMEOUT seconds per turn, default 20, and \
            $TODO_LLM_STREAM=true for streamed answers). A turn the model fails (timeout, \
            error, malformed or unknown tool call) is answered by the offline agent; deletes \
            and changes to several tasks wait for the user's "yes".
            """,
        examples: ["todo serve", "todo serve --port 9000 --host 0.0.0.0", "PORT=9000 todo serve --db postgres://todo@db/todo",
                   "TODO_EVENT_BUS=kafka KAFKA_BROKERS=127.0.0.1:9092 todo serve --service recurring --db postgres://todo@db/todo"])

    static let defaultPort = 8080

    @Option(valueName: "n", help: "The port to listen on (default: $PORT, else \(ServeCommand.defaultPort); 0 picks a free one).")
    var port: Int?

    @Option(help: "The address to listen on: 127.0.0.1, 0.0.0.0 for all interfaces, or an IPv6 address.")
    var host: String = "127.0.0.1"

    @Option(valueName: "n", help: "Event threads reading requests and answering reads (default: one per core).")
    var threads: Int?

    @Option(valueName: "n", help: "Threads running writes, which wait for a commit together.")
    var workers: Int = 32

    @Option(name: "shutdown-grace", valueName: "seconds", help: "How long a stop waits for requests in progress (writes are always waited for).")
    var shutdownGrace: Int = 10

    @Option(valueName: "name", help: "Run one service alone: backend, notification, recurring, audit or websocket (default: all in this process).")
    var service: String?

    @Flag(help: "Do not log each request.")
    var quiet: Bool

    func validate() throws(UsageError) {
        if let port, !(0...65_535).contains(port) { throw usageError("--port must be between 0 and 65535 (got \(port))") }
        if let threads, !(1...256).contains(threads) { throw usageError("--threads must be between 1 and 256 (got \(threads))") }
        if !(1...1024).contains(workers) { throw usageError("--workers must be between 1 and 1024 (got \(workers))") }
        if !(0...3600).contains(shutdownGrace) { throw usageError("--shutdown-grace must be between 0 and 3600 seconds (got \(shutdownGrace))") }
        if let service, ServiceName(word: service) == nil {
            let words = ServiceName.allCases.map(\.shortWord)
            throw usageError("--service must be one of \(words.joined(separator: ", ")) (got \"\(service)\")"
                             + (Suggestion.closest(to: service, in: words).map { "; did you mean '\($0)'?" } ?? ""))
        }
    }

    /// What this process runs: every service, or the one `--service` names.
    var role: ServiceRole { service.flatMap(ServiceName.init(word:)).map(ServiceRole.only) ?? .allInOne }

    func run(_ context: CommandContext) throws {
        let role = self.role
        let port = try resolvedPort(context.environment, role: role)
        let setting = try context.databaseSetting()
        let busKind: EventBackbone.BusKind
        do { busKind = try EventBackbone.busKind(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        // One service of a deployment over a broker shares the others' database: the default one
        // would be this process's own, and it would take its share of the events there.
        if case .only(let name) = role, busKind != .embedded, setting.source == .defaultLocal {
            throw ConfigurationError.invalidSetting(
                "TODO_DATABASE_URL", reason: "--service \(name.shortWord) on the \(busKind.rawValue) bus shares the deployment's database: "
                    + "name it with --db or TODO_DATABASE_URL (e.g. postgres://…); the default \(setting.url.redacted) would be this process's own")
        }
        let signInLimits: SignInLimits
        do { signInLimits = try SignInLimits(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        let llm: LLMConfiguration?
        do { llm = try LLMConfiguration(environment: context.environment) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        let store = try context.openStore(setting, announceDefault: true)
        defer { store.close() }
        let secret = try jwtSecret(context.environment, database: setting.url)

        let logWriter = LogWriter.standardError()
        // Every way out writes the buffered lines: an error thrown below (through `exit`), a
        // crash, as well as the stop below.
        logWriter.flushAtExitAndOnFatalSignal()
        let logger = Logger(label: "todo.serve", writer: logWriter)
        let events: EventBackbone
        do { events = try EventBackbone(store: store, kind: busKind, environment: context.environment, logger: logger) } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        let api = BackendAPI(store: store, jwtSecret: secret, logger: logger, events: events,
                             daprAPIToken: context.environment["APP_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                             metricsToken: context.environment["TODO_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                             llm: llm, signInLimits: signInLimits)
        let services: [any Service]
        do {
            services = try ServiceCatalog.services(for: role, dependencies: ServiceDependencies(
                store: store, events: events, logger: logger, environment: context.environment))
        } catch {
            throw ConfigurationError.invalidSetting(error.setting, reason: error.reason)
        }
        ServerLimits.raiseOpenFileLimit()
        var configuration = HTTPServerConfiguration(host: host, port: port,
                                                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                                    workerThreads: workers, maxConnections: ServerLimits.connectionLimit())
        configuration.maxConnectionsPerClient = try ServerLimits.connectionsPerClient(context.environment)
        configuration.largerBodies = [InterchangeController.importPath: InterchangeController.maxFileSize]
        // WebSocket clients refused (bad frames, ping floods, not reading) are logged here.
        configuration.webSocket.logger = logger
        if role == .only(.websocket) {
            // The websocket service alone holds many idle connections and answers short targets
            // only (`/ws?token=…`): a smaller pool per connection (docs/decisions.md).
            configuration.connectionMemoryLimit = 12 * 1024
            configuration.maxURILength = 4 * 1024
        }
        let server = HTTPServer(configuration: configuration,
                                responder: api.makeRouter(accessLog: !quiet, role: role, services: services).buildResponder())
        events.addMetrics { server.webSocketMetrics.prometheusText() }
        events.addMetrics { api.httpMetrics.prometheusText() }
        let stop = ServerLimits.StopSignals()
        try server.start()
        for service in services { try service.start() }
        events.start()

        let shownHost = host.contains(":") ? "[\(host)]" : host
        let serving = if case .only(let name) = role { name.rawValue + " " } else { "" }
        context.output.line("todo serve: \(serving)listening on http://\(shownHost):\(server.port) (database \(setting.url.redacted))")
        context.output.flush()
        logger.info("listening", [("port", String(server.port)), ("database", setting.url.redacted), ("event_bus", busKind.rawValue),
                                  ("services", ([ServiceName.backend].filter(role.runs) + services.map(\.name)).map(\.rawValue).joined(separator: ","))])

        let signal = stop.wait()
        logger.info("stopping", [("signal", signal)])
        server.shutdown(gracePeriod: .seconds(shutdownGrace))
        for service in services.reversed() { service.stop() }
        events.stop()
        logger.info("stopped")
        logWriter.flush()
    }

    private func resolvedPort(_ environment: [String: String], role: ServiceRole) throws(ConfigurationError) -> Int {
        if let port { return port }
        guard let text = environment["PORT"], !text.isEmpty else {
            if case .only(let name) = role { return name.defaultPort }
            return Self.defaultPort
        }
        guard let value = Int(text), (0...65_535).contains(value) else {
            throw .invalidSetting("PORT", reason: "\"\(text)\" is not a port number between 0 and 65535")
        }
        return value
    }

    /// `TODO_JWT_SECRET`, else a key file beside the SQLite database (or in the data directory
    /// for PostgreSQL), made on first run.
    private func jwtSecret(_ environment: [String: String], database: DatabaseURL) throws -> [UInt8] {
        let keyFile: URL = switch database {
        case .sqlite(let path): URL(fileURLWithPath: path + ".jwt-secret")
        case .postgres:
            URL(fileURLWithPath: DatabaseURL.dataDirectory(environment: environment)).appendingPathComponent("jwt-secret")
        }
        return try JWTSecret.resolve(environment: environment["TODO_JWT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }, keyFile: keyFile)
    }
}

/// Process-level settings of a server.
enum ServerLimits {
    /// Idle connections each hold a descriptor: lift the soft limit to the hard one.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Connections one client address may hold (`TODO_MAX_CONNECTIONS_PER_CLIENT`, 0: no
    /// limit): by default a tenth of what the server takes, so one client cannot hold them all.
    static func connectionsPerClient(_ environment: [String: String]) throws(ConfigurationError) -> Int {
        guard let text = environment["TODO_MAX_CONNECTIONS_PER_CLIENT"], !text.isEmpty else { return defaultConnectionsPerClient }
        guard let value = Int(text), value >= 0 else {
            throw .invalidSetting("TODO_MAX_CONNECTIONS_PER_CLIENT", reason: "\"\(text)\" is not a whole number (0 for no limit)")
        }
        return value
    }

    static let defaultConnectionsPerClient = 1_000

    /// Connections allowed: what the descriptor limit leaves after the database's and the
    /// process's own, at most 10 000.
    static func connectionLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1000 }
        return max(64, min(10_000, Int(clamping: limit.rlim_cur) - 128))
    }

    /// Waits for SIGINT or SIGTERM, delivered to a dispatch source rather than a handler.
    final class StopSignals: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private var received = ""
        private var sources: [any DispatchSourceSignal] = []

        init() {
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [unowned self] in
                    received = name
                    semaphore.signal()
                }
                source.resume()
                sources.append(source)
            }
        }

        /// Blocks until a stop signal; returns its name.
        func wait() -> String {
            semaphore.wait()
            return received
        }
    }
}
