import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport
@testable import TodoServices

/// The notification service on the Dapr bus, with the test playing the sidecar (a recording
/// HTTP server for what we send, and real requests to our routes as daprd makes them):
/// `POST /cron-binding` fires what is overdue, and reminders are scheduled as jobs of the Jobs
/// API whose callbacks fire them.
@Suite(.serialized) struct DaprReminderTests {
    private func start(_ database: TestDatabase, sidecar: WebhookReceiver) throws -> ServerProcess {
        try ServerProcess(database: database, environment: ["TODO_EVENT_BUS": "dapr", "DAPR_HTTP_PORT": String(sidecar.port)])
    }

    private func createTask(_ client: HTTPTestClient, remindAt at: Date) throws -> String {
        let response = try client.post("/api/v1/tasks", ["title": "Renew the passport", "due_at": RFC3339.format(at.addingTimeInterval(3600)),
                                                         "reminders": [["at": RFC3339.format(at)]]])
        guard response.status == 201, let id = try response.json()["id"] as? String else { throw TestClientError("create: \(response)") }
        return id
    }

    private func notifications(_ client: HTTPTestClient) throws -> [[String: Any]] {
        try client.get("/api/v1/notifications").json()["notifications"] as? [[String: Any]] ?? []
    }

    @Test func theCronBindingFiresWhatIsOverdue() throws {
        let database = try TestDatabase(.sqlite)
        let sidecar = try WebhookReceiver(.accept, directory: database.directory)
        let server = try start(database, sidecar: sidecar)
        let (client, _) = try server.registeredClient()
        // The sidecar delivers no task-events here: the scheduler never hears of this reminder.
        let taskID = try createTask(client, remindAt: Date().addingTimeInterval(0.3))
        usleep(1_500_000)
        #expect(try notifications(client).isEmpty)

        #expect(try server.client().post("/cron-binding", [:]).status == 200)
        let deadline = Date().addingTimeInterval(5)
        while try notifications(client).isEmpty, Date() < deadline { usleep(50_000) }
        let list = try notifications(client)
        #expect(list.count == 1)
        #expect(list.first?["task_id"] as? String == taskID && list.first?["late"] as? Bool == true)
    }

    @Test func aReminderIsScheduledAsADaprJobAndItsCallbackFiresItOnce() throws {
        let database = try TestDatabase(.sqlite)
        let sidecar = try WebhookReceiver(.accept, directory: database.directory)
        let server = try start(database, sidecar: sidecar)
        let (client, user) = try server.registeredClient()
        let userID = try #require(user["id"] as? String)
        let at = Date().addingTimeInterval(60)
        let taskID = try createTask(client, remindAt: at)

        // The relay publishes the creation to the sidecar; the sidecar delivers it to us.
        let deadline = Date().addingTimeInterval(10)
        while !sidecar.requests.contains(where: { $0.path.hasPrefix("/v1.0/publish/kafka-pubsub/task-events") }), Date() < deadline { usleep(50_000) }
        let published = try #require(sidecar.requests.first { $0.path.hasPrefix("/v1.0/publish/kafka-pubsub/task-events") })
        let delivered = try server.client().send("POST", "/dapr/events/task-events", body: Array(published.body.utf8),
                                                 headers: [("Content-Type", "application/cloudevents+json")])
        #expect(delivered.status == 200)

        let name = "reminder-\(taskID)-\(userID)-\(Timestamp.milliseconds(at))"
        while !sidecar.requests.contains(where: { $0.path == "/v1.0-alpha1/jobs/\(name)" }), Date() < deadline { usleep(50_000) }
        let job = try #require(sidecar.requests.first { $0.path == "/v1.0-alpha1/jobs/\(name)" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(job.body.utf8)) as? [String: Any])
        #expect((body["dueTime"] as? String).flatMap(RFC3339.parse).map(Timestamp.milliseconds) == Timestamp.milliseconds(at))

        // The sidecar calls back (twice: delivery is at least once); the reminder fires once.
        #expect(try server.client().post("/job/\(name)", [:]).status == 200)
        #expect(try server.client().post("/job/\(name)", [:]).status == 200)
        #expect(try server.client().post("/job/not-ours", [:]).status == 404)
        let list = try notifications(client)
        #expect(list.count == 1)
        #expect(list.first?["task_id"] as? String == taskID)
    }

    @Test func aJobNameRoundTripsItsReminder() throws {
        let reminder = DueReminder(taskID: UUID(), userID: UUID(), dueAtMilliseconds: 1_800_000_000_123)
        #expect(DaprReminderJobs.reminder(named: DaprReminderJobs.name(for: reminder)) == reminder)
        #expect(DaprReminderJobs.reminder(named: "reminder-x") == nil)
    }
}
