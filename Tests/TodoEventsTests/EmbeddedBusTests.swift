import Foundation
import Synchronization
import Testing
import TodoCore
import TodoLog
@testable import TodoEvents
import TodoStore
import TodoTestSupport

/// What a test handler saw, safe to read from the test thread.
final class Received: Sendable {
    private let events = Mutex<[CloudEvent]>([])
    func append(_ event: CloudEvent) { events.withLock { $0.append(event) } }
    var all: [CloudEvent] { events.withLock { $0 } }

    /// Waits up to `timeout` for the event whose subject is `marker`, then returns what came
    /// before it. Events of one user arrive in order, so once a marker written after a burst is
    /// here, every event of the burst is too: no quiet period to guess.
    func untilMarker(_ marker: UUID, timeout: TimeInterval = 10) -> [CloudEvent] {
        let subject = marker.lowercasedString
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !all.contains(where: { $0.subject == subject }), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return Array(all.prefix { $0.subject != subject })
    }

    /// Waits up to `timeout` for at least `count` events.
    func wait(for count: Int, timeout: TimeInterval = 10) -> [CloudEvent] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while all.count < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return all
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
}

/// A store, a user and the event backbone over it, quiet logs.
struct EventFixture {
    let database: TestDatabase
    let store: any TaskStore
    let user: User
    let metrics = EventMetrics()
    static let quiet: EventLogLine = { _, _, _ in }

    init(_ backend: TestBackend) throws {
        database = try TestDatabase(backend)
        store = try StoreFactory.open(DatabaseURL(database.url))
        user = try store.createUser(email: "events@example.com", name: nil, passwordHash: nil, now: Date())
    }

    func reopen() throws -> any TaskStore { try StoreFactory.open(DatabaseURL(database.url)) }

    func bus(_ store: (any TaskStore)? = nil, attempts: Int = 3) -> EmbeddedEventBus {
        EmbeddedEventBus(store: (store ?? self.store).eventLog, metrics: metrics,
                         policy: RetryPolicy(maxAttempts: attempts, initialBackoff: 0.01, maxBackoff: 0.02), log: Self.quiet)
    }

    func relay(_ bus: any EventBus, owner: String = "relay-a", store: (any TaskStore)? = nil, ttl: TimeInterval = 5,
               log: @escaping EventLogLine = EventFixture.quiet) -> OutboxRelay {
        var configuration = OutboxRelay.Configuration(owner: owner)
        configuration.leaseTTL = ttl
        configuration.pollInterval = 0.02
        configuration.maxBackoff = 0.1
        return OutboxRelay(store: (store ?? self.store).eventLog, bus: bus, configuration: configuration, metrics: metrics, log: log)
    }

    @discardableResult
    func createTasks(_ count: Int, prefix: String = "Task") throws -> [TodoTask] {
        try (0..<count).map { try store.createTask(TaskDraft(title: "\(prefix) \($0)", timezone: "UTC"), userID: user.id, now: Date()) }
    }
}

@Suite struct EmbeddedBusTests {
    @Test(arguments: TestBackend.available)
    func everyChangeReachesEverySubscriberInPerUserOrder(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let lifecycle = Received(), updates = Received()
        let first = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { lifecycle.append($0) }
        let second = try bus.subscribe(topic: EventTopic.taskUpdates, group: "websocket-service") { updates.append($0) }
        relay.start()
        let tasks = try fixture.createTasks(40)
        _ = try fixture.store.completeTask(id: tasks[0].id, userID: fixture.user.id, expectedVersion: nil, now: Date())
        _ = try fixture.store.deleteTask(id: tasks[1].id, userID: fixture.user.id, expectedVersion: nil, now: Date())
        let seen = lifecycle.wait(for: 42)
        let shown = updates.wait(for: 42)
        relay.stop()
        first.stop()
        second.stop()
        bus.close()
        #expect(seen.count == 42)
        #expect(shown.map(\.id) == seen.map(\.id))
        #expect(seen.compactMap(\.sequence) == Array(1...42).map(Int64.init))
        #expect(Set(seen.map(\.id)).count == 42)
        #expect(seen.last?.type == "com.todo.task.deleted")
        #expect(seen.allSatisfy { $0.partitionKey == fixture.user.id.lowercasedString && $0.source == EventSource.backend })
        #expect(try fixture.store.eventLog.outboxBacklog().count == 0)
        #expect(fixture.metrics.value("todo_events_relayed_total", [("topic", EventTopic.taskEvents)]) == 42)
    }

