import Foundation
import Synchronization
import Testing
import TodoCore
import TodoEvents
import TodoStore
import TodoTestSupport

extension EventFixture {
    func kafkaBus(_ broker: TansuBroker, attempts: Int = 3, messageTimeout: TimeInterval = 10,
                  log: @escaping EventLogLine = EventFixture.quiet) throws -> KafkaEventBus {
        var settings = KafkaSettings(brokers: broker.brokers)
        settings.messageTimeout = messageTimeout
        return try KafkaEventBus(settings: settings, store: store.eventLog, metrics: metrics,
                                 policy: RetryPolicy(maxAttempts: attempts, initialBackoff: 0.01, maxBackoff: 0.02), log: log)
    }
}

/// Log lines a test can look at.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var line: EventLogLine {
        { [self] level, message, fields in
            lines.withLock { $0.append("\(level) \(message) " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")) }
        }
    }
    var all: [String] { lines.withLock { $0 } }
}

/// The Kafka bus against a real Kafka-protocol broker (tansu), with the current librdkafka.
@Suite(.serialized, .enabled(if: TestComponent.tansu.runsTests, "needs tansu: run scripts/test"))
struct KafkaBusTests {
    @Test(arguments: TestBackend.available)
    func relaysEveryChangeInPerUserOrderAndCommitsOffsetsPerGroup(backend: TestBackend) throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(backend)
        let other = try fixture.store.createUser(email: "other@example.com", name: nil, passwordHash: nil, now: Date())
        let bus = try fixture.kafkaBus(broker)
        let relay = fixture.relay(bus)
        relay.start()
        for index in 0..<30 {
            _ = try fixture.store.createTask(TaskDraft(title: "Mine \(index)", timezone: "UTC"), userID: fixture.user.id, now: Date())
            _ = try fixture.store.createTask(TaskDraft(title: "Theirs \(index)", timezone: "UTC"), userID: other.id, now: Date())
        }
        let received = Received()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { received.append($0) }
        let events = received.wait(for: 60, timeout: 40)
        subscription.stop()
        #expect(events.count == 60)
        for user in [fixture.user.id, other.id] {
            let mine = events.filter { $0.partitionKey == user.lowercasedString }
            #expect(mine.compactMap(\.sequence) == Array(1...30).map(Int64.init), "per-user order")
        }
        #expect(try fixture.store.eventLog.outboxBacklog().count == 0)

        // The group committed its offsets: a new member resumes after them.
        for index in 0..<3 { _ = try fixture.store.createTask(TaskDraft(title: "Later \(index)", timezone: "UTC"), userID: fixture.user.id, now: Date()) }
        let later = Received()
        let resumed = try bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { later.append($0) }
        let marker = try fixture.store.createTask(TaskDraft(title: "Marker", timezone: "UTC"), userID: fixture.user.id, now: Date())
        let next = later.untilMarker(marker.id, timeout: 40)
        resumed.stop()
        relay.stop()
        defer { bus.close() }
        #expect(next.compactMap(\.sequence) == [31, 32, 33], "exactly the three, once each, before the marker")

