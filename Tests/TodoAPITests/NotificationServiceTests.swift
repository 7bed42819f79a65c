import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport

/// The notification service through the real binary: a reminder fires once, within a second of
/// its instant; one missed while no scheduler ran fires at start-up, marked late; and neither a
/// kill -9 nor a restart fires anything twice. `todo serve` runs on the real clock, so every
/// instant here is relative to now.
@Suite(.serialized) struct NotificationServiceTests {
    /// Creates a task due an hour after `at` with one reminder at `at`; returns its id.
    private func createTask(_ client: HTTPTestClient, remindAt at: Date) throws -> String {
        let response = try client.post("/api/v1/tasks", ["title": "Water the plants", "due_at": RFC3339.format(at.addingTimeInterval(3600)),
                                                        "reminders": [["at": RFC3339.format(at)]]])
        guard response.status == 201, let id = try response.json()["id"] as? String else { throw TestClientError("create: \(response)") }
        return id
    }

    /// The user's notifications, waiting up to `timeout` for at least `count`.
    private func notifications(_ client: HTTPTestClient, atLeast count: Int, timeout: TimeInterval = 10) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let response = try client.get("/api/v1/notifications")
            guard response.status == 200, let list = try response.json()["notifications"] as? [[String: Any]] else {
                throw TestClientError("list: \(response)")
            }
            if list.count >= count || Date() > deadline { return list }
            usleep(50_000)
        }
    }

    private func eventTypes(_ database: TestDatabase, topic: String) throws -> [String] {
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        return try store.eventLog.entries(topic: topic, after: 0, limit: 10_000).map(\.message.type)
    }

    @Test(arguments: TestBackend.available)
    func aReminderFiresOnceWithinASecondAndIsDelivered(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        let at = Date().addingTimeInterval(1.5)
        let taskID = try createTask(client, remindAt: at)

        let list = try notifications(client, atLeast: 1)
        #expect(list.count == 1)
        let notification = try #require(list.first)
        #expect(notification["task_id"] as? String == taskID)
        #expect(notification["kind"] as? String == "reminder" && notification["channel"] as? String == "in_app")
        #expect(notification["late"] as? Bool == false && notification["read"] as? Bool == false)
        let dueAt = try #require(RFC3339.parse(notification["due_at"] as? String ?? ""))
        let firedAt = try #require(RFC3339.parse(notification["fired_at"] as? String ?? ""))
        #expect(Timestamp.milliseconds(dueAt) == Timestamp.milliseconds(at))
        #expect(firedAt >= dueAt && firedAt.timeIntervalSince(dueAt) < 1, "fired \(firedAt.timeIntervalSince(dueAt)) s after its instant")

        // Delivered once: its event reaches the clients' topic; nothing fires again.
        let deadline = Date().addingTimeInterval(5)
        while try !eventTypes(database, topic: "task-updates").contains("com.todo.notification.delivered"), Date() < deadline { usleep(50_000) }
        usleep(1_000_000)
        #expect(try notifications(client, atLeast: 2, timeout: 0).count == 1)
        #expect(try eventTypes(database, topic: "reminders") == ["com.todo.reminder.due"])
        #expect(try eventTypes(database, topic: "task-updates").filter { $0 == "com.todo.notification.delivered" }.count == 1)
    }

    /// A reminder at an instant needs no due date (DESIGN §6 gives `{"at"}` reminders with no
    /// condition; it was refused with 422): it fires as any other. One counted back from a due
    /// date the task does not have is still refused, and removing the due date keeps the first.
    @Test func aReminderAtAnInstantOfATaskWithNoDueDateFires() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        let at = Date().addingTimeInterval(1.5)
        let created = try client.post("/api/v1/tasks", ["title": "Call Bob", "reminders": [["at": RFC3339.format(at)]]])
        #expect(created.status == 201, "\(created)")
        let id = try #require(try created.json()["id"] as? String)
        let relative = try client.post("/api/v1/tasks", ["title": "Call Ann", "reminders": [["minutes_before": 10]]])
        #expect(relative.status == 422 && relative.errorCode == "validation_failed", "\(relative)")
        #expect(relative.text.contains("minutes_before"), "the message says which kind needs a due date: \(relative)")
        let list = try notifications(client, atLeast: 1)
        #expect(list.count == 1 && list.first?["task_id"] as? String == id, "\(list)")

        let dated = try client.post("/api/v1/tasks", ["title": "Pay rent", "due_at": RFC3339.format(at.addingTimeInterval(86_400)),
                                                      "reminders": [["minutes_before": 60], ["at": RFC3339.format(at.addingTimeInterval(3_600))]]])
        let datedID = try #require(try dated.json()["id"] as? String)
        let undated = try client.patch("/api/v1/tasks/\(datedID)", ["due_at": NSNull(), "reminders": [["at": RFC3339.format(at.addingTimeInterval(3_600))]]])
        #expect(undated.status == 200, "\(undated)")
        #expect((try undated.json()["reminders"] as? [[String: Any]])?.count == 1)
    }

    @Test(arguments: TestBackend.available)
    func aReminderOfACompletedOrDeletedTaskOrOneTakenOffNeverFires(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        let at = Date().addingTimeInterval(1.5)
        let completed = try createTask(client, remindAt: at)
        let deleted = try createTask(client, remindAt: at)
        let unreminded = try createTask(client, remindAt: at)
        let kept = try createTask(client, remindAt: at)
        #expect(try client.post("/api/v1/tasks/\(completed)/complete", [:]).status == 200)
        #expect(try client.delete("/api/v1/tasks/\(deleted)").status == 204)
        #expect(try client.patch("/api/v1/tasks/\(unreminded)", ["reminders": [Any]()]).status == 200)

        let list = try notifications(client, atLeast: 1)
        usleep(1_000_000)
        #expect(list.map { $0["task_id"] as? String } == [kept])
        #expect(try notifications(client, atLeast: 2, timeout: 0).count == 1)
    }

    @Test(arguments: TestBackend.available)
    func aReminderMissedWhileNoSchedulerRanFiresLateAtStartUp(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let backendOnly = try ServerProcess(database: database, arguments: ["--service", "backend"])
        let (client, _) = try backendOnly.registeredClient()
        let taskID = try createTask(client, remindAt: Date().addingTimeInterval(0.5))
        usleep(2_000_000)
        #expect(backendOnly.signal(SIGTERM))

        let server = try ServerProcess(database: database)
        let restarted = server.client(token: client.token)
        let list = try notifications(restarted, atLeast: 1)
        #expect(list.count == 1)
        #expect(list.first?["task_id"] as? String == taskID)
        #expect(list.first?["late"] as? Bool == true)
    }

    @Test(arguments: TestBackend.available)
    func aKilledServiceFiresEachReminderOnceAfterItsRestart(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let first = try ServerProcess(database: database)
        let (client, _) = try first.registeredClient()
        let start = Date()
        // Reminders spread over the kill: some fire before it, the rest after the restart.
        for offset in stride(from: 1.0, through: 4.0, by: 0.25) { _ = try createTask(client, remindAt: start.addingTimeInterval(offset)) }
        while Date().timeIntervalSince(start) < 2.2 { usleep(20_000) }
        #expect(first.signal(SIGKILL))

        let second = try ServerProcess(database: database)
        let list = try notifications(second.client(token: client.token), atLeast: 13)
        usleep(1_500_000)
        let final = try notifications(second.client(token: client.token), atLeast: 14, timeout: 0)
        #expect(list.count == 13)
        #expect(final.count == 13)
        #expect(Set(final.compactMap { $0["task_id"] as? String }).count == 13)
        #expect(try eventTypes(database, topic: "reminders").count == 13)
    }

    @Test func notificationsRefuseBadInputAndAnotherUsersNotification() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        let (stranger, _) = try server.registeredClient()
        _ = try createTask(client, remindAt: Date().addingTimeInterval(0.2))
        let id = try #require(try notifications(client, atLeast: 1).first?["id"] as? String)

        #expect(try client.get("/api/v1/notifications?limit=0").status == 422)
        #expect(try client.get("/api/v1/notifications?cursor=nonsense").status == 422)
        #expect(try stranger.post("/api/v1/notifications/\(id)/read", [:]).status == 404)
        #expect(try client.post("/api/v1/notifications/not-an-id/read", [:]).status == 404)
        #expect(try server.client().get("/api/v1/notifications").status == 401)
        let read = try client.post("/api/v1/notifications/\(id)/read", [:])
        #expect(read.status == 200)
        #expect(try read.json()["read"] as? Bool == true)
        #expect(try notifications(client, atLeast: 1).first?["read"] as? Bool == true)
    }
}
