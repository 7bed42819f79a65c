import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport
@testable import TodoServices

/// One user of the distributed topology (PostgreSQL, tansu, the five services as processes)
/// with every channel a reminder reaches wired to a real peer: an SMTP server (aiosmtpd) for
/// the account's address and a webhook receiver; live-updates followers (WebSocket, SSE) on the
/// websocket process. The end-to-end and fault suites drive it through the API and count what
/// each channel and table ends up holding.
final class DistributedScenario {
    let topology: DistributedTopology
    let smtp: SMTPReceiver
    let webhook: WebhookReceiver
    let email: String
    let token: String
    let userID: String
    /// The webhook's secret, to check every request's signature.
    let webhookSecret: String
    let directory: URL
    /// The websocket process's port, rewritten when it starts again: where followers reconnect.
    let websocketPortFile: URL

    /// Short retry delays, so a delivery cut by a kill is sent again within the test's wait.
    static let environment = ["TODO_WEBHOOK_ALLOW_HOSTS": "127.0.0.1", "TODO_WEBHOOK_RETRY_BASE": "0.2", "TODO_WEBHOOK_TIMEOUT": "2",
                              "TODO_SMTP_RETRY_BASE": "0.2", "TODO_SMTP_FROM": "reminders@example.com"]

    /// The real components a scenario runs: the suites using it are enabled when all are here
    /// (or their absence must fail the run: scripts/test).
    static let components: [TestComponent] = [.postgres, .tansu, .websockets, .aiosmtpd]
    static var componentsRunTests: Bool { components.allSatisfy(\.runsTests) }

    init() throws {
        for component in Self.components { try component.require() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-distributed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        smtp = try SMTPReceiver(.accept, directory: directory)
        webhook = try WebhookReceiver(.accept, directory: directory)
        topology = try DistributedTopology(environment: Self.environment.merging(["TODO_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)"]) { $1 })
        email = "ada-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let (client, user) = try topology.process("backend").registeredClient(email: email)
        guard let token = client.token, let userID = user["id"] as? String else { throw TestClientError("register: no token or id") }
        self.token = token
        self.userID = userID
        let created = try topology.client("notification", token: token).post("/api/v1/webhooks", ["url": webhook.url])
        guard created.status == 201, let secret = try created.json()["secret"] as? String else {
            throw TestClientError("create webhook: \(created)\n\(topology.logs)")
        }
        webhookSecret = secret
        websocketPortFile = directory.appendingPathComponent("websocket.port")
        try writeWebsocketPort()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Starts `word`'s process again (after `topology.kill9`), telling followers its new port.
    func restart(_ word: String) throws {
        try topology.start(word)
        if word == "websocket" { try writeWebsocketPort() }
    }

    private func writeWebsocketPort() throws {
        try String(topology.process("websocket").port).write(to: websocketPortFile, atomically: true, encoding: .utf8)
    }

    /// A follower of the user's live updates, attached when this returns.
    func follow(_ mode: LiveFollower.Mode) throws -> LiveFollower {
        try LiveFollower(mode, token: token, portFile: websocketPortFile, directory: directory)
    }

    /// A client of `word`'s process (after a restart, the new one) with the user's token.
    func client(_ word: String) -> HTTPTestClient { topology.client(word, token: token) }

    // MARK: Changes through the API

    /// Creates a task due at `due` in UTC; `reminder` is its one reminder's instant; `rule`
    /// makes it repeat. Returns its id.
    func createTask(_ title: String, due: Date, reminder: Date, rule: String? = nil) throws -> String {
        var fields: [String: Any] = ["title": title, "due_at": RFC3339.format(due), "timezone": "UTC",
                                     "reminders": [["at": RFC3339.format(reminder)]]]
        if let rule { fields["recurrence"] = rule }
        let response = try client("backend").post("/api/v1/tasks", fields)
        guard response.status == 201, let id = try response.json()["id"] as? String else {
            throw TestClientError("create \(title): \(response)\n\(topology.logs)")
        }
        return id
    }

    func complete(_ id: String) throws {
        let response = try client("backend").send("POST", "/api/v1/tasks/\(id)/complete")
        guard response.status == 200 else { throw TestClientError("complete \(id): \(response)\n\(topology.logs)") }
    }

    // MARK: What each service shows

    /// Every task of the user, all statuses (pages followed).
    func tasks() throws -> [[String: Any]] {
        var tasks: [[String: Any]] = []
        var target = "/api/v1/tasks?status=all&limit=500"
        while true {
            let page = try client("backend").get(target).json()
            tasks += page["tasks"] as? [[String: Any]] ?? []
            guard let cursor = page["next_cursor"] as? String else { return tasks }
            target = "/api/v1/tasks?status=all&limit=500&cursor=\(cursor)"
        }
    }

    /// The user's in-app notifications, from the notification process (pages followed).
    func notifications() throws -> [[String: Any]] {
        var list: [[String: Any]] = []
        var target = "/api/v1/notifications?limit=500"
        while true {
            let page = try client("notification").get(target).json()
            list += page["notifications"] as? [[String: Any]] ?? []
            guard let cursor = page["next_cursor"] as? String else { return list }
            target = "/api/v1/notifications?limit=500&cursor=\(cursor)"
        }
    }

    /// The audit process's verdict on the user's chain: `{"intact", "checked", "first_bad_seq"}`.
    func auditVerification() throws -> [String: Any] {
        try client("audit").get("/api/v1/audit/verify").json()
    }

    /// The user's audit trail, every page.
    func auditTrail() throws -> [[String: Any]] {
        try AuditAPITests.trail(client("audit"), query: "", allPages: true)
    }

    /// The webhook requests received with a valid signature, and those without one.
    func webhookRequests() -> (signed: [(id: String, event: [String: Any])], badlySigned: Int) {
        var signed: [(id: String, event: [String: Any])] = []
        var badlySigned = 0
        for request in webhook.requests {
            guard let timestamp = Int64(request.headers["webhook-timestamp"] ?? ""), let id = request.headers["webhook-id"],
                  request.headers["webhook-signature"] == WebhookSignature.header(secret: webhookSecret, timestamp: timestamp, body: Array(request.body.utf8)),
                  let event = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any] else {
                badlySigned += 1
                continue
            }
            signed.append((id, event))
        }
        return (signed, badlySigned)
    }

    /// The Message-ID of every email received (the reminder's event id).
    func emailMessageIDs() -> [String] {
        smtp.messages.compactMap { message in
            message.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }.map { String($0.dropFirst(11)).trimmingCharacters(in: .whitespaces) }
        }
    }