        // The brokers know the group's position: nothing left, then what was written since.
        var caughtUp = try KafkaGroupLag.positions(settings: KafkaSettings(brokers: broker.brokers))
        #expect(caughtUp.first { $0.group == "audit-log-service" && $0.topic == EventTopic.taskEvents }?.lag == 0, "\(caughtUp)")
        try bus.publish((0..<5).flatMap { index in
            CloudEvent(id: "unread-\(index)", source: EventSource.backend, type: "com.todo.task.updated", partitionKey: "k\(index)")
                .messages(topics: [EventTopic.taskEvents])
        })
        caughtUp = try KafkaGroupLag.positions(settings: KafkaSettings(brokers: broker.brokers))
        // More than 0 rather than 5: tansu 0.6 answers a partition's high watermark as the last
        // record batch's base offset + 1 (3 records in one batch: 1), so it undercounts.
        #expect((caughtUp.first { $0.group == "audit-log-service" && $0.topic == EventTopic.taskEvents }?.lag ?? 0) > 0, "\(caughtUp)")
    }

    /// `todo events tail` on Kafka prints the newest events, read from the end of each
    /// partition (it read the topic from its start and stopped once a fetch paused for 2 s,
    /// minutes behind on a big topic), in time order across partitions.
    @Test func theTailPrintsTheNewestEventsOfABigTopic() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let bus = try fixture.kafkaBus(broker)
        defer { bus.close() }
        let messages = (1...2_000).map { number in
            let event = CloudEvent(id: "tail-\(number)", source: "/test", type: "com.todo.task.created",
                                   time: Date(timeIntervalSince1970: 1_800_000_000 + Double(number)),
                                   data: .object([("task", .object([("number", .int(Int64(number))), ("title", .string("Task \(number)"))]))]))
            return TopicMessage(topic: EventTopic.taskEvents, key: "user-\(number % 7)", eventID: event.id, type: event.type,
                                payload: event.encodedString)
        }
        try bus.publish(messages)
        let started = Date()
        let tail = try TodoBinary.run(["events", "tail", "--limit", "3", "--db", fixture.database.url],
                                      environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers])
        #expect(tail.status == 0, "\(tail)")
        #expect(Date().timeIntervalSince(started) < 15)
        let numbers = tail.stdout.split(separator: "\n").map { line in line.split(separator: " ").first { $0.hasPrefix("#") } ?? "" }
        #expect(numbers == ["#1998", "#1999", "#2000"], "\(tail.stdout)")
    }

    @Test func whenAGroupMemberLeavesTheOtherTakesItsPartitionsAndNothingIsLost() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let bus = try fixture.kafkaBus(broker)
        func events(_ range: Range<Int>) -> [TopicMessage] {
            range.flatMap { index in
                CloudEvent(id: "e-\(index)", source: EventSource.backend, type: "com.todo.task.updated", data: .object([]),
                           partitionKey: "user-\(index % 8)", sequence: Int64(index)).messages(topics: [EventTopic.taskEvents])
            }
        }
        let first = Received(), second = Received()
        let memberA = try bus.subscribe(topic: EventTopic.taskEvents, group: "websocket-service") { first.append($0) }
        let memberB = try bus.subscribe(topic: EventTopic.taskEvents, group: "websocket-service") { second.append($0) }
        try bus.publish(events(0..<40))
        let deadline = Date(timeIntervalSinceNow: 40)
        while first.all.count + second.all.count < 40, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(first.all.count + second.all.count == 40)
        // One member leaves; what is published next reaches the one that stays.
        memberA.stop()
        try bus.publish(events(40..<80))
        while Set((first.all + second.all).map(\.id)).count < 80, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        memberB.stop()
        bus.close()
        let handled = Set((first.all + second.all).map(\.id))
        #expect(handled.count == 80)
        #expect(second.all.contains { $0.id == "e-79" } || first.all.contains { $0.id == "e-79" })
        // Per key, each member saw its events in order.
        for member in [first.all, second.all] {
            for key in Set(member.compactMap(\.partitionKey)) {
                let sequences = member.filter { $0.partitionKey == key }.compactMap(\.sequence)
                #expect(sequences == sequences.sorted())
            }
        }
    }

    @Test func aFailingHandlerSendsItsEventToTheDeadLetterTopic() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let bus = try fixture.kafkaBus(broker, attempts: 2)
        let relay = fixture.relay(bus)
        relay.start()
        let tasks = try fixture.createTasks(2)
        let poisoned = tasks[0].id.lowercasedString
        let handled = Received(), dead = Received()
        let consumer = try bus.subscribe(topic: EventTopic.taskEvents, group: "notification-service") { event in
            if event.subject == poisoned { throw Failure(description: "no such template") }
            handled.append(event)
        }
        let watcher = try bus.subscribe(topic: EventTopic.deadLetter(of: EventTopic.taskEvents), group: "dlq-watcher") { dead.append($0) }
        #expect(handled.wait(for: 1, timeout: 40).count == 1)
        let letters = dead.wait(for: 1, timeout: 40)
        consumer.stop()
        watcher.stop()
        relay.stop()
        bus.close()
        #expect(letters.first?.subject == poisoned)
        #expect(letters.first?.extensions["dlqreason"] == .string("no such template"))
        #expect(try fixture.store.eventLog.deadLetterCounts().first?.count == 1)
    }

    @Test func aBrokerDownForAWhileLosesNothingWrittenMeanwhile() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        let log = CapturedLog()
        let bus = try fixture.kafkaBus(broker, messageTimeout: 2, log: log.line)
        let relay = fixture.relay(bus, log: log.line)
        relay.start()
        try fixture.createTasks(2, prefix: "Before")
        let deadline = Date(timeIntervalSinceNow: 30)
        while try fixture.store.eventLog.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        broker.stop()
        // Writes go on while the broker is away; the relay keeps them.
        let during = try fixture.createTasks(20, prefix: "During")
        let down = Date(timeIntervalSinceNow: 4)
        while fixture.metrics.value("todo_relay_errors_total") < 1, Date() < down { Thread.sleep(forTimeInterval: 0.05) }
        #expect(fixture.metrics.value("todo_relay_errors_total") >= 1)
        #expect(try fixture.store.eventLog.outboxBacklog().count >= 20)
        try broker.start()
        while try fixture.store.eventLog.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try fixture.store.eventLog.outboxBacklog().count == 0)
        let received = Received()
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "recurring-task-service") { received.append($0) }
        let events = received.wait(for: 20, timeout: 40)
        subscription.stop()
        relay.stop()
        bus.close()
        let subjects = Set(events.compactMap(\.subject))
        #expect(during.allSatisfy { subjects.contains($0.id.lowercasedString) })
        #expect(log.all.contains { $0.contains("outbox relay cannot publish") })
    }

    @Test func aStalledBrokerFailsEveryPublishWithinTheBoundDeadLettersIncluded() throws {
        let broker = try TansuBroker()
        let fixture = try EventFixture(.sqlite)
        var settings = KafkaSettings(brokers: broker.brokers)
        settings.publishTimeout = 2
        let bus = try KafkaEventBus(settings: settings, store: fixture.store.eventLog, metrics: fixture.metrics, log: EventFixture.quiet)
        broker.pause()
        // The relay's batch (which also has to create the topics) and a dead letter behind it.
        let batches = [
            [TopicMessage(topic: EventTopic.taskEvents, key: "k", eventID: "e1", type: "com.todo.task.created", payload: "{}")],
            [TopicMessage(topic: EventTopic.deadLetter(of: EventTopic.taskEvents), key: "k", eventID: "e2",
                          type: "com.todo.task.created", payload: "{}")],
        ]
        let outcomes = Mutex<[(seconds: TimeInterval, error: String?)]>([])
        let publishers = DispatchGroup()
        for batch in batches {
            DispatchQueue.global().async(group: publishers) {
                let start = Date()
                var failure: String?
                do { try bus.publish(batch) } catch { failure = "\(error)" }
                outcomes.withLock { $0.append((Date().timeIntervalSince(start), failure)) }
            }
        }
        let finished = publishers.wait(timeout: .now() + 8)
        broker.resume()
        if finished == .timedOut { publishers.wait() }
        bus.close()
        #expect(finished == .success, "a publish to a stalled broker did not return within 8 s")
        for outcome in outcomes.withLock({ $0 }) {
            #expect(outcome.seconds < 3.5, "\(outcome)")
            #expect(outcome.error?.contains("broker stalled") == true, "\(outcome)")
        }
    }

    @Test func aBrokerThatDoesNotResolveIsALogLineAndAMetricNotACrash() throws {
        var settings = KafkaSettings(brokers: "no-such-broker.invalid:9092")
        settings.messageTimeout = 1
        let log = try Self.relayFailing(with: settings)
        #expect(log.contains { $0.contains("outbox relay cannot publish") && $0.contains("kafka") })
    }

    @Test func wrongSASLCredentialsAreALogLineAndAMetricAndTheOutboxKeepsItsEvents() throws {
        let broker = try TansuBroker(authentication: true)
        var settings = try KafkaSettings(environment: [
            "KAFKA_BROKERS": broker.brokers, "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
            "KAFKA_SASL_USERNAME": "todo", "KAFKA_SASL_PASSWORD": "not-the-password",
        ])
        settings.messageTimeout = 2
        let log = try Self.relayFailing(with: settings)
        #expect(log.contains { $0.lowercased().contains("authentication") }, "\(log.prefix(5))")
    }

    /// Runs a relay on `settings` until it reports an error; checks the process carried on and
    /// the outbox kept both events; returns the log lines.
    static func relayFailing(with settings: KafkaSettings) throws -> [String] {
        let fixture = try EventFixture(.sqlite)
        let log = CapturedLog()
        let bus = try KafkaEventBus(settings: settings, store: fixture.store.eventLog, metrics: fixture.metrics, log: log.line)
        let relay = fixture.relay(bus, log: log.line)
        relay.start()
        try fixture.createTasks(2)
        let deadline = Date(timeIntervalSinceNow: 20)
        while fixture.metrics.value("todo_relay_errors_total") < 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        relay.stop()
        bus.close()
        #expect(fixture.metrics.value("todo_relay_errors_total") >= 1)
        #expect(try fixture.store.eventLog.outboxBacklog().count == 2)
        return log.all
    }
}

/// `KAFKA_BROKERS` must name brokers: librdkafka takes any text and retries it forever.
@Suite struct KafkaBrokerListTests {
    @Test(arguments: ["127.0.0.1:9092", "localhost", "a:9092, b:9093", "[::1]:9092", "PLAINTEXT://k1:9092", "kafka-0.kafka.svc:9092"])
    func aBrokerListIsTaken(_ brokers: String) throws {
        #expect(try KafkaSettings(environment: ["KAFKA_BROKERS": brokers]).brokers == brokers)
    }

    @Test(arguments: ["not a broker list", "127.0.0.1:notaport", "h:0", ":9092", "h:70000", "a:9092,,b:9092", "[::1:9092"])
    func anythingElseStopsStartUpNamingTheSetting(_ brokers: String) {
        #expect(throws: SettingError.self) { try KafkaSettings(environment: ["KAFKA_BROKERS": brokers]) }
        do { _ = try KafkaSettings(environment: ["KAFKA_BROKERS": brokers]) } catch { #expect(error.setting == "KAFKA_BROKERS") }
    }
}