    /// The services give requests the cores first: a consumer's handler and the relay run 10
    /// nice levels below the thread that started them (a request worker's level).
    @Test func consumersAndTheRelayRunBelowTheRequestsPriority() throws {
        let fixture = try EventFixture(.sqlite)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let handlerPriority = Mutex<Int32?>(nil)
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { _ in
            handlerPriority.withLock { $0 = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        }
        relay.start()
        try fixture.createTasks(1)
        let deadline = Date(timeIntervalSinceNow: 10)
        while handlerPriority.withLock({ $0 }) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let relayThread = try #require(try threadNiceLevels()["outbox relay"])
        relay.stop()
        subscription.stop()
        bus.close()
        let requests = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #expect(handlerPriority.withLock { $0 } == min(19, requests + 10))
        #expect(relayThread == min(19, requests + 10))
    }

    /// The nice level of each thread of this process, by the name the kernel knows it by.
    private func threadNiceLevels() throws -> [String: Int32] {
        var levels: [String: Int32] = [:]
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
            guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                  let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let afterName = stat.range(of: ") ", options: .backwards) else { continue }
            // Fields after the name start with the state (field 3); the nice level is field 19.
            let fields = stat[afterName.upperBound...].split(separator: " ")
            if fields.count > 16, let nice = Int32(fields[16]) { levels[name.trimmingCharacters(in: .newlines)] = nice }
        }
        return levels
    }

    @Test(arguments: TestBackend.available)
    func aRestartResumesWhereEachGroupStopped(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let before = Received()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "recurring-task-service") { before.append($0) }
        relay.start()
        try fixture.createTasks(10)
        #expect(before.wait(for: 10).count == 10)
        subscription.stop()
        relay.stop()
        bus.close()
        fixture.store.close()

