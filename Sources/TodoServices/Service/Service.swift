import Foundation
import TodoCore
import TodoEvents
import TodoHTTP
import TodoLog
import TodoStore

/// A part of the system that runs inside `todo serve` beside the others, or alone in its own
/// process with `todo serve --service NAME` (DESIGN §2). The code is the same either way: a
/// service gets its events from `EventBus.subscribe` as its own consumer group and never
/// knows whether they come from the embedded log, Kafka or Dapr.
public protocol Service: Sendable {
    var name: ServiceName { get }

    /// Adds the routes the service answers. The process serving it answers them; `/healthz`,
    /// `/readyz`, `/metrics` and the Dapr routes are the host's.
    func addRoutes(to routes: ServiceRoutes)

    /// Subscribes to the service's topics and starts its background work.
    func start() throws

    /// Stops consuming and background work; returns after the work in progress finished.
    func stop()

    /// What `/healthz` adds after `service` and `status` when the service runs alone (the
    /// websocket service's `connections`).
    func healthFields() -> [(String, JSONValue)]
}

extension Service {
    public func addRoutes(to routes: ServiceRoutes) {}
    public func start() throws {}
    public func stop() {}
    public func healthFields() -> [(String, JSONValue)] { [] }
}

/// Where a service adds its routes: at the root (`/ws`), or under `/api/v1`, public or behind
/// authentication (the handler's context then has the user).
public struct ServiceRoutes {
    public let root: Router<AppContext>
    public let api: RouterGroup<AppContext>
    public let authenticated: RouterGroup<AuthenticatedContext>
    /// Checks a bearer token given outside the Authorization header (a WebSocket's `?token=`
    /// or first message): the user it speaks for, or an `HTTPError.unauthorized`.
    public let authenticate: @Sendable (_ token: String, _ now: Date) throws -> UUID
}

/// What every service is built from: the same in one process and alone.
public struct ServiceDependencies: Sendable {
    public let store: any TaskStore
    public let events: EventBackbone
    public let logger: Logger
    public let clock: @Sendable () -> Date
    /// The process environment, for a service's own settings (`TODO_SMTP_URL`, …).
    public let environment: [String: String]

    public init(store: any TaskStore, events: EventBackbone, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }, environment: [String: String]) {
        self.store = store
        self.events = events
        self.logger = logger
        self.clock = clock
        self.environment = environment
    }

    /// Subscribes `handler` to `topic` as `service`'s consumer group; `topic` must be one of
    /// `service.topics`, which operators are shown. With `types`, only events of those types
    /// reach `handler` (the others are acknowledged, undecoded where the bus can).
    public func subscribe(_ service: ServiceName, to topic: String, types: Set<String>? = nil,
                          handler: @escaping EventHandler) throws -> any EventSubscription {
        precondition(service.topics.contains(topic), "\(service.rawValue) does not list \(topic) in ServiceName.topics")
        if let types { return try events.bus.subscribe(topic: topic, group: service.consumerGroup, types: types, handler: handler) }
        return try events.bus.subscribe(topic: topic, group: service.consumerGroup, handler: handler)
    }
}
