import Foundation
import TodoEvents
import TodoHTTP
import TodoLog
import TodoStore
import Synchronization

/// The event backbone of one process: the bus chosen by `TODO_EVENT_BUS`, the outbox relay,
/// and the counters behind `/metrics`.
public final class EventBackbone: Sendable {
    public enum BusKind: String, Sendable, CaseIterable {
        case embedded, kafka, dapr
    }

    public let bus: any EventBus
    public let relay: OutboxRelay
    public let metrics: EventMetrics
    let store: EventLogStore
    /// With Kafka, where the groups' positions are asked of the brokers in the background.
    private let brokerLag: ConsumerLagMonitor?
    private let cronHandlers = Mutex<[@Sendable () -> Void]>([])
    private let jobHandlers = Mutex<[@Sendable (_ name: String, _ body: [UInt8]) -> Bool]>([])
    private let metricSources = Mutex<[@Sendable () -> String]>([])

    /// The bus named by `TODO_EVENT_BUS` (default embedded).
    public static func busKind(environment: [String: String]) throws(BusSettingError) -> BusKind {
        let text = environment["TODO_EVENT_BUS"].flatMap { $0.isEmpty ? nil : $0 } ?? BusKind.embedded.rawValue
        guard let kind = BusKind(rawValue: text.lowercased()) else {
            throw BusSettingError(setting: "TODO_EVENT_BUS", reason: "\"\(text)\" is not one of embedded, kafka, dapr")
        }
        return kind
    }

    let kind: BusKind

    public init(store: any TaskStore, kind: BusKind, environment: [String: String], logger: Logger,
                relayConfiguration: OutboxRelay.Configuration = .init()) throws(BusSettingError) {
        self.kind = kind
        let metrics = EventMetrics()
        let log: EventLogLine = { level, message, fields in logger.log(level, message, fields) }
        let bus: any EventBus = switch kind {
        case .embedded: EmbeddedEventBus(store: store.eventLog, metrics: metrics, log: log)
        case .kafka: try KafkaEventBus(settings: try KafkaSettings(environment: environment), store: store.eventLog, metrics: metrics, log: log)
        case .dapr: DaprEventBus(settings: try DaprSettings(environment: environment), store: store.eventLog, metrics: metrics, log: log)
        }
        self.bus = bus
        self.metrics = metrics
        self.store = store.eventLog
        relay = OutboxRelay(store: store.eventLog, bus: bus, configuration: relayConfiguration, metrics: metrics, log: log)
        if kind == .kafka {
            let settings = try KafkaSettings(environment: environment)
            brokerLag = ConsumerLagMonitor(log: log) { try KafkaGroupLag.positions(settings: settings, timeout: 5) }
        } else {
            brokerLag = nil
        }
    }

    public func start() {
        relay.start()
        brokerLag?.start()
    }

    /// Stops the relay (giving its lease up) and every subscription.
    public func stop() {
        relay.stop()
        brokerLag?.stop()
        bus.close()
    }

    /// Every consumer group's position and lag per topic: from the database for the embedded
    /// bus, from the brokers for Kafka (with Dapr they live in the sidecar's pub/sub: none here).
    public static func consumerPositions(kind: BusKind, environment: [String: String], store: EventLogStore,
                                         timeout: TimeInterval = 5) throws -> [ConsumerPosition] {
        switch kind {
        case .embedded: try store.consumerPositions()
        case .kafka: try KafkaGroupLag.positions(settings: try KafkaSettings(environment: environment), timeout: timeout)
        case .dapr: []
        }
    }

    /// Runs `handler` on every tick of a cron input binding (`POST /cron-binding`).
    public func onCron(_ handler: @escaping @Sendable () -> Void) {
        cronHandlers.withLock { $0.append(handler) }
    }

    func cronTick() {
        for handler in cronHandlers.withLock({ $0 }) { handler() }
    }

    /// Runs `handler` when the sidecar triggers a job scheduled through the Dapr Jobs API
    /// (`POST /job/{name}`); the handler returns false for a name that is not its own.
    public func onJob(_ handler: @escaping @Sendable (_ name: String, _ body: [UInt8]) -> Bool) {
        jobHandlers.withLock { $0.append(handler) }
    }

    /// True when a handler took the job.
    func jobTriggered(name: String, body: [UInt8]) -> Bool {
        jobHandlers.withLock({ $0 }).contains { $0(name, body) }
    }

    /// Adds Prometheus text that `/metrics` appends to the backbone's own, read at every
    /// scrape: the counters of parts that do not know the backbone (the HTTP server's WebSockets).
    public func addMetrics(_ source: @escaping @Sendable () -> String) {
        metricSources.withLock { $0.append(source) }
    }

    /// The counters, then gauges read from the database now, and the brokers' lag as last read
    /// in the background, then what `addMetrics` sources say.
    public func metricsText() -> String {
        var gauges: [(name: String, help: String, samples: [([(String, String)], Double)])] = []
        if let backlog = try? store.outboxBacklog() {
            gauges.append(("todo_outbox_backlog", "Events committed but not yet relayed to the bus.", [([], Double(backlog.count))]))
            let age = backlog.oldest.map { max(0, Date().timeIntervalSince($0)) } ?? 0
            gauges.append(("todo_outbox_oldest_age_seconds", "Age of the oldest event waiting for the relay.", [([], age)]))
        }
        gauges.append(("todo_relay_leader", "1 when this process's relay holds the lease.",
                       [([("owner", relay.configuration.owner), ("bus", bus.kind)], relay.isLeader ? 1 : 0)]))
        let positions: [ConsumerPosition]? = switch kind {
        case .embedded: try? store.consumerPositions()
        case .kafka: brokerLag?.positions
        case .dapr: []
        }
        if let positions {
            gauges.append(("todo_consumer_lag", "Events of the topic after the group's committed position.",
                           positions.map { ([("group", $0.group), ("topic", $0.topic)], Double($0.lag)) }))
        }
        if let letters = try? store.deadLetterCounts() {
            gauges.append(("todo_dead_letters", "Events a group gave up on, recorded in the database.",
                           letters.map { ([("group", $0.group), ("topic", $0.topic)], Double($0.count)) }))
        }
        return metrics.render(gauges: gauges) + metricSources.withLock { $0 }.map { $0() }.joined()
    }
}
