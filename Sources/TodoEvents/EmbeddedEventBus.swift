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
        try subscribe(topic: topic, group: group, handler: handler, batch: nil)
    }

    /// Reads up to `maxBatch` entries of the log at a time and hands over the events among them.
    public func subscribe(topic: String, group: String, maxBatch: Int, batchHandler: @escaping EventBatchHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: { try batchHandler([$0]) },
                      batch: SubscriptionBatch(handler: batchHandler, size: maxBatch))
    }

    private func subscribe(topic: String, group: String, handler: @escaping EventHandler,
                           batch: SubscriptionBatch?) throws -> any EventSubscription {
        let office = DeadLetterOffice(store: store, metrics: metrics) { [store] in try store.append($0, now: Date()) }
        let delivery = EventDelivery(topic: topic, group: group, handler: handler, policy: policy, metrics: metrics,
                                     deadLetters: office, log: log)
        let subscription = EmbeddedSubscription(store: store, delivery: delivery, batch: batch, metrics: metrics, log: log)
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
    private let metrics: EventMetrics
    private let log: EventLogLine
    private let loop = LoopThread()
    /// Read the log again after this long even without a signal: another process may append.
    static let pollInterval: TimeInterval = 0.25
    static let batchSize = 256

    init(store: EventLogStore, delivery: EventDelivery, batch: SubscriptionBatch? = nil, metrics: EventMetrics, log: @escaping EventLogLine) {
        self.store = store
        self.delivery = delivery
        self.batch = batch
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
        var readAhead: ReadAhead?
        while !isStopping {
            do {
                if position < 0 { position = try store.committedPosition(group: delivery.group, topic: delivery.topic) }
                let seen = store.appended.current
                let ahead = try readAhead.flatMap { $0.after == position ? try $0.wait() : nil }
                readAhead = nil
                // An empty read-ahead is read again: something may have come since, and its
                // signal may be older than `seen`.
                let (entries, received) = if let ahead, !ahead.entries.isEmpty { ahead } else {
                    try store.entries(topic: delivery.topic, after: position, limit: batch?.size ?? Self.batchSize).withReceived
                }
                if entries.isEmpty {
                    store.appended.wait(after: seen, timeout: Self.pollInterval)
                    continue
                }
                var rejected: Set<Int> = []
                if let batch, entries.count == batch.size {
                    // A backlog: the next batch is read and decoded on another thread while
                    // the handler applies this one, so the two overlap on two cores.
                    readAhead = ReadAhead(store: store, delivery: delivery, after: entries[entries.count - 1].position, limit: batch.size)
                }
                let handledUpTo = if let batch, delivery.deliverAtOnce(received, to: batch.handler, rejected: &rejected) {
                    entries[entries.count - 1].position
                } else {
                    deliverOneByOne(entries, after: position, skipping: rejected)
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
                readAhead = nil
            }
        }
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
            let outcome = delivery.deliver(payload: entry.message.payload, eventID: entry.message.eventID, key: entry.message.key,
                                           isStopping: { isStopping })
            if outcome == .interrupted { break }
            handledUpTo = entry.position
        }
        return handledUpTo
    }
}

extension LogEntry {
    var received: ReceivedMessage { ReceivedMessage(payload: message.payload, eventID: message.eventID, key: message.key) }
}

extension [LogEntry] {
    var withReceived: (entries: [LogEntry], received: [ReceivedMessage]) { (self, map(\.received)) }
}

/// The log entries after a position, read and decoded on a thread of the global queue. A
/// stale one (the consumer went elsewhere: a failed batch, a restart) is dropped; its read
/// ends on its own.
final class ReadAhead: @unchecked Sendable {
    let after: Int64
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before `done` is signalled; read after the wait.
    private var result: Result<(entries: [LogEntry], received: [ReceivedMessage]), any Error>?

    init(store: EventLogStore, delivery: EventDelivery, after: Int64, limit: Int) {
        self.after = after
        DispatchQueue.global().async { [self] in
            result = Result {
                let entries = try store.entries(topic: delivery.topic, after: after, limit: limit)
                return (entries, entries.map { entry in
                    var message = entry.received
                    message.event = try? delivery.parse(message.payload)
                    return message
                })
            }
            done.signal()
        }
    }

    func wait() throws -> (entries: [LogEntry], received: [ReceivedMessage]) {
        done.wait()
        return try result!.get()
    }
}
