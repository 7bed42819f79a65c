import Foundation
import Synchronization
import Testing
import TodoCore
import TodoEvents
import TodoStore
import TodoTestSupport

/// DESIGN §7 end to end: every change the API acknowledged reaches `task-events`, in per-user
/// order, even when the server is killed (-9) in the middle of a burst of concurrent writes.
@Suite(.serialized) struct EventRelayCrashTests {
    static let environment = ["TODO_JWT_SECRET": String(repeating: "k", count: 40)]

    /// Every database, on the embedded bus and (with tansu) on Kafka.
    static var cases: [(TestBackend, String)] {
        TestBackend.available.flatMap { backend in [(backend, "embedded")] + (TansuBroker.binary == nil ? [] : [(backend, "kafka")]) }
    }

    @Test(arguments: cases)
    func everyAcknowledgedCreateOfABurstReachesTaskEventsAfterKill9(backend: TestBackend, bus: String) throws {
        let database = try TestDatabase(backend)
        let broker = bus == "kafka" ? try TansuBroker() : nil
        var environment = Self.environment.merging(["TODO_EVENT_BUS": bus]) { $1 }
        if let broker { environment["KAFKA_BROKERS"] = broker.brokers }
        let server = try ServerProcess(database: database, environment: environment)
        let (first, user) = try server.registeredClient()
        let token = try #require(first.token)
        let userID = try #require(user["id"] as? String)
        let acknowledged = Mutex<[String]>([])
        let port = server.port
        let writers = DispatchGroup()
        for writer in 0..<4 {
            DispatchQueue.global().async(group: writers) {
                let client = HTTPTestClient(port: port, token: token)
                for number in 0..<2_000 {
                    guard let response = try? client.post("/api/v1/tasks", ["title": "burst \(writer)-\(number)"]) else { return }
                    guard response.status == 201, let id = (try? response.json())?["id"] as? String else { return }
                    acknowledged.withLock { $0.append(id) }
                }
            }
        }
        let deadline = Date(timeIntervalSinceNow: 30)
        while acknowledged.withLock({ $0.count }) < 300, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(server.signal(SIGKILL))
        #expect(writers.wait(timeout: .now() + 30) == .success)
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 300)

