import Foundation
import Synchronization
import TodoLog
import TodoStore

/// Moves committed outbox rows to the bus in order and removes them once the bus acknowledged
/// them (DESIGN §7). One relay per database is active: the holder of a lease row, renewed with
/// every batch; when it dies, another takes over once the lease expires. While the bus is down
/// the relay retries with backoff and the outbox grows; the API keeps accepting writes.
public final class OutboxRelay: Sendable {
    public struct Configuration: Sendable {
        public var leaseName = "outbox-relay"
        /// Who this relay is, in the lease row and `todo events status`.
        public var owner: String
        /// A dead relay's lease is taken over after this long.
        public var leaseTTL: TimeInterval = 5
        /// Outbox rows per batch; by default the bus's `relayBatchSize`.
        public var batchSize: Int?
        /// Look at the outbox after this long even without a commit of this process (the CLI
        /// or another replica may have written).
        public var pollInterval: TimeInterval = 0.1
        public var maxBackoff: TimeInterval = 2
        /// The embedded log and the processed-event ids keep this long (a week, as Kafka's
        /// default retention); the leader trims them hourly.
        public var retention: TimeInterval = 7 * 24 * 3600

        public init(owner: String = Configuration.defaultOwner()) {
            self.owner = owner
        }

        /// `host:pid:random`, unique per process.
        public static func defaultOwner() -> String {
            "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8).lowercased())"
        }
    }

    public let configuration: Configuration
    let store: EventLogStore
    let bus: any EventBus
    let metrics: EventMetrics
    let log: EventLogLine
    private let loop = LoopThread()
    private let wake = WakeSignal()
    private let leading = Atomic<Bool>(false)

    public init(store: EventLogStore, bus: any EventBus, configuration: Configuration, metrics: EventMetrics, log: @escaping EventLogLine) {
        self.store = store
        self.bus = bus
        var configuration = configuration
        // A relay blocked in a publish cannot renew its lease: were it shorter than the wait,
        // another relay would take over and publish the same backlog at once.
        if let wait = bus.publishTimeout { configuration.leaseTTL = max(configuration.leaseTTL, wait + 5) }
        self.configuration = configuration
        self.metrics = metrics
        self.log = log
    }

    /// True while this relay holds the lease.
    public var isLeader: Bool { leading.load(ordering: .relaxed) }

    public func start() {
        loop.start(name: "outbox relay") { [self] in run() }
    }

    /// Stops after the batch in progress and gives the lease up, so a replica takes over at once.
    public func stop() {
        let stopped = loop.stop {
            wake.signal()
            store.outboxChanges.signal()
        }
        guard stopped else { return }
        if isLeader { try? store.releaseLease(configuration.leaseName, owner: configuration.owner) }
        leading.store(false, ordering: .relaxed)
    }

    private var isStopping: Bool { loop.isStopping }

