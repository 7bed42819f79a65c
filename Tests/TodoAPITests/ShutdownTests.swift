import Foundation
import Synchronization
import Testing
import TodoCore
import TodoStore
import TodoTestSupport

/// Stopping the server while writes wait on a slow database: every write it acknowledged is
/// stored, and it exits cleanly once they are done, however long past its grace period.
@Suite struct ShutdownTests {
    @Test func sigtermDuringSlowWritesWaitsForThemAndExitsCleanly() throws {
        guard TestBackend.available.contains(.postgres) else { throw TestClientError("this test needs PostgreSQL") }
        let database = try TestDatabase(.postgres)
        let server = try ServerProcess(database: database, arguments: ["--quiet", "--shutdown-grace", "1"])
        let (client, user) = try server.registeredClient()
        let token = try #require(client.token)
        let userText = try #require(user["id"] as? String)
        let userID = try #require(UUID(uuidString: userText))
        let port = server.port

        // Creates hand out task numbers from the user's row: with the table locked they wait.
        try database.holdExclusiveLock(on: "users", seconds: 3)
        let acknowledged = Mutex<[String]>([])
        let refused = Mutex<[Int]>([])
        let writers = (0..<6).map { writer in
            Thread {
                let client = HTTPTestClient(port: port, token: token)
                for index in 0..<20 {
                    let title = "Burst \(writer)-\(index)"
                    guard let response = try? client.post("/api/v1/tasks", ["title": title]) else { return }
                    guard response.status == 201 else {
                        refused.withLock { $0.append(response.status) }
                        return
                    }
                    acknowledged.withLock { $0.append(title) }
                }
            }
        }
        writers.forEach { $0.start() }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(acknowledged.withLock { $0.isEmpty }, "the lock should hold every create back")

        #expect(server.signal(SIGTERM, timeout: 30), "the server did not stop")
        #expect(server.process.terminationReason == .exit, "the server crashed: \(server.stderr)")
        #expect(server.process.terminationStatus == 0, "\(server.stderr)")
        Thread.sleep(forTimeInterval: 0.5)

        // The writes waiting when the stop came were finished and answered, not cut off.
        let stored = Set(try {
            let store = try StoreFactory.open(DatabaseURL(database.url))
            defer { store.close() }
            return try store.listTasks(TaskQuery(status: .all, limit: 500), userID: userID).tasks.map(\.title)
        }())
        let titles = acknowledged.withLock { $0 }
        #expect(!titles.isEmpty, "no write was in flight when the stop came")
        #expect(titles.allSatisfy(stored.contains), "acknowledged but not stored: \(titles.filter { !stored.contains($0) })")
        #expect(refused.withLock { $0 }.allSatisfy { $0 == 503 }, "\(refused.withLock { $0 })")
    }
}
