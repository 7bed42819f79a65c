import Foundation
import Synchronization
import TodoLog
import TodoStore

/// The bus of `todo serve` on one machine: topics are the database's event log, which the
/// relay fills from the outbox in the same transaction that empties it; each consumer group's
/// position is a row of the same database, so a restart resumes where every group stopped.
public final class EmbeddedEventBus: EventBus {
    public let kind = "embedded"
    /// A longer transaction would hold the API's writes up.
    public let relayBatchSize = 1_000
    public let sharesOutboxDatabase = true
    let store: EventLogStore
    let metrics: EventMetrics
    let policy: RetryPolicy
    let log: EventLogLine
    private let subscriptions = Mutex<[EmbeddedSubscription]>([])
    /// Each event decoded once for all the groups of this process.
    let decoded = DecodedEvents()

    public init(store: EventLogStore, metrics: EventMetrics, policy: RetryPolicy = RetryPolicy(), log: @escaping EventLogLine) {
        self.store = store
        self.metrics = metrics
        self.policy = policy
        self.log = log
    }

    public func publish(_ messages: [TopicMessage]) throws {
        try store.append(messages, now: Date())
    }

    public func subscribe(topic: String, group: String, handler: @escaping EventHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: handler, batch: nil, types: nil)
    }

    /// Skips the log entries of other types by the type column, before decoding them.
    public func subscribe(topic: String, group: String, types: Set<String>, handler: @escaping EventHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: handler, batch: nil, types: types)
    }

    /// Reads up to `maxBatch` entries of the log at a time and hands over the events among them.
    public func subscribe(topic: String, group: String, maxBatch: Int, batchHandler: @escaping EventBatchHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: { try batchHandler([$0]) },
                      batch: EmbeddedSubscription.Batch(handler: batchHandler, size: max(1, maxBatch)), types: nil)
    }

    private func subscribe(topic: String, group: String, handler: @escaping EventHandler,
                           batch: EmbeddedSubscription.Batch?, types: Set<String>?) throws -> any EventSubscription {
        let office = DeadLetterOffice(store: store, metrics: metrics) { [store] in try store.append($0, now: Date()) }
        let delivery = EventDelivery(topic: topic, group: group, handler: handler, policy: policy, metrics: metrics,
                                     deadLetters: office, log: log)
        let subscription = EmbeddedSubscription(store: store, delivery: delivery, batch: batch, types: types, decoded: decoded,
                                                metrics: metrics, log: log)
        subscriptions.withLock { $0.append(subscription) }
        subscription.start()
        return subscription
    }

    public func close() {
        for subscription in subscriptions.withLock({ $0 }) { subscription.stop() }
    }
}

/// One group reading one topic of the log on a thread of its own.
final class EmbeddedSubscription: EventSubscription, @unchecked Sendable {
    /// A batch subscriber's handler and how many log entries it is handed at most.
    struct Batch {
        let handler: EventBatchHandler
        let size: Int
    }

    private let store: EventLogStore
    private let delivery: EventDelivery
    private let batch: Batch?
    /// The event types the group handles (nil: all); the others are acknowledged undecoded.
    private let types: Set<String>?
    private let decoded: DecodedEvents
    private let metrics: EventMetrics
    private let log: EventLogLine
    private let loop = LoopThread()
    /// Read the log again after this long even without a signal: another process may append.
    static let pollInterval: TimeInterval = 0.25
    static let batchSize = 256

    init(store: EventLogStore, delivery: EventDelivery, batch: Batch? = nil, types: Set<String>? = nil, decoded: DecodedEvents = DecodedEvents(),
         metrics: EventMetrics, log: @escaping EventLogLine) {
        self.store = store
        self.delivery = delivery
        self.batch = batch
        self.types = types
        self.decoded = decoded
        self.metrics = metrics
        self.log = log
    }

    func start() {
        loop.start(name: "consumer \(delivery.group)/\(delivery.topic)") { [self] in run() }
    }

    func stop() {
        loop.stop { store.appended.signal() }
    }

    private var isStopping: Bool { loop.isStopping }

