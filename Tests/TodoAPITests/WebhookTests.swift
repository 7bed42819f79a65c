import Foundation
import Testing
import TodoCore
import TodoTestSupport
@testable import TodoServices

/// A real HTTP receiver on 127.0.0.1 (Python's http.server, in its own process) for webhooks or
/// as a Dapr sidecar: it writes every POST it gets to a file, one JSON line each, and answers
/// 204, 500, or not at all; `failFirst` answers 500 to the first POST of each `Webhook-Id` and
/// 204 to the next.
final class WebhookReceiver {
    enum Behaviour: String { case accept, fail, hang, failFirst }

    let process = Process()
    let port: Int
    let log: URL

    private static let script = #"""
        import http.server, json, sys, time
        behaviour, log = sys.argv[1], sys.argv[2]
        seen = set()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode()}) + "\n")
                if behaviour == "hang":
                    time.sleep(60)
                    return
                failing = behaviour == "fail" or behaviour == "failFirst" and self.headers.get("Webhook-Id") not in seen
                seen.add(self.headers.get("Webhook-Id"))
                self.send_response(500 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    init(_ behaviour: Behaviour, directory: URL) throws {
        log = directory.appendingPathComponent("webhook-\(UUID().uuidString.prefix(8)).jsonl")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, behaviour.rawValue, log.path]
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestClientError("the webhook receiver did not start: \(line)")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// The requests received so far: path, headers (lower-case names) and body.
    var requests: [(path: String, headers: [String: String], body: String)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let path = object["path"] as? String,
                  let headers = object["headers"] as? [String: String], let body = object["body"] as? String else { return nil }
            return (path, headers, body)
        }
    }

    func wait(forRequests count: Int, timeout: TimeInterval) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.count < count, Date() < deadline { usleep(50_000) }
        return requests.count
    }
}

/// Webhooks through the real binary: a fired reminder is POSTed once, signed; a receiver that
/// fails or hangs is retried with backoff, then disabled with the reason shown; URLs into a
/// private network are refused.
@Suite(.serialized) struct WebhookTests {
    static let environment = ["TODO_WEBHOOK_ALLOW_HOSTS": "127.0.0.1", "TODO_WEBHOOK_RETRY_BASE": "0.05", "TODO_WEBHOOK_TIMEOUT": "1"]

    private func createWebhook(_ client: HTTPTestClient, _ url: String) throws -> [String: Any] {
        let response = try client.post("/api/v1/webhooks", ["url": url])
        guard response.status == 201 else { throw TestClientError("create webhook: \(response)") }
        return try response.json()
    }

    private func createTaskWithReminder(_ client: HTTPTestClient, in seconds: TimeInterval) throws {
        let at = Date().addingTimeInterval(seconds)
        let response = try client.post("/api/v1/tasks", ["title": "Feed the cat", "due_at": RFC3339.format(at.addingTimeInterval(3600)),
                                                         "reminders": [["at": RFC3339.format(at)]]])
        guard response.status == 201 else { throw TestClientError("create task: \(response)") }
    }

    private func webhooks(_ client: HTTPTestClient) throws -> [[String: Any]] {
        try client.get("/api/v1/webhooks").json()["webhooks"] as? [[String: Any]] ?? []
    }