        // Written while no relay or consumer runs, then a new process's bus picks up.
        let store = try fixture.reopen()
        defer { store.close() }
        for index in 0..<5 {
            _ = try store.createTask(TaskDraft(title: "Later \(index)", timezone: "UTC"), userID: fixture.user.id, now: Date())
        }
        let bus2 = fixture.bus(store)
        let relay2 = fixture.relay(bus2, owner: "relay-b", store: store)
        let after = Received()
        let resumed = try bus2.subscribe(topic: EventTopic.taskEvents, group: "recurring-task-service") { after.append($0) }
        relay2.start()
        let later = after.wait(for: 5)
        let marker = try store.createTask(TaskDraft(title: "Marker", timezone: "UTC"), userID: fixture.user.id, now: Date())
        let beforeMarker = after.untilMarker(marker.id)
        resumed.stop()
        relay2.stop()
        bus2.close()
        #expect(later.count == 5)
        #expect(beforeMarker.count == 5, "nothing but the five arrives before the marker")
        #expect(Set(later.map(\.id)).isDisjoint(with: before.all.map(\.id)))
        #expect(later.compactMap(\.sequence) == Array(11...15).map(Int64.init))
    }

    @Test(arguments: TestBackend.available)
    func redeliveredEventsAreAppliedOnce(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        try fixture.store.eventLog.database.write { db in
            try db.executeScript("CREATE TABLE applied (event_id TEXT NOT NULL)")
        }
        let consumer = IdempotentConsumer(group: "audit-log-service", store: fixture.store.eventLog)
        let bus = fixture.bus()
        let relay = fixture.relay(bus)
        let failedOnce = Mutex<Set<String>>([])
        let handled = Received()
        // Every event's effect is written, then the handler fails once after it: the bus
        // delivers it again, and the second delivery must change nothing.
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { event in
            try consumer.apply(event) { db in try db.execute("INSERT INTO applied (event_id) VALUES (?)", [.text(event.id)]) }
            let first = failedOnce.withLock { $0.insert(event.id).inserted }
            if first { throw Failure(description: "lost the connection after the commit") }
            handled.append(event)
        }
        relay.start()
        try fixture.createTasks(8)
        #expect(handled.wait(for: 8).count == 8)
        subscription.stop()
        relay.stop()
        bus.close()
        let counts = try fixture.store.eventLog.database.read { db in
            var rows: [(String, Int64)] = []
            try db.query("SELECT event_id, count(*) FROM applied GROUP BY event_id", []) { rows.append(($0.text(0), $0.int64(1))) }
            return rows
        }
        #expect(counts.count == 8)
        #expect(counts.allSatisfy { $0.1 == 1 })
        #expect(fixture.metrics.value("todo_event_handler_failures_total", [("group", "audit-log-service"), ("topic", EventTopic.taskEvents)]) == 8)
    }

    @Test(arguments: TestBackend.available)
    func aHandlerThatKeepsFailingSendsItsEventToTheDeadLetterTopicAndMovesOn(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let bus = fixture.bus(attempts: 3)
        let relay = fixture.relay(bus)
        let tasks = try fixture.createTasks(3)
        let poisoned = tasks[1].id.lowercasedString
        let handled = Received()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "notification-service") { event in
            if event.subject == poisoned { throw Failure(description: "template missing") }
            handled.append(event)
        }
        // A malformed message on the topic is dead-lettered too, with its reason.
        try bus.publish([TopicMessage(topic: EventTopic.taskEvents, key: "k", eventID: "bad-1", type: "?", payload: "{not json")])
        relay.start()
        try fixture.createTasks(1, prefix: "After")
        let marker = try #require(try fixture.createTasks(1, prefix: "Marker").first)
        let seen = handled.untilMarker(marker.id)
        subscription.stop()
        relay.stop()
        bus.close()
        #expect(seen.count == 3)
        #expect(!seen.contains { $0.subject == poisoned })
        let letters = try fixture.store.eventLog.deadLetters(limit: 10)
        #expect(letters.count == 2)
        #expect(letters.contains { $0.eventID == "bad-1" && $0.attempts == 0 && $0.error.contains("not valid JSON") })
        #expect(letters.contains { $0.error == "template missing" && $0.attempts == 3 && $0.group == "notification-service" })
        let counts = try fixture.store.eventLog.deadLetterCounts()
        #expect(counts.map { "\($0.group) \($0.topic) \($0.count)" } == ["notification-service task-events 2"])
        let dlq = try fixture.store.eventLog.entries(topic: EventTopic.deadLetter(of: EventTopic.taskEvents), after: 0, limit: 10)
        #expect(dlq.count == 2)
        let wrapped = try dlq.map { try CloudEvent(decoding: Array($0.message.payload.utf8)) }
        #expect(wrapped.contains { $0.subject == poisoned && $0.extensions["dlqreason"] == .string("template missing") })
        #expect(wrapped.contains { $0.type == "com.todo.event.rejected" })
        #expect(fixture.metrics.value("todo_events_rejected_total", [("reason", "not_json")]) == 1)
        #expect(try fixture.store.eventLog.consumerPositions().first?.lag == 0)
    }

    @Test func aRelayKilledOnThisHostIsTakenOverAtOnce() throws {
        let fixture = try EventFixture(.sqlite)
        let log = fixture.store.eventLog
        // The lease of a process that exited (kill -9 leaves it held for its whole TTL).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let deadOwner = "\(ProcessInfo.processInfo.hostName):\(gone.processIdentifier):dead"
        #expect(try log.acquireLease("outbox-relay", owner: deadOwner, ttl: 60, now: Date()))
        // A live process's lease is respected.
        let liveOwner = "\(ProcessInfo.processInfo.hostName):1:alive"
        #expect(!OutboxRelay.isDeadProcessOnThisHost(liveOwner))
        #expect(!OutboxRelay.isDeadProcessOnThisHost("elsewhere:\(gone.processIdentifier):x"))
        try fixture.createTasks(2)
        let bus = fixture.bus()
        let relay = fixture.relay(bus, owner: "\(ProcessInfo.processInfo.hostName):\(getpid()):new")
        relay.start()
        let deadline = Date(timeIntervalSinceNow: 3)
        while try log.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        relay.stop()
        #expect(try log.outboxBacklog().count == 0)
    }

    /// A replica started with another bus (the embedded default, beside a Kafka deployment)
    /// must not take the deployment's events where none of its consumers reads: the first relay
    /// records its bus, another bus's relay waits, and relays once the database is switched.
    @Test(arguments: TestBackend.available)
    func aRelayOfAnotherBusDoesNotRelayUntilTheDatabaseIsSwitched(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let log = fixture.store.eventLog
        #expect(try log.recordedEventBus() == nil)
        #expect(try log.claimEventBus("kafka", now: Date()) == "kafka")
        #expect(try log.claimEventBus("embedded", now: Date()) == "kafka", "the first relay decides")
        try fixture.createTasks(3)
        let lines = Mutex<[String]>([])
        let bus = fixture.bus()
        let relay = fixture.relay(bus, ttl: 0.6) { _, message, fields in
            lines.withLock { $0.append(message + " " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")) }
        }
        relay.start()
        Thread.sleep(forTimeInterval: 0.8)
        #expect(try log.outboxBacklog().count == 3)
        #expect(!relay.isLeader)
        let refusal = lines.withLock { $0 }.first { $0.hasPrefix("outbox relay is not relaying") }
        #expect(refusal?.contains("recorded_bus=kafka") == true, "\(lines.withLock { $0 })")
        #expect(fixture.metrics.value("todo_relay_errors_total") == 1)

        try log.switchEventBus(to: "embedded", now: Date())
        let deadline = Date(timeIntervalSinceNow: 5)
        while try log.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        relay.stop()
        bus.close()
        #expect(try log.outboxBacklog().count == 0)
        #expect(try log.recordedEventBus()?.kind == "embedded")
    }

    @Test func theLeaderTrimsWhatIsOlderThanTheRetention() throws {
        let fixture = try EventFixture(.sqlite)
        let log = fixture.store.eventLog
        let old = CloudEvent(id: "old", source: EventSource.backend, type: "com.todo.task.created", data: .object([]))
        try log.append(old.messages(), now: Date(timeIntervalSinceNow: -8 * 24 * 3600))
        try fixture.createTasks(1)
        let relay = fixture.relay(fixture.bus())
        relay.start()
        let deadline = Date(timeIntervalSinceNow: 5)
        while try log.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        relay.stop()
        let left = try log.entries(topic: nil, after: 0, limit: 10).map(\.message.eventID)
        #expect(!left.contains("old"))
        #expect(left.count == 2)
    }

    @Test func unknownTypesAndOversizedEventsAreRefusedWithAReasonAndTheGroupMovesOn() throws {
        let fixture = try EventFixture(.sqlite)
        let bus = fixture.bus()
        let unknown = CloudEvent(id: "u-1", source: "/elsewhere", type: "com.example.invoice.paid", data: .object([]))
        let huge = CloudEvent(id: "h-1", source: EventSource.backend, type: "com.todo.task.created",
                              data: .string(String(repeating: "x", count: CloudEvent.maxEncodedSize)))
        try bus.publish(unknown.messages(topics: [EventTopic.taskEvents]) + huge.messages(topics: [EventTopic.taskEvents]))
        let fine = CloudEvent(id: "f-1", source: EventSource.backend, type: "com.todo.task.created", data: .object([]))
        try bus.publish(fine.messages(topics: [EventTopic.taskEvents]))
        let marker = UUID.random()
        let last = CloudEvent(id: "m-1", source: EventSource.backend, type: "com.todo.task.created", subject: marker.lowercasedString, data: .object([]))
        try bus.publish(last.messages(topics: [EventTopic.taskEvents]))
        let handled = Received()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { handled.append($0) }
        let seen = handled.untilMarker(marker)
        subscription.stop()
        bus.close()
        #expect(seen.map(\.id) == ["f-1"])
        let letters = try fixture.store.eventLog.deadLetters(limit: 10)
        #expect(letters.contains { $0.error == "unknown event type \"com.example.invoice.paid\"" })
        #expect(letters.contains { $0.error.contains("more than the 524288 allowed") })
        #expect(fixture.metrics.value("todo_events_rejected_total", [("reason", "unknown_type")]) == 1)
        #expect(fixture.metrics.value("todo_events_rejected_total", [("reason", "too_large")]) == 1)
    }

    @Test(arguments: TestBackend.available)
    func twoRelaysOnOneDatabaseNeverDoublePublishAndOneTakesOverFromTheOther(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let otherStore = try fixture.reopen()
        defer { otherStore.close() }
        let busA = fixture.bus(), busB = fixture.bus(otherStore)
        let relayA = fixture.relay(busA, owner: "relay-a", ttl: 3)
        let relayB = fixture.relay(busB, owner: "relay-b", store: otherStore, ttl: 3)
        relayA.start()
        relayB.start()
        // Writers on both "replicas" while both relays run.
        let userID = fixture.user.id
        let writers = (0..<4).map { index in
            Thread { [store = index % 2 == 0 ? fixture.store : otherStore] in
                for number in 0..<50 {
                    _ = try? store.createTask(TaskDraft(title: "W\(index) \(number)", timezone: "UTC"), userID: userID, now: Date())
                }
            }
        }
        writers.forEach { $0.start() }
        let deadline = Date(timeIntervalSinceNow: 20)
        while try fixture.store.eventLog.entries(topic: EventTopic.taskEvents, after: 0, limit: 1_000).count < 200, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(relayA.isLeader != relayB.isLeader)
        // The leader stops (its lease released); the other relays what is written next.
        let (leader, follower) = relayA.isLeader ? (relayA, relayB) : (relayB, relayA)
        leader.stop()
        try fixture.createTasks(10, prefix: "After")
        while try fixture.store.eventLog.entries(topic: EventTopic.taskEvents, after: 0, limit: 1_000).count < 210, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(follower.isLeader)
        follower.stop()
        let entries = try fixture.store.eventLog.entries(topic: EventTopic.taskEvents, after: 0, limit: 1_000)
        #expect(entries.count == 210)
        #expect(Set(entries.map(\.message.eventID)).count == 210)
        let sequences = try entries.map { try CloudEvent(decoding: Array($0.message.payload.utf8)).sequence ?? 0 }
        #expect(sequences == Array(1...210).map(Int64.init))
    }

    @Test(arguments: TestBackend.available)
    func aDeadRelaysLeaseIsTakenOverWhenItExpires(backend: TestBackend) throws {
        let fixture = try EventFixture(backend)
        let log = fixture.store.eventLog
        // A relay that died holding the lease (kill -9: it never released it).
        let died = Date()
        #expect(try log.acquireLease("outbox-relay", owner: "dead", ttl: 1, now: died))
        #expect(try !log.acquireLease("outbox-relay", owner: "other", ttl: 1, now: died.addingTimeInterval(0.5)))
        let bus = fixture.bus()
        let relay = fixture.relay(bus, owner: "survivor", ttl: 0.6)
        try fixture.createTasks(3)
        relay.start()
        let deadline = Date(timeIntervalSinceNow: 10)
        while try log.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try log.outboxBacklog().count == 0)
        #expect(try log.leaseHolder("outbox-relay")?.owner == "survivor")
        // A relay whose lease was taken writes nothing.
        #expect(throws: EventLogError.self) {
            try log.completeRelay(positions: [1], appending: [], lease: "outbox-relay", owner: "dead", ttl: 1, now: Date())
        }
        relay.stop()
        #expect(try log.leaseHolder("outbox-relay") == nil)
    }
}