        // A new server relays what the dead one had not.
        let restarted = try ServerProcess(database: database, environment: environment)
        defer { restarted.stop() }
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let relayDeadline = Date(timeIntervalSinceNow: 30)
        while try store.eventLog.outboxBacklog().count > 0, Date() < relayDeadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try store.eventLog.outboxBacklog().count == 0)
        let events: [CloudEvent]
        if let broker {
            events = try Self.consumeFromKafka(broker, store: store, userID: userID, until: Set(acked))
        } else {
            // Read after the outbox was seen empty, so the log holds everything relayed.
            events = try store.eventLog.entries(topic: EventTopic.taskEvents, after: 0, limit: 100_000)
                .map { try CloudEvent(decoding: Array($0.message.payload.utf8)) }
                .filter { $0.partitionKey == userID }
        }
        let owner = try #require(UUID.parse(userID))
        let lost = try acked.filter { try store.task(id: try #require(UUID.parse($0)), userID: owner) == nil }
        #expect(lost.isEmpty, "\(lost.count) acknowledged creates are not in the database")
        let relayed = Set(events.compactMap(\.subject))
        let missing = acked.filter { !relayed.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged creates have no event")
        // Kafka is at least once: a batch published just before the kill is published again
        // after the restart. Consumers dedupe by id; the first sight of each is in order.
        if broker == nil { #expect(Set(events.map(\.id)).count == events.count, "an event was relayed twice") }
        var seen = Set<String>()
        let sequences = events.filter { seen.insert($0.id).inserted }.compactMap(\.sequence)
        #expect(sequences == Array(1...Int64(sequences.count)), "the user's events are out of order or have gaps")
    }

    /// `task-events` as a new consumer group reads it from the start, until every id of
    /// `subjects` was seen (or 60 s passed).
    static func consumeFromKafka(_ broker: TansuBroker, store: any TaskStore, userID: String, until subjects: Set<String>) throws -> [CloudEvent] {
        let bus = try KafkaEventBus(settings: KafkaSettings(brokers: broker.brokers), store: store.eventLog, metrics: EventMetrics(),
                                    log: { _, _, _ in })
        defer { bus.close() }
        let received = Mutex<[CloudEvent]>([])
        let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "verify-\(UUID().uuidString.prefix(8))") { event in
            if event.partitionKey == userID { received.withLock { $0.append(event) } }
        }
        defer { subscription.stop() }
        let deadline = Date(timeIntervalSinceNow: 60)
        while Date() < deadline {
            let seen = Set(received.withLock { $0 }.compactMap(\.subject))
            if subjects.isSubset(of: seen) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 0.5)
        return received.withLock { $0 }
    }

    @Test(.enabled(if: TestComponent.tansu.runsTests, "needs tansu: run scripts/test"))
    func theAPIKeepsAnsweringWhileTheBrokerIsDownAndNothingIsLost() throws {
        let database = try TestDatabase(.sqlite)
        let broker = try TansuBroker()
        let environment = Self.environment.merging(["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers]) { $1 }
        let server = try ServerProcess(database: database, environment: environment)
        defer { server.stop() }
        let (client, user) = try server.registeredClient()
        let userID = try #require(user["id"] as? String)
        // Down for 10 s, with a create every 50 ms meanwhile.
        broker.stop()
        let outage = Date()
        var ids: [String] = []
        var slowest = 0.0
        var number = 0
        while Date().timeIntervalSince(outage) < 10 {
            let started = Date()
            let response = try client.post("/api/v1/tasks", ["title": "while down \(number)"])
            slowest = max(slowest, Date().timeIntervalSince(started))
            #expect(response.status == 201)
            if let id = try response.json()["id"] as? String { ids.append(id) }
            number += 1
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(ids.count > 50)
        #expect(slowest < 1, "a create waited for the broker")
        let metrics = try client.get("/metrics").text
        #expect(metrics.contains("todo_outbox_backlog \(ids.count)"), "\(metrics)")
        try broker.start()
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let events = try Self.consumeFromKafka(broker, store: store, userID: userID, until: Set(ids))
        let relayed = Set(events.compactMap(\.subject))
        #expect(ids.allSatisfy(relayed.contains))

        let status = try TodoBinary.run(["events", "status", "--json", "--db", database.url],
                                        environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers])
        #expect(status.status == 0, "\(status.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(figures?["bus"] as? String == "kafka")
        let consumers = figures?["consumers"] as? [[String: Any]] ?? []
        #expect(consumers.contains { ($0["group"] as? String)?.hasPrefix("verify-") == true && $0["topic"] as? String == "task-events" },
                "\(status.stdout)")

        let tail = try TodoBinary.run(["events", "tail", "--limit", "5", "--db", database.url],
                                      environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers])
        #expect(tail.status == 0, "\(tail.stderr)")
        let lines = tail.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.last?.contains("task-events  com.todo.task.created  #\(ids.count)  \"while down \(ids.count - 1)\"  seq=\(ids.count)") == true,
                "\(tail.stdout)")
    }

    @Test func theEventsCommandShowsTheBacklogRelayConsumersAndDeadLetters() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: Self.environment)
        let (client, _) = try server.registeredClient()
        for number in 0..<3 { #expect(try client.post("/api/v1/tasks", ["title": "shown \(number)"]).status == 201) }
        let deadline = Date(timeIntervalSinceNow: 10)
        while !(try server.client().get("/metrics").text.contains(#"todo_events_relayed_total{topic="task-events"} 3"#)), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let status = try TodoBinary.run(["events", "status", "--json", "--db", database.url])
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((json?["outbox"] as? [String: Any])?["backlog"] as? Int == 0)
        #expect((json?["relay"] as? [String: Any])?["active"] as? Bool == true)
        let tail = try TodoBinary.run(["events", "tail", "--topic", "task-events", "--db", database.url])
        #expect(tail.status == 0)
        #expect(tail.stdout.split(separator: "\n").count == 3)
        #expect(tail.stdout.contains("com.todo.task.created  #3  \"shown 2\"  seq=3"))
        server.stop()
        let after = try TodoBinary.run(["events", "status", "--db", database.url])
        #expect(after.stdout.contains("Relay:         none running"))
        #expect(after.stdout.contains("Outbox:        empty"))

        // The database remembers the bus its relay used; a deployment moved to another is said so.
        let recorded = try JSONSerialization.jsonObject(with: Data(TodoBinary.run(["events", "status", "--json", "--db", database.url]).stdout.utf8))
        #expect((recorded as? [String: Any])?["recorded_bus"] as? String == "embedded")
        let switched = try TodoBinary.run(["events", "switch-bus", "--db", database.url], environment: ["TODO_EVENT_BUS": "dapr"])
        #expect(switched.status == 0, "\(switched.stderr)")
        #expect(switched.stdout.contains("go to the dapr bus from now on (was embedded); a relay of any other bus does not relay."), "\(switched.stdout)")
        let mismatch = try TodoBinary.run(["events", "status", "--db", database.url])
        #expect(mismatch.stdout.contains("but this database's events go to the dapr bus"), "\(mismatch.stdout)")
        // An embedded server on it now keeps its events in the outbox, and says why.
        let replica = try ServerProcess(database: database, environment: Self.environment)
        let (other, _) = try replica.registeredClient()
        #expect(try other.post("/api/v1/tasks", ["title": "kept back"]).status == 201)
        Thread.sleep(forTimeInterval: 0.5)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        #expect(try store.eventLog.outboxBacklog().count >= 1)
        let deadline2 = Date(timeIntervalSinceNow: 10)
        while !replica.stderr.contains("outbox relay is not relaying"), Date() < deadline2 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(replica.stderr.contains("recorded_bus=dapr"), "\(replica.stderr.suffix(2000))")
        replica.stop()
    }
}