    private func run() {
        var position: Int64 = -1
        var failures = 0
        while !isStopping {
            do {
                if position < 0 { position = try store.committedPosition(group: delivery.group, topic: delivery.topic) }
                let seen = store.appended.current
                let read = try store.entries(topic: delivery.topic, after: position, limit: batch?.size ?? Self.batchSize)
                if read.isEmpty {
                    store.appended.wait(after: seen, timeout: Self.pollInterval)
                    continue
                }
                let entries = wanted(read)
                guard !entries.isEmpty else {
                    // Nothing this group handles: acknowledged as a whole.
                    try store.commit(group: delivery.group, topic: delivery.topic, position: read.last!.position, now: Date())
                    position = read.last!.position
                    continue
                }
                var handledUpTo: Int64
                var rejected: Set<Int64> = []
                if let batch, let upTo = deliverAtOnce(entries, to: batch.handler, rejected: &rejected) {
                    handledUpTo = upTo
                } else {
                    handledUpTo = deliverOneByOne(entries, after: position, skipping: rejected)
                }
                if handledUpTo == entries.last!.position, read.last!.position > handledUpTo {
                    // Entries of other types after the last one handled are acknowledged with it.
                    handledUpTo = read.last!.position
                }
                if handledUpTo > position {
                    try store.commit(group: delivery.group, topic: delivery.topic, position: handledUpTo, now: Date())
                    position = handledUpTo
                } else if !isStopping {
                    Thread.sleep(forTimeInterval: 0.5)
                }
                failures = 0
            } catch {
                failures += 1
                if failures == 1 || failures % 20 == 0 {
                    log(.error, "consumer cannot read the event log", [("group", delivery.group), ("topic", delivery.topic),
                                                                         ("error", String(describing: error))])
                }
                Thread.sleep(forTimeInterval: min(5, 0.1 * Double(failures)))
                position = -1
            }
        }
    }

    /// The entries of the types this group handles. A skipped entry is not decoded: one this
    /// group has no use for is not this group's to refuse either (the groups that handle its
    /// type dead-letter it if it is malformed).
    private func wanted(_ entries: [LogEntry]) -> [LogEntry] {
        guard let types else { return entries }
        return entries.filter { types.contains($0.message.type) }
    }

    /// `message` decoded (by whichever group of this bus came first) and checked for this group.
    private func accepted(_ message: TopicMessage) -> (CloudEvent?, DeliveryOutcome) {
        delivery.accept(decoded.decode(message.payload, eventID: message.eventID), payload: message.payload, eventID: message.eventID,
                        key: message.key)
    }

    /// Delivers `entries` one at a time, with the retries and dead letters of `EventDelivery`;
    /// returns the position handled up to (a stop or an unwritable dead letter ends early).
    private func deliverOneByOne(_ entries: [LogEntry], after position: Int64, skipping rejected: Set<Int64>) -> Int64 {
        var handledUpTo = position
        for entry in entries {
            if rejected.contains(entry.position) {
                handledUpTo = entry.position
                continue
            }
            let message = entry.message
            let outcome = delivery.deliver(accepted(message), payload: message.payload, key: message.key, isStopping: { isStopping })
            if outcome == .interrupted { break }
            handledUpTo = entry.position
        }
        return handledUpTo
    }

    /// Hands the events of `entries` to `handler` in one call; returns the position handled up
    /// to, or nil when the batch must go one event at a time instead (the handler threw, or a
    /// malformed entry's dead letter could not be written). Malformed entries are dead-lettered
    /// here, left out of the batch and added to `rejected` (so they are not dead-lettered twice).
    private func deliverAtOnce(_ entries: [LogEntry], to handler: EventBatchHandler, rejected: inout Set<Int64>) -> Int64? {
        var events: [CloudEvent] = []
        events.reserveCapacity(entries.count)
        for entry in entries {
            let (event, outcome) = accepted(entry.message)
            if outcome == .interrupted { return nil }
            if let event { events.append(event) } else { rejected.insert(entry.position) }
        }
        do {
            if !events.isEmpty { try handler(events) }
        } catch {
            log(.warning, "batch handler failed, delivering its events one at a time",
                [("group", delivery.group), ("topic", delivery.topic), ("events", String(events.count)), ("error", String(describing: error))])
            return nil
        }
        metrics.increment("todo_events_consumed_total", [("group", delivery.group), ("topic", delivery.topic)], by: Double(events.count))
        return entries.last?.position
    }
}
