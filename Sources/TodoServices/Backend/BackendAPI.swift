import Foundation
import TodoChat
import TodoCore
import TodoEvents
import TodoHTTP
import TodoLog
import TodoStore

/// The backend service's HTTP API (DESIGN §6): the route table and its middleware.
public struct BackendAPI: Sendable {
    let store: any TaskStore
    let authenticator: Authenticator
    let hasher: PasswordHasher
    let signIn: SignInThrottle
    let creator: TaskCreator
    let turnRecorder: TurnRecorder
    let logger: Logger
    let clock: @Sendable () -> Date
    let events: EventBackbone?
    let daprAPIToken: String?
    let metricsToken: String?
    let chatAgent: any ChatAgent
    let mcpSessions: MCPSessionIDs
    /// The requests the router answered, for `/metrics`.
    public let httpMetrics = HTTPMetrics()

    public init(store: any TaskStore, jwtSecret: [UInt8], logger: Logger, events: EventBackbone? = nil, daprAPIToken: String? = nil,
                metricsToken: String? = nil, llm: LLMConfiguration? = nil,
                passwordHasher: PasswordHasher = PasswordHasher(), signInLimits: SignInLimits = SignInLimits(),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.events = events
        self.daprAPIToken = daprAPIToken
        self.metricsToken = metricsToken
        authenticator = Authenticator(store: store, signer: JWTSigner(secret: jwtSecret))
        mcpSessions = MCPSessionIDs(secret: jwtSecret)
        hasher = passwordHasher
        signIn = SignInThrottle(limits: signInLimits, pool: PasswordHashingPool())
        creator = TaskCreator(store: store)
        turnRecorder = TurnRecorder(store: store)
        self.logger = logger
        self.clock = clock
        chatAgent = Self.chatAgent(llm, logger: logger, metrics: events?.metrics)
    }

    /// The chat's agent: the model's when one is configured, else the offline agent. Shared by
    /// the server and a local `todo chat`, so both answer alike.
    public static func chatAgent(_ llm: LLMConfiguration?, logger: Logger, metrics: EventMetrics?) -> any ChatAgent {
        llm.map { llmAgent($0, logger: logger, metrics: metrics) } ?? OfflineAgent()
    }

    /// The model's chat agent, its fallbacks logged (never with the key) and counted.
    static func llmAgent(_ configuration: LLMConfiguration, logger: Logger, metrics: EventMetrics?) -> LLMAgent {
        LLMAgent(configuration: configuration, transport: CurlLLMTransport()) { outcome in
            switch outcome {
            case .answered:
                metrics?.increment("todo_llm_turns_total", [("outcome", "answered")])
            case .fellBack(let failure):
                metrics?.increment("todo_llm_turns_total", [("outcome", "fallback")])
                metrics?.increment("todo_llm_fallbacks_total", [("reason", failure.metricReason)])
                logger.warning("llm fallback: the offline agent answered the turn", [("reason", failure.metricReason), ("error", failure.description)])
            }
        }
    }

    /// A router with the routes of the services `role` runs, the host's probes and event
    /// routes, and the middleware around them. `services` are the services besides the
    /// backend that this process runs (all of them in one process, or the one alone).
    public func makeRouter(accessLog: Bool = true, role: ServiceRole = .allInOne, services: [any Service] = []) -> Router<AppContext> {
        let router = Router<AppContext>()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware(httpMetrics))
        if accessLog { router.add(middleware: AccessLogMiddleware(logger: logger, probePaths: OpsController.probePaths)) }
        // A browser's MCP client must send and read its session and protocol headers, and an
        // event stream's client its resume position.
        router.add(middleware: CORSMiddleware(allowingHeaders: ["Last-Event-ID", "Mcp-Session-Id", "Mcp-Protocol-Version"],
                                              exposingHeaders: ["Mcp-Session-Id"]))
        router.add(middleware: ErrorMiddleware(logger: logger))

        OpsController(store: store, logger: logger, role: role, services: services).addRoutes(to: router)
        if let events { EventsController(backbone: events, daprAPIToken: daprAPIToken, metricsToken: metricsToken).addRoutes(to: router) }
        let api = router.group("/api/v1")
        let authenticated = api.group(context: AuthenticationMiddleware(authenticator: authenticator, clock: clock))
        if role.runs(.backend) {
            let accounts = AccountController(store: store, authenticator: authenticator, hasher: hasher, signIn: signIn, clock: clock)
            accounts.addPublicRoutes(to: api)
            accounts.addRoutes(to: authenticated)
            SessionController(store: store, authenticator: authenticator, hasher: hasher, signIn: signIn).addRoutes(to: authenticated)
            // One cache of tasks' JSON for the REST listings and the chat's tool results.
            let taskJSON = TaskJSONCache()
            TaskController(store: store, creator: creator, clock: clock, listedJSON: taskJSON).addRoutes(to: authenticated)
            RecurrenceController().addRoutes(to: authenticated)
            QuickAddController(clock: clock).addRoutes(to: authenticated)
            InterchangeController(store: store, clock: clock).addRoutes(to: authenticated)
            ChatController(store: store, tasks: GroupCommittedTasks(store: store, creator: creator, turns: turnRecorder), clock: clock,
                           agent: chatAgent, taskJSON: taskJSON).addRoutes(to: authenticated)
            // MCP clients are configured with one URL, so the endpoint sits at the root.
            let rootAuthenticated = router.group().group(context: AuthenticationMiddleware(authenticator: authenticator, clock: clock))
            MCPController(tasks: GroupCommittedTasks(store: store, creator: creator), sessions: mcpSessions, clock: clock).addRoutes(to: rootAuthenticated)
            // The web app talks to this API, so it is served where the API is.
            WebAppController().addRoutes(to: router)
        }
        let routes = ServiceRoutes(root: router, api: api, authenticated: authenticated) { [authenticator] token, now in
            try authenticator.bearer(of: token, now: now).userID
        }
        for service in services { service.addRoutes(to: routes) }
        OpsController.addDocumentRoute(to: router)
        return router
    }
}
