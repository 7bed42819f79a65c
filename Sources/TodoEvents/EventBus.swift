import Foundation
import TodoLog
import TodoStore

/// Handles one event; returning acknowledges it, throwing asks for it again (and, after the
/// retry policy's attempts, sends it to the dead-letter topic).
public typealias EventHandler = @Sendable (CloudEvent) throws -> Void

/// Handles several events of one topic at once, in the order of the log: returning
/// acknowledges them all; throwing has them delivered again one at a time (each retried and,
/// if it keeps failing, dead-lettered on its own).
public typealias EventBatchHandler = @Sendable ([CloudEvent]) throws -> Void

/// Where the event backbone writes what it does: one logfmt line at a time, at a `Logger.Level`
/// (a closure rather than a `Logger`, so tests and benchmarks can capture or drop lines).
public typealias EventLogLine = @Sendable (_ level: Logger.Level, _ message: String, _ fields: [(String, String)]) -> Void

/// A publish/subscribe transport: the embedded log, Kafka or a Dapr sidecar (DESIGN §2). A
/// service never knows which one it runs on.
public protocol EventBus: AnyObject, Sendable {
    /// `embedded`, `kafka` or `dapr`, as `TODO_EVENT_BUS` names it.
    var kind: String { get }

    /// True when publishing writes to the database that holds the outbox: the relay then
    /// publishes and removes the outbox rows in one transaction.
    var sharesOutboxDatabase: Bool { get }

    /// Outbox rows the relay hands over per batch by default: what one failure sends again.
    var relayBatchSize: Int { get }

    /// The longest `publish` waits for the bus before it fails (nil: it does not wait on a
    /// remote party): the relay's lease outlasts it.
    var publishTimeout: TimeInterval? { get }

    /// Publishes `messages` in order and returns once the bus holds them durably (acknowledged).
    /// On a throw, any of them may or may not have been published.
    func publish(_ messages: [TopicMessage]) throws

    /// Delivers `topic`'s events to `handler` as consumer group `group` (a service name), in
    /// per-key order, until the subscription is stopped. Positions are committed only after the
    /// handler succeeded (or the event went to the dead-letter topic).
    func subscribe(topic: String, group: String, handler: @escaping EventHandler) throws -> any EventSubscription

    /// Like `subscribe(topic:group:handler:)` for a group that handles only events of `types`:
    /// the others are acknowledged without reaching `handler` (the embedded bus does not even
    /// decode them, so a group of the process pays nothing for the events it ignores).
    func subscribe(topic: String, group: String, types: Set<String>, handler: @escaping EventHandler) throws -> any EventSubscription

    /// Like `subscribe(topic:group:handler:)`, handing over up to `maxBatch` events at a time,
    /// so that a consumer can apply a backlog in one transaction per batch rather than per
    /// event. Positions are committed after the batch. A bus without batches of its own hands
    /// over one event at a time. The embedded bus lets a batch subscriber's batches grow under
    /// load: up to 10 ms later than a handler of single events would be called.
    func subscribe(topic: String, group: String, maxBatch: Int, batchHandler: @escaping EventBatchHandler) throws -> any EventSubscription

    /// Stops every subscription and releases the bus's resources.
    func close()
}

extension EventBus {
    public var publishTimeout: TimeInterval? { nil }

    public func subscribe(topic: String, group: String, types: Set<String>, handler: @escaping EventHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group) { event in
            guard types.contains(event.type) else { return }
            try handler(event)
        }
    }

    public func subscribe(topic: String, group: String, maxBatch: Int, batchHandler: @escaping EventBatchHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group) { try batchHandler([$0]) }
    }
}

public protocol EventSubscription: AnyObject, Sendable {
    /// Stops delivering; returns after the handler in progress (if any) finished.
    func stop()
}

/// How often a failing handler is tried before its event is given up on.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var initialBackoff: TimeInterval
    public var maxBackoff: TimeInterval

    public init(maxAttempts: Int = 5, initialBackoff: TimeInterval = 0.1, maxBackoff: TimeInterval = 2) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(maxBackoff, initialBackoff * pow(2, Double(max(0, attempt - 1))))
    }
}

/// A setting that cannot be used, named as the user set it (`KAFKA_BROKERS`, `TODO_SMTP_URL`,
/// …): start-up stops with one line naming it (DESIGN §6 "Configuration").
public struct SettingError: Error, Sendable, CustomStringConvertible {
    public var setting: String
    public var reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "\(setting): \(reason)" }
}
