import Foundation
import Synchronization
import Testing
import TodoCore
@testable import TodoEvents
import TodoStore
import TodoTestSupport

/// `EventBus.subscribe(topic:group:maxBatch:batchHandler:)` on the embedded bus: a backlog is
/// handed over several events at a time in log order; a batch whose handler throws is
/// delivered again one event at a time; malformed entries are dead-lettered once and left out.
@Suite struct BatchSubscriptionTests {
    final class Batches: Sendable {
        private let batches = Mutex<[[CloudEvent]]>([])
        func append(_ batch: [CloudEvent]) { batches.withLock { $0.append(batch) } }
        var all: [[CloudEvent]] { batches.withLock { $0 } }

        func wait(forEvents count: Int, timeout: TimeInterval = 10) -> [[CloudEvent]] {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while all.joined().count < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return all
        }
    }

    static func event(_ index: Int) -> CloudEvent {
        CloudEvent(id: UUID().lowercasedString, source: EventSource.backend, type: TaskEventType.created.cloudEventType,
                   subject: UUID().lowercasedString, time: Date(), data: .object([("n", .int(Int64(index)))]),
                   partitionKey: "user-a", sequence: Int64(index))
    }

    @Test(arguments: TestBackend.available)
    func aBacklogArrivesInBatchesInLogOrder(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus()
        let events = (1...250).map(Self.event)
        try bus.publish(events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) })
        let batches = Batches()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 100) { batches.append($0) }
        let received = batches.wait(forEvents: 250)
        subscription.stop()
        bus.close()
        #expect(received.joined().map(\.id) == events.map(\.id))
        #expect(received.map(\.count) == [100, 100, 50])
        #expect(fixture.metrics.value("todo_events_consumed_total", [("group", "audit-log-service"), ("topic", EventTopic.taskEvents)]) == 250)
        #expect(try fixture.store.eventLog.committedPosition(group: "audit-log-service", topic: EventTopic.taskEvents) > 0)
    }

    @Test(arguments: TestBackend.available)
    func aFailingBatchIsDeliveredOneEventAtATimeAndAMalformedEntryIsDeadLetteredOnce(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus()
        let events = (1...4).map(Self.event)
        var messages = events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) }
        messages.insert(TopicMessage(topic: EventTopic.taskEvents, key: "user-a", eventID: "broken", type: "?", payload: "not json"), at: 2)
        try bus.publish(messages)
        let batches = Batches()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 10) { batch in
            // The whole batch fails (say, one of its events cannot be applied); single events pass.
            guard batch.count == 1 else { throw Failure(description: "batch refused") }
            batches.append(batch)
        }
        let received = batches.wait(forEvents: 4)
        subscription.stop()
        bus.close()
        #expect(received.map(\.count) == [1, 1, 1, 1])
        #expect(received.joined().map(\.id) == events.map(\.id))
        #expect(try fixture.store.eventLog.deadLetterCounts().map(\.count) == [1])
    }

    @Test(arguments: TestBackend.available)
    func aBatchReadAheadWhileTheOneBeforeIsHandledKeepsTheOrderAndDeadLettersAMalformedEntryOnce(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus()
        let events = (1...250).map(Self.event)
        var messages = events.flatMap { $0.messages(topics: [EventTopic.taskEvents]) }
        // In the second batch, which is read (and decoded) while the first is handled.
        messages.insert(TopicMessage(topic: EventTopic.taskEvents, key: "user-a", eventID: "broken", type: "?", payload: "not json"), at: 150)
        try bus.publish(messages)
        let batches = Batches()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service", maxBatch: 100) { batch in
            // Slow enough that the next batch is read before this one is done.
            Thread.sleep(forTimeInterval: 0.05)
            batches.append(batch)
        }
        let received = batches.wait(forEvents: 250)
        subscription.stop()
        bus.close()
        #expect(received.joined().map(\.id) == events.map(\.id))
        #expect(received.map(\.count) == [100, 99, 51])
        #expect(try fixture.store.eventLog.deadLetterCounts().map(\.count) == [1])
    }
}