    // MARK: The database behind the services

    /// A count from the shared database (the tables services keep their exactly-once records in).
    func count(_ sql: String) throws -> Int {
        let database = try StoreFactory.openDatabase(DatabaseURL(topology.database.url))
        defer { database.close() }
        return Int(try database.read { try $0.scalarInt(sql, [.text(userID)]) } ?? 0)
    }

    /// The user's values of a one-column query (`?` is the user id), in the query's order.
    func values(_ sql: String) throws -> [Int64] {
        let database = try StoreFactory.openDatabase(DatabaseURL(topology.database.url))
        defer { database.close() }
        var values: [Int64] = []
        try database.read { try $0.query(sql, [.text(userID)]) { values.append($0.int64(0)) } }
        return values
    }

    /// How many live messages the user's changes make: every event sequence handed out but a
    /// firing's `com.todo.reminder.due`, which goes to the `reminders` topic, not to clients.
    func liveMessagesExpected() throws -> Int {
        try sequencesIssued() - count("SELECT COUNT(*) FROM reminder_firings WHERE user_id = ?")
    }

    /// The user's event sequences handed out so far (every event of the user has one: task
    /// changes, reminder firings, deliveries).
    func sequencesIssued() throws -> Int {
        try count("SELECT next_event_sequence - 1 FROM users WHERE id = ?")
    }

    /// Whether `follower` has as many messages as the user's changes made.
    func caughtUp(_ follower: LiveFollower) throws -> Bool {
        try follower.messages.count >= liveMessagesExpected()
    }

    /// `follower` got every live message of the user once and in order, across its reconnections:
    /// as many as the changes made (no gap), sequences strictly increasing (no duplicate), the
    /// task changes exactly those the audit log recorded, one notification per firing.
    func expectEveryLiveMessageOnceInOrder(_ follower: LiveFollower, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let messages = follower.messages
        let sequences = messages.compactMap { $0["sequence"] as? Int }
        let expected = try liveMessagesExpected()
        let context = "\(follower.mode.rawValue): \(sequences.count) messages, \(expected) expected, \(follower.connections) connections "
            + "(\(follower.disconnections.suffix(5)))\n\(topology.logs)"
        #expect(sequences.count == expected, "\(context)", sourceLocation: sourceLocation)
        let outOfOrder = zip(sequences, sequences.dropFirst()).filter { $0 >= $1 }
        #expect(outOfOrder.isEmpty, "repeated or out of order: \(outOfOrder.prefix(10)) — \(context)", sourceLocation: sourceLocation)
        let taskSequences = messages.filter { ($0["type"] as? String)?.hasPrefix("task.") == true }.compactMap { $0["sequence"] as? Int }
        let audited = try values("SELECT event_sequence FROM audit_entries WHERE user_id = ?").map { Int($0) }.sorted()
        #expect(taskSequences == audited, "task messages differ from the audited changes — \(context)", sourceLocation: sourceLocation)
        let notifications = messages.filter { $0["type"] as? String == "notification" }.count
        #expect(notifications == (try count("SELECT COUNT(*) FROM reminder_firings WHERE user_id = ?")), "\(context)", sourceLocation: sourceLocation)
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    func wait(_ timeout: TimeInterval, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }
}