/// What a consumer says when it gives an event up.
@Suite struct DeadLetterLogTests {
    /// While the database is down the dead letter cannot be written either: the event is kept
    /// and comes again, and the log must not say it went to the dead-letter topic.
    @Test func aDeadLetterThatCannotBeWrittenIsNotLoggedAsSent() throws {
        let fixture = try EventFixture(.sqlite)
        let lines = Mutex<[(Logger.Level, String)]>([])
        let log: EventLogLine = { level, message, _ in lines.withLock { $0.append((level, message)) } }
        let office = DeadLetterOffice(store: fixture.store.eventLog, metrics: fixture.metrics) { _ in throw Failure(description: "database down") }
        let delivery = EventDelivery(topic: EventTopic.taskEvents, group: "audit-log-service",
                                     handler: { _ in throw Failure(description: "database down") },
                                     policy: RetryPolicy(maxAttempts: 1, initialBackoff: 0.01, maxBackoff: 0.01),
                                     metrics: fixture.metrics, deadLetters: office, log: log)
        let event = CloudEvent(id: "e-1", source: "/test", type: "com.todo.task.created", time: Date(), data: .object([]))
        #expect(delivery.attempt(event, payload: event.encodedString, key: "k", number: 1) == .interrupted)
        let logged = lines.withLock { $0 }
        #expect(!logged.contains { $0.1.contains("sent to the dead-letter topic") }, "\(logged)")
        #expect(logged.contains { $0.0 == .warning && $0.1.contains("cannot be written; the event is kept and comes again") }, "\(logged)")
    }
}

@Suite struct MetricHelpTests {
    /// Every counter the sources increment says what it counts on /metrics (one said only its
    /// own name).
    @Test func everyCounterHasItsHelpText() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var names: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /increment\("(todo_[a-z0-9_]+)"/) { names.insert(String(match.output.1)) }
        }
        #expect(names.count > 20)
        #expect(names.filter { EventMetrics.help[$0] == nil }.sorted() == [])
    }
}
