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
                      batch: SubscriptionBatch(handler: batchHandler, size: maxBatch), types: nil)
    }

    private func subscribe(topic: String, group: String, handler: @escaping EventHandler,
                           batch: SubscriptionBatch?, types: Set<String>?) throws -> any EventSubscription {
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
    private let store: EventLogStore
    private let delivery: EventDelivery
    private let batch: SubscriptionBatch?
    /// The event types the group handles (nil: all); the others are acknowledged undecoded.
    private let types: Set<String>?
    private let decoded: DecodedEvents
    private let metrics: EventMetrics
    private let log: EventLogLine
    private let loop = LoopThread()
    /// Raised by appends of this group's topic and types.
    private let appended: WakeSignal
    /// Read the log again after this long even without a signal: another process may append.
    static let pollInterval: TimeInterval = 0.25
    static let batchSize = 256
    /// After a batch that was not full, a batch subscriber waits this long before reading again,
    /// so that under load its batches grow: a transaction per few events made the audit and
    /// websocket consumers a third of a create's CPU in `todo serve`; with 10 ms a whole create
    /// cost about a seventh less (wrk with bench/http/create.lua, two pairs of noisy 8 s runs).
    /// Delivery is at most this much later; a group that handles
    /// events one by one (the recurring service: completion → next task in ≤ 20 ms) never waits.
    static let batchLinger: TimeInterval = 0.01

    init(store: EventLogStore, delivery: EventDelivery, batch: SubscriptionBatch? = nil, types: Set<String>? = nil,
         decoded: DecodedEvents = DecodedEvents(), metrics: EventMetrics, log: @escaping EventLogLine) {
        self.store = store
        self.delivery = delivery
        self.batch = batch
        self.types = types
        self.decoded = decoded
        self.metrics = metrics
        self.log = log
        appended = store.appendedSignal(topic: delivery.topic, types: types)
    }

    func start() {
        loop.start(name: delivery.threadName) { [self] in run() }
    }

    func stop() {
        loop.stop { appended.signal() }
    }

    private var isStopping: Bool { loop.isStopping }

    private func run() {
        var position: Int64 = -1
        var failures = 0
        var readAhead: ReadAhead?
        while !isStopping {
            do {
                if position < 0 { position = try store.committedPosition(group: delivery.group, topic: delivery.topic) }
                let seen = appended.current
                let ahead = try readAhead.flatMap { $0.after == position ? try $0.wait() : nil }
                readAhead = nil
                // An empty read-ahead is read again: something may have come since, and its
                // signal may be older than `seen`.
                let read = if let ahead, !ahead.isEmpty { ahead } else {
                    try store.entries(topic: delivery.topic, after: position, limit: batch?.size ?? Self.batchSize)
                }
                guard let lastRead = read.last?.position else {
                    appended.wait(after: seen, timeout: Self.pollInterval)
                    continue
                }
                if let batch, read.count == batch.size {
                    // A backlog: the next batch is read and decoded on another thread while
                    // the handler applies this one, so the two overlap on two cores.
                    readAhead = ReadAhead(store: store, topic: delivery.topic, after: lastRead, limit: batch.size, decoded: decoded)
                }
                let entries = wanted(read)
                guard let lastWanted = entries.last?.position else {
                    // Nothing this group handles: acknowledged as a whole.
                    try store.commit(group: delivery.group, topic: delivery.topic, position: lastRead, now: Date())
                    position = lastRead
                    continue
                }
                var rejected: Set<Int> = []
                var handledUpTo = if let batch, delivery.deliverAtOnce(entries.map(received), to: batch.handler, rejected: &rejected) {
                    lastWanted
                } else {
                    deliverOneByOne(entries, after: position, skipping: rejected)
                }
                if handledUpTo == lastWanted {
                    // Entries of other types after the last one handled are acknowledged with it.
                    handledUpTo = lastRead
                }
                if handledUpTo > position {
                    try store.commit(group: delivery.group, topic: delivery.topic, position: handledUpTo, now: Date())
                    position = handledUpTo
                } else if !isStopping {
                    Thread.sleep(forTimeInterval: 0.5)
                }
                failures = 0
                if let batch, read.count < batch.size, !isStopping { Thread.sleep(forTimeInterval: Self.batchLinger) }
            } catch {
                failures += 1
                if failures == 1 || failures % 20 == 0 {
                    log(.error, "consumer cannot read the event log", [("group", delivery.group), ("topic", delivery.topic),
                                                                         ("error", String(describing: error))])
                }
                Thread.sleep(forTimeInterval: min(5, 0.1 * Double(failures)))
                position = -1
                readAhead = nil
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

    /// `entry` with its event when it decodes and this group takes it (no side effect: a
    /// malformed one is left undecoded, for the delivery to dead-letter).
    private func received(_ entry: LogEntry) -> ReceivedMessage {
        var message = ReceivedMessage(payload: entry.message.payload, eventID: entry.message.eventID, key: entry.message.key)
        if case .success(let event) = decoded.decode(entry.message.payload, eventID: entry.message.eventID) {
            message.event = try? delivery.checked(event)
        }
        return message
    }

    /// Delivers `entries` one at a time, with the retries and dead letters of `EventDelivery`;
    /// returns the position handled up to (a stop or an unwritable dead letter ends early).
    private func deliverOneByOne(_ entries: [LogEntry], after position: Int64, skipping rejected: Set<Int>) -> Int64 {
        var handledUpTo = position
        for (index, entry) in entries.enumerated() {
            if rejected.contains(index) {
                handledUpTo = entry.position
                continue
            }
            let outcome = delivery.deliver(accepted(entry.message), payload: entry.message.payload, key: entry.message.key,
                                           isStopping: { isStopping })
            if outcome == .interrupted { break }
            handledUpTo = entry.position
        }
        return handledUpTo
    }
}

/// The log entries after a position, read and decoded on a thread of the global queue (the
/// decoded events land in the bus's `DecodedEvents`, where the consumer finds them). A stale
/// one (the consumer went elsewhere: a failed batch, a restart) is dropped; its read ends on its own.
final class ReadAhead: @unchecked Sendable {
    let after: Int64
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before `done` is signalled; read after the wait.
    private var result: Result<[LogEntry], any Error>?

    init(store: EventLogStore, topic: String, after: Int64, limit: Int, decoded: DecodedEvents) {
        self.after = after
        DispatchQueue.global().async { [self] in
            result = Result {
                let entries = try store.entries(topic: topic, after: after, limit: limit)
                for entry in entries { _ = decoded.decode(entry.message.payload, eventID: entry.message.eventID) }
                return entries
            }
            done.signal()
        }
    }

    func wait() throws -> [LogEntry] {
        done.wait()
        return try result!.get()
    }
}
