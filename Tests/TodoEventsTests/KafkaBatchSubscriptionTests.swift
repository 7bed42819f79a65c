import Foundation
import Synchronization
import Testing
import TodoCore
import TodoEvents
import TodoStore
import TodoTestSupport

/// `subscribe(topic:group:maxBatch:batchHandler:)` on the Kafka bus against a real broker
/// (tansu): a backlog arrives several messages at a time in per-key order, offsets are
/// committed per batch, and a consumer that dies after its batch's transaction but before the
/// offsets' commit gets the batch again, which an idempotent consumer applies once.
@Suite(.serialized, .enabled(if: TestComponent.tansu.runsTests, "needs tansu: run scripts/test"))
struct KafkaBatchSubscriptionTests {
    /// What a batch handler saw.
    final class Batches: Sendable {
        private let batches = Mutex<[[CloudEvent]]>([])
        func append(_ batch: [CloudEvent]) { batches.withLock { $0.append(batch) } }
        var all: [[CloudEvent]] { batches.withLock { $0 } }

        func wait(forEvents count: Int, timeout: TimeInterval = 40) -> [[CloudEvent]] {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while Set(all.joined().map(\.id)).count < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            return all
        }
    }

    /// A consumer's effects: every event delivered, and those applied (recorded in the
    /// transaction that marks them processed, so only the fresh ones).
    final class Ledger: Sendable {
        let consumer: IdempotentConsumer
        let applied = Mutex<[String]>([])
        let delivered = Mutex<[String]>([])
        let calls = Mutex<Int>(0)
        let died = Mutex<Bool>(false)

        init(consumer: IdempotentConsumer) {
            self.consumer = consumer
        }

        func apply(_ batch: [CloudEvent]) throws {
            delivered.withLock { $0 += batch.map(\.id) }
            try consumer.apply(batch) { fresh, _ in applied.withLock { $0 += fresh.map(\.id) } }
        }
    }

    /// `count` events of `users` users, each user's with sequences 1, 2, 3… (its partition key).
    static func backlog(_ count: Int, users: Int = 4) -> [CloudEvent] {
        (0..<count).map { index in
            CloudEvent(id: "batch-\(index)", source: EventSource.backend, type: TaskEventType.updated.cloudEventType,
                       subject: UUID().lowercasedString, time: Date(), data: .object([]),
                       partitionKey: "user-\(index % users)", sequence: Int64(index / users + 1))
        }
    }

    @Test func aBacklogArrivesInBatchesInPerKeyOrderAndTheGroupResumesAfterIt() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let bus = try fixture.kafkaBus(broker)
        defer { bus.close() }
        let events = Self.backlog(400)
        try bus.publish(events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) })
        let batches = Batches()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 100) { batches.append($0) }
        let received = batches.wait(forEvents: 400)
        subscription.stop()
        #expect(received.joined().count == 400, "each once")
        #expect(received.allSatisfy { $0.count <= 100 })
        #expect(received.contains { $0.count > 1 }, "a backlog comes several messages at a time: \(received.map(\.count))")
        for user in 0..<4 {
            let sequences = received.joined().filter { $0.partitionKey == "user-\(user)" }.compactMap(\.sequence)
            #expect(sequences == Array(1...100).map(Int64.init), "per-key order")
        }
        #expect(fixture.metrics.value("todo_events_consumed_total", [("group", "audit-log-service"), ("topic", EventTopic.taskEvents)]) == 400)

        // The batches' offsets were committed: a new member of the group gets only what follows.
        let later = Self.backlog(404).suffix(4)
        let resumed = Batches()
        let next = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 100) { resumed.append($0) }
        try bus.publish(later.flatMap { $0.messages(topics: [EventTopic.taskEvents]) })
        let after = resumed.wait(forEvents: 4)
        Thread.sleep(forTimeInterval: 0.5)
        next.stop()
        #expect(resumed.all.joined().map(\.id).sorted() == later.map(\.id).sorted(), "\(after.map { $0.map(\.id) })")
    }

    @Test func aBacklogReadAheadWhileABatchIsHandledKeepsPerKeyOrderAndDeadLettersAMalformedMessageOnce() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let bus = try fixture.kafkaBus(broker)
        defer { bus.close() }
        let events = Self.backlog(600, users: 2)
        var messages = events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) }
        // Past the first batch: decoded ahead, on another thread, while a batch is handled.
        messages.insert(TopicMessage(topic: EventTopic.taskEvents, key: "user-0", eventID: "broken", type: "?", payload: "not json"), at: 350)
        try bus.publish(messages)
        let batches = Batches()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 100) { batches.append($0) }
        let received = batches.wait(forEvents: 600)
        subscription.stop()
        #expect(received.joined().count == 600, "each once")
        for user in 0..<2 {
            let sequences = received.joined().filter { $0.partitionKey == "user-\(user)" }.compactMap(\.sequence)
            #expect(sequences == Array(1...300).map(Int64.init), "per-key order")
        }
        #expect(try fixture.store.eventLog.deadLetterCounts().map(\.count) == [1])
    }

    @Test(arguments: TestBackend.available)
    func aConsumerThatDiesBetweenItsTransactionAndTheCommitGetsTheBatchAgainAndAppliesItOnce(backend: TestBackend) throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(backend)
        // Many attempts: the dead consumer keeps failing until it is stopped, and stopping
        // interrupts its delivery rather than dead-lettering anything.
        let bus = try fixture.kafkaBus(broker, attempts: 1_000)
        defer { bus.close() }
        let events = Self.backlog(300)
        try bus.publish(events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) })
        let ledger = Ledger(consumer: IdempotentConsumer(group: "audit-log-service", store: fixture.store.eventLog))

        // The first consumer applies its first batch; on its second the process "dies" right
        // after the transaction committed: every later call fails the same way, and the
        // subscription is stopped without committing the batch's offsets.
        let first = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 50) { batch in
            if ledger.died.withLock({ $0 }) { throw Failure(description: "the process is gone") }
            try ledger.apply(batch)
            if ledger.calls.withLock({ $0 += 1; return $0 }) == 2 {
                ledger.died.withLock { $0 = true }
                throw Failure(description: "died after the transaction, before the offsets' commit")
            }
        }
        let deadline = Date(timeIntervalSinceNow: 40)
        while !ledger.died.withLock({ $0 }), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        first.stop()
        let appliedBeforeDeath = ledger.applied.withLock { $0 }
        #expect(ledger.died.withLock { $0 })
        #expect(appliedBeforeDeath.count > 50, "two batches were applied: \(appliedBeforeDeath.count)")

        // Its successor in the group is handed the uncommitted batch again; nothing is applied twice.
        let second = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 50) { try ledger.apply($0) }
        while ledger.applied.withLock({ $0.count }) < 300, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        Thread.sleep(forTimeInterval: 0.5)
        second.stop()
        let appliedIDs = ledger.applied.withLock { $0 }
        #expect(appliedIDs.count == 300, "each event applied once")
        #expect(Set(appliedIDs) == Set(events.map(\.id)))
        let deliveredIDs = ledger.delivered.withLock { $0 }
        #expect(deliveredIDs.count > Set(deliveredIDs).count, "the batch whose offsets were not committed came again")
        #expect(try fixture.store.eventLog.deadLetterCounts().isEmpty)
    }
}