    /// True for an owner `host:pid:…` of this host whose process no longer exists.
    public static func isDeadProcessOnThisHost(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count == 3, parts[0] == Substring(ProcessInfo.processInfo.hostName), let pid = Int32(parts[1]), pid > 0,
              pid != getpid() else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    private func run() {
        var lastRenewal = Date.distantPast
        var lastTrim = Date.distantPast
        var lastRefusal = Date.distantPast
        var failures = 0
        while !isStopping {
            do {
                if !isLeader || Date().timeIntervalSince(lastRenewal) > configuration.leaseTTL / 3 {
                    let now = Date()
                    let recorded = try store.claimEventBus(bus.kind, now: now)
                    guard recorded == bus.kind else {
                        // Relayed here, the deployment's events would reach none of its consumers.
                        if isLeader { try? store.releaseLease(configuration.leaseName, owner: configuration.owner) }
                        leading.store(false, ordering: .relaxed)
                        if now.timeIntervalSince(lastRefusal) > 60 {
                            lastRefusal = now
                            metrics.increment("todo_relay_errors_total")
                            log(.error, "outbox relay is not relaying: this database's events go to another bus",
                                [("bus", bus.kind), ("recorded_bus", recorded),
                                 ("fix", "start this process with TODO_EVENT_BUS=\(recorded), or, if the deployment moved, run TODO_EVENT_BUS=\(bus.kind) todo events switch-bus")])
                        }
                        wake.wait(after: wake.current, timeout: configuration.leaseTTL / 3)
                        continue
                    }
                    var won = try store.acquireLease(configuration.leaseName, owner: configuration.owner, ttl: configuration.leaseTTL, now: now)
                    if !won, let holder = try store.leaseHolder(configuration.leaseName), Self.isDeadProcessOnThisHost(holder.owner) {
                        // Killed (-9) on this machine: its lease need not run out first.
                        won = try store.takeOverLease(configuration.leaseName, from: holder.owner, owner: configuration.owner,
                                                      ttl: configuration.leaseTTL, now: now)
                    }
                    if won != isLeader {
                        log(.info, won ? "outbox relay took the lease" : "outbox relay lost the lease",
                            [("owner", configuration.owner), ("bus", bus.kind)])
                    }
                    leading.store(won, ordering: .relaxed)
                    lastRenewal = now
                    if !won {
                        wake.wait(after: wake.current, timeout: configuration.leaseTTL / 3)
                        continue
                    }
                }
                if Date().timeIntervalSince(lastTrim) > 3600 {
                    lastTrim = Date()
                    let removed = try store.trim(before: lastTrim.addingTimeInterval(-configuration.retention))
                    if removed > 0 { log(.info, "event log trimmed", [("entries", String(removed))]) }
                }
                let seen = store.outboxChanges.current
                let relayed = try relayBatch()
                if relayed == 0 {
                    store.outboxChanges.wait(after: seen, timeout: configuration.pollInterval)
                } else {
                    lastRenewal = Date()
                }
                if failures > 0 {
                    log(.info, "outbox relay recovered", [("bus", bus.kind), ("failed_attempts", String(failures))])
                    failures = 0
                }
            } catch let error as EventLogError {
                log(.warning, "outbox relay stopped publishing", [("reason", error.description)])
                leading.store(false, ordering: .relaxed)
            } catch {
                failures += 1
                metrics.increment("todo_relay_errors_total")
                let backoff = min(configuration.maxBackoff, 0.05 * pow(2, Double(min(failures, 10))))
                log(failures == 1 ? .error : .warning, "outbox relay cannot publish, retrying",
                    [("bus", bus.kind), ("attempt", String(failures)), ("retry_in_ms", String(Int(backoff * 1000))),
                     ("error", String(describing: error))])
                wake.wait(after: wake.current, timeout: backoff)
            }
        }
    }

    /// Relays one batch; returns how many outbox rows it moved. Public for benchmarks and tests
    /// that drive the relay step by step (the lease must be held).
    @discardableResult
    public func relayBatch() throws -> Int {
        let batch = try store.pendingOutbox(limit: configuration.batchSize ?? bus.relayBatchSize)
        guard !batch.isEmpty else { return 0 }
        var messages: [TopicMessage] = []
        messages.reserveCapacity(batch.count * 2)
        for record in batch {
            do {
                messages += try CloudEvent(outbox: record).messages()
            } catch {
                // The store writes valid JSON; a row that is not cannot be sent, and must not block
                // the rest: it is kept as a dead letter before its row is removed.
                metrics.increment("todo_events_rejected_total", [("reason", error.reason)])
                log(.error, "outbox row cannot be sent", [("position", String(record.position)), ("error", error.description)])
                try store.recordDeadLetter(DeadLetter(group: "outbox-relay", topic: EventTopic.topics(forType: record.type)[0],
                                                      eventID: record.eventID.lowercasedString, error: error.description, attempts: 0,
                                                      payload: record.data, failedAt: Date()))
            }
        }
        let positions = batch.map(\.position)
        if bus.sharesOutboxDatabase {
            try store.completeRelay(positions: positions, appending: messages, lease: configuration.leaseName,
                                    owner: configuration.owner, ttl: configuration.leaseTTL, now: Date())
        } else {
            do {
                try bus.publish(messages)
            } catch {
                metrics.increment("todo_publish_errors_total", [("bus", bus.kind)])
                throw error
            }
            try store.completeRelay(positions: positions, appending: [], lease: configuration.leaseName, owner: configuration.owner,
                                    ttl: configuration.leaseTTL, now: Date())
        }
        var perTopic: [String: Int] = [:]
        for message in messages { perTopic[message.topic, default: 0] += 1 }
        for (topic, count) in perTopic { metrics.increment("todo_events_relayed_total", [("topic", topic)], by: Double(count)) }
        return batch.count
    }
}