    /// The log is written in batches: waits up to 5 s for `text` to appear in it.
    private func waitForLog(_ server: ServerProcess, _ text: String) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !server.stderr.contains(text), Date() < deadline { usleep(50_000) }
        return server.stderr.contains(text)
    }

    private func waitUntilDisabled(_ client: HTTPTestClient, timeout: TimeInterval) throws -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let webhook = try webhooks(client).first, webhook["enabled"] as? Bool == false { return webhook }
            usleep(100_000)
        }
        return nil
    }

    @Test(arguments: TestBackend.available)
    func aFiredReminderIsPostedOnceAsASignedCloudEvent(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let receiver = try WebhookReceiver(.accept, directory: database.directory)
        let server = try ServerProcess(database: database, environment: Self.environment)
        let (client, user) = try server.registeredClient()
        let created = try createWebhook(client, receiver.url)
        let secret = try #require(created["secret"] as? String)
        #expect(secret.hasPrefix("whsec_"))
        #expect(try webhooks(client).first?["secret"] == nil)
        try createTaskWithReminder(client, in: 1)

        #expect(receiver.wait(forRequests: 1, timeout: 10) == 1)
        usleep(1_000_000)
        let requests = receiver.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(event["type"] as? String == "com.todo.reminder.due")
        #expect(event["partitionkey"] as? String == user["id"] as? String)
        #expect(request.headers["webhook-id"] == event["id"] as? String)
        #expect(request.headers["content-type"] == "application/cloudevents+json")
        let timestamp = try #require(Int64(request.headers["webhook-timestamp"] ?? ""))
        #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 30)
        #expect(request.headers["webhook-signature"] == WebhookSignature.header(secret: secret, timestamp: timestamp, body: Array(request.body.utf8)))
        let listed = try #require(try webhooks(client).first)
        #expect(listed["enabled"] as? Bool == true && listed["consecutive_failures"] as? Int == 0)
        #expect(listed["last_delivery_at"] is String)
    }

    @Test(arguments: [WebhookReceiver.Behaviour.fail, .hang])
    func aFailingReceiverIsRetriedWithBackoffThenDisabledWithTheReason(_ behaviour: WebhookReceiver.Behaviour) throws {
        let database = try TestDatabase(.sqlite)
        let receiver = try WebhookReceiver(behaviour, directory: database.directory)
        let server = try ServerProcess(database: database, environment: Self.environment)
        let (client, _) = try server.registeredClient()
        _ = try createWebhook(client, receiver.url)
        try createTaskWithReminder(client, in: 0.5)

        let disabled = try #require(try waitUntilDisabled(client, timeout: 20))
        let reason = disabled["disabled_reason"] as? String ?? ""
        #expect(reason.hasPrefix("disabled: a delivery failed all its attempts, 6 failed attempts since the last delivery"), "\(reason)")
        #expect(reason.contains(behaviour == .fail ? "the receiver answered HTTP 500" : "the receiver did not answer in time"))
        #expect(receiver.requests.count == 6)
        #expect(waitForLog(server, "webhook delivery failed"))
        #expect(waitForLog(server, "webhook disabled"))
        let metrics = try server.client().get("/metrics").text
        #expect(metrics.contains("todo_webhooks_disabled_total 1"))
        // The in-app notification is there all the same.
        #expect((try client.get("/api/v1/notifications").json()["notifications"] as? [Any])?.count == 1)
    }

    /// Reminders fired together at a receiver down for one retry period fail once each: more
    /// failures in a row than a delivery has attempts, but each is retried and delivered, and
    /// the webhook stays enabled (it was disabled, and all of them lost).
    @Test func remindersFailingTogetherOnceAreEachRetriedAndTheWebhookStays() throws {
        let database = try TestDatabase(.sqlite)
        let receiver = try WebhookReceiver(.failFirst, directory: database.directory)
        let server = try ServerProcess(database: database, environment: Self.environment)
        let (client, _) = try server.registeredClient()
        _ = try createWebhook(client, receiver.url)
        let at = RFC3339.format(Date().addingTimeInterval(1))
        for index in 1...8 {
            let response = try client.post("/api/v1/tasks", ["title": "Task \(index)", "due_at": RFC3339.format(Date().addingTimeInterval(3600)),
                                                             "reminders": [["at": at]]])
            #expect(response.status == 201)
        }

        #expect(receiver.wait(forRequests: 16, timeout: 20) == 16)
        let ids = receiver.requests.compactMap { $0.headers["webhook-id"] }
        #expect(Set(ids).count == 8)
        let webhook = try #require(try webhooks(client).first)
        #expect(webhook["enabled"] as? Bool == true, "\(webhook)")
        #expect(webhook["consecutive_failures"] as? Int == 0, "\(webhook)")
    }

    @Test func aWebhookURLThatIsNotHTTPOrPointsIntoAPrivateNetworkIsRefused() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        for url in ["ftp://example.com/hook", "http://127.0.0.1:9/hook", "http://10.0.0.1/hook", "http://169.254.169.254/", "http://[::1]/"] {
            let response = try client.post("/api/v1/webhooks", ["url": url])
            #expect(response.status == 422, "\(url): \(response)")
            #expect(response.text.contains(#""field":"url""#))
        }
        #expect(try webhooks(client).isEmpty)
        #expect(waitForLog(server, "msg=\"webhook refused\""))
        #expect(try server.client().get("/metrics").text.contains("todo_webhooks_refused_total 5"))
        #expect(try client.delete("/api/v1/webhooks/\(UUID().uuidString)").status == 404)
    }

    @Test func aWebhookIsDeleted() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: Self.environment)
        let (client, _) = try server.registeredClient()
        let (stranger, _) = try server.registeredClient()
        let id = try #require(try createWebhook(client, "http://127.0.0.1:9/hook")["id"] as? String)
        #expect(try stranger.delete("/api/v1/webhooks/\(id)").status == 404)
        #expect(try client.delete("/api/v1/webhooks/\(id)").status == 204)
        #expect(try webhooks(client).isEmpty)
    }

    @Test func aBadWebhookSettingStopsStartUpNamingIt() throws {
        let database = try TestDatabase(.sqlite)
        let result = try TodoBinary.run(["serve", "--db", database.url, "--port", "0"], environment: ["TODO_WEBHOOK_TIMEOUT": "soon"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("TODO_WEBHOOK_TIMEOUT: \"soon\" is not a number of seconds from 1.0 to 120"))
    }
}
