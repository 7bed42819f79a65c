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

    @Test(arguments: TestBackend.available)
    func everyAcknowledgedCreateOfABurstReachesTaskEventsAfterKill9(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database, environment: Self.environment)
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
        let restarted = try ServerProcess(database: database, environment: Self.environment)
        defer { restarted.stop() }
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let relayDeadline = Date(timeIntervalSinceNow: 30)
        while try store.eventLog.outboxBacklog().count > 0, Date() < relayDeadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try store.eventLog.outboxBacklog().count == 0)
        // Read after the outbox was seen empty, so the log holds everything relayed.
        let events = try store.eventLog.entries(topic: EventTopic.taskEvents, after: 0, limit: 100_000)
            .map { try CloudEvent(decoding: Array($0.message.payload.utf8)) }
            .filter { $0.partitionKey == userID }
        let owner = try #require(UUID.parse(userID))
        let lost = try acked.filter { try store.task(id: try #require(UUID.parse($0)), userID: owner) == nil }
        #expect(lost.isEmpty, "\(lost.count) acknowledged creates are not in the database")
        let relayed = Set(events.compactMap(\.subject))
        let missing = acked.filter { !relayed.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged creates have no event")
        #expect(Set(events.map(\.id)).count == events.count, "an event was relayed twice")
        let sequences = events.compactMap(\.sequence)
        #expect(sequences == Array(1...Int64(sequences.count)), "the user's events are out of order or have gaps")
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
    }
}
