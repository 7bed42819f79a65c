import Foundation
import Testing
import TodoCore
@testable import TodoEvents
import TodoStore
import TodoTestSupport

/// The groups of one embedded bus (the services of `todo serve`) share each event's decoding,
/// and a group that handles a few types skips the rest undecoded; each group still gets
/// everything it asked for, keeps its own position and dead-letters what it cannot read.
@Suite struct SharedDecodingTests {
    @Test func everyGroupOfABusGetsEachEventButItIsDecodedOnce() throws {
        let fixture = try EventFixture(.sqlite)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let audit = Received(), notifications = Received(), live = Received()
        relay.start()
        try fixture.createTasks(30)
        // One group first, then the others (two groups reading an event at the same instant
        // may both decode it: harmless, but it would make the count below vary).
        var subscriptions = [try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { audit.append($0) }]
        let first = audit.wait(for: 30)
        subscriptions += [
            try bus.subscribe(topic: EventTopic.taskEvents, group: "notification-service") { notifications.append($0) },
            try bus.subscribe(topic: EventTopic.taskUpdates, group: "websocket-service") { live.append($0) },
        ]
        let seen = [first, notifications.wait(for: 30), live.wait(for: 30)]
        relay.stop()
        subscriptions.forEach { $0.stop() }
        bus.close()
        #expect(seen.map(\.count) == [30, 30, 30])
        #expect(seen[1] == seen[0] && seen[2] == seen[0])
        // Three groups on two topics, one decoding per event.
        #expect(bus.decoded.decodings == 30)
        #expect(try fixture.store.eventLog.consumerPositions().allSatisfy { $0.lag == 0 })
    }

    @Test func aGroupThatHandlesSomeTypesGetsOnlyThoseAndMovesPastTheRest() throws {
        let fixture = try EventFixture(.sqlite)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let completions = Received()
        let completed = TaskEventType.completed.cloudEventType
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "recurring-task-service", types: [completed]) {
            completions.append($0)
        }
        let tasks = try fixture.createTasks(5)
        // Malformed, and of a type this group does not handle: not this group's to refuse.
        try bus.publish([TopicMessage(topic: EventTopic.taskEvents, key: "k", eventID: "bad-1", type: "com.todo.task.created",
                                      payload: "{not json")])
        relay.start()
        for task in tasks.prefix(2) {
            _ = try fixture.store.completeTask(id: task.id, userID: fixture.user.id, expectedVersion: nil, now: Date())
        }
        try fixture.createTasks(3, prefix: "After")
        // Generous bounds: the whole suite runs at once on two cores, and this test once saw its
        // threads starved past 10 s there (every event still arrived, later).
        let seen = completions.wait(for: 2, timeout: 60)
        // Caught up means every event relayed and read: the lag alone is 0 for a moment between
        // the relay's batches too.
        let deadline = Date(timeIntervalSinceNow: 60)
        while try fixture.store.eventLog.outboxBacklog().count > 0 || fixture.store.eventLog.consumerPositions().first?.lag != 0,
              Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        relay.stop()
        subscription.stop()
        bus.close()
        #expect(seen.map(\.type) == [completed, completed])
        #expect(seen.map(\.subject) == tasks.prefix(2).map { $0.id.lowercasedString })
        #expect(try fixture.store.eventLog.consumerPositions().first?.lag == 0)
        #expect(try fixture.store.eventLog.deadLetters(limit: 10).isEmpty)
        // Only the two completions were decoded.
        #expect(bus.decoded.decodings == 2)
    }

    @Test func aMalformedEventIsDeadLetteredByEachGroupThatReadsIt() throws {
        let fixture = try EventFixture(.sqlite)
        let bus = fixture.bus()
        try bus.publish([TopicMessage(topic: EventTopic.taskEvents, key: "k", eventID: "bad-1", type: "?", payload: "{not json")])
        let marker = UUID.random()
        let last = CloudEvent(id: "m-1", source: EventSource.backend, type: "com.todo.task.created", subject: marker.lowercasedString,
                              data: .object([]))
        try bus.publish(last.messages(topics: [EventTopic.taskEvents]))
        let audit = Received(), notifications = Received()
        let subscriptions = [
            try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { audit.append($0) },
            try bus.subscribe(topic: EventTopic.taskEvents, group: "notification-service") { notifications.append($0) },
        ]
        let seen = [audit.untilMarker(marker), notifications.untilMarker(marker)]
        subscriptions.forEach { $0.stop() }
        bus.close()
        #expect(seen.map(\.count) == [0, 0])
        let counts = try fixture.store.eventLog.deadLetterCounts().map { "\($0.group) \($0.topic) \($0.count)" }.sorted()
        #expect(counts == ["audit-log-service task-events 1", "notification-service task-events 1"])
        #expect(fixture.metrics.value("todo_events_rejected_total", [("reason", "not_json")]) == 2)
    }

    @Test func aPayloadWithTheIdOfAnotherIsDecodedAfresh() throws {
        let decoded = DecodedEvents(capacity: 2)
        let first = CloudEvent(id: "e-1", source: EventSource.backend, type: "com.todo.task.created", data: .object([]))
        var letter = first
        letter.extensions["dlqreason"] = .string("template missing")
        #expect(try decoded.decode(first.encodedString, eventID: "e-1").get() == first)
        #expect(try decoded.decode(first.encodedString, eventID: "e-1").get() == first)
        #expect(decoded.decodings == 1)
        // A dead letter keeps its event's id with another text.
        #expect(try decoded.decode(letter.encodedString, eventID: "e-1").get() == letter)
        #expect(decoded.decodings == 2)
        // Past its capacity the oldest ids are forgotten, and decoded again when they come back.
        for id in ["e-2", "e-3"] {
            _ = decoded.decode(CloudEvent(id: id, source: EventSource.backend, type: "com.todo.task.created").encodedString, eventID: id)
        }
        #expect(try decoded.decode(letter.encodedString, eventID: "e-1").get() == letter)
        #expect(decoded.decodings == 5)
    }
}
