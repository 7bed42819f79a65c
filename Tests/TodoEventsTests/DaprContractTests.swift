import Foundation
import Synchronization
import Testing
import TodoCore
import TodoEvents
import TodoHTTP
import TodoLog
import TodoServices
import TodoStore
import TodoTestSupport

/// Plays the Dapr sidecar (no daprd exists here): a real HTTP server that receives what we
/// publish, and real requests to our subscription routes as daprd sends them (Dapr's
/// documented HTTP API: /v1.0/publish/{pubsub}/{topic}, GET /dapr/subscribe, POST to the
/// routes with application/cloudevents+json, and the input binding's POST /cron-binding).
final class FakeSidecar: Sendable {
    struct Publish: Sendable {
        var path: String
        var partitionKey: String?
        var contentType: String?
        var body: [UInt8]
    }

    private let received = Mutex<[Publish]>([])
    /// The status the sidecar answers publishes with (500 plays a broken pub/sub component).
    let status = Atomic<Int>(204)
    let server: HTTPServer

    init() throws {
        let router = Router<AppContext>()
        let box = Box()
        router.post("/v1.0/publish/:pubsub/:topic") { request, _ in
            box.sidecar?.received.withLock {
                $0.append(Publish(path: request.path, partitionKey: request.query["metadata.partitionKey"],
                                  contentType: request.headers["content-type"], body: request.body))
            }
            let code = box.sidecar?.status.load(ordering: .relaxed) ?? 204
            return HTTPResponse(status: HTTPStatus(code: code, reason: code == 204 ? "No Content" : "Internal Server Error"),
                                body: code == 204 ? [] : Array(#"{"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE","message":"broker down"}"#.utf8))
        }
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1, workerThreads: 4, maxConnections: 64),
                            responder: router.buildResponder())
        try server.start()
        box.sidecar = self
    }

    var publishes: [Publish] { received.withLock { $0 } }

    func wait(forPublishes count: Int, timeout: TimeInterval = 10) -> [Publish] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while publishes.count < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return publishes
    }

    final class Box: @unchecked Sendable {
        weak var sidecar: FakeSidecar?
    }
}

/// Our server with the Dapr bus, in this process, on a free port.
struct DaprApp {
    let fixture: EventFixture
    let backbone: EventBackbone
    let server: HTTPServer
    let client: HTTPTestClient

    init(sidecar: FakeSidecar, backend: TestBackend, apiToken: String? = nil) throws {
        fixture = try EventFixture(backend)
        var relay = OutboxRelay.Configuration(owner: "dapr-test")
        relay.pollInterval = 0.02
        relay.maxBackoff = 0.2
        backbone = try EventBackbone(store: fixture.store, kind: .dapr, environment: ["DAPR_HTTP_PORT": String(sidecar.server.port)],
                                     logger: Logger(label: "test", writer: nil), relayConfiguration: relay)
        let api = BackendAPI(store: fixture.store, jwtSecret: Array(repeating: 7, count: 32), logger: Logger(label: "test", writer: nil),
                             events: backbone, daprAPIToken: apiToken)
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1, workerThreads: 4, maxConnections: 64),
                            responder: api.makeRouter(accessLog: false).buildResponder())
        try server.start()
        client = HTTPTestClient(port: server.port)
    }

    func stop() {
        server.shutdown(gracePeriod: .seconds(2))
        backbone.stop()
    }
}

@Suite(.serialized) struct DaprContractTests {
    @Test(arguments: TestBackend.available)
    func publishesEachChangeToTheSidecarAndRetriesWhileItAnswers500(backend: TestBackend) throws {
        let sidecar = try FakeSidecar()
        defer { sidecar.server.shutdown(gracePeriod: .seconds(1)) }
        let app = try DaprApp(sidecar: sidecar, backend: backend)
        defer { app.stop() }
        sidecar.status.store(500, ordering: .relaxed)
        app.backbone.start()
        let tasks = try app.fixture.createTasks(3)
        // The sidecar refuses for a while: the relay keeps the events and tries again.
        let refusing = Date(timeIntervalSinceNow: 15)
        while app.backbone.metrics.value("todo_relay_errors_total") < 2, Date() < refusing { Thread.sleep(forTimeInterval: 0.02) }
        #expect(app.backbone.metrics.value("todo_relay_errors_total") >= 2)
        #expect(try app.fixture.store.eventLog.outboxBacklog().count == 3)
        sidecar.status.store(204, ordering: .relaxed)
        let deadline = Date(timeIntervalSinceNow: 10)
        while try app.fixture.store.eventLog.outboxBacklog().count > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(try app.fixture.store.eventLog.outboxBacklog().count == 0)

        let accepted = sidecar.publishes.suffix(6)
        #expect(accepted.map(\.path) == Array(repeating: ["/v1.0/publish/kafka-pubsub/task-events", "/v1.0/publish/kafka-pubsub/task-updates"], count: 3).flatMap { $0 })
        #expect(accepted.allSatisfy { $0.contentType == "application/cloudevents+json" })
        #expect(accepted.allSatisfy { $0.partitionKey == app.fixture.user.id.lowercasedString })
        let events = try accepted.map { try CloudEvent(decoding: $0.body) }
        #expect(events.map(\.subject) == tasks.flatMap { [$0.id.lowercasedString, $0.id.lowercasedString] })
        #expect(events.allSatisfy { $0.type == "com.todo.task.created" && $0.source == "/todo-chatbot/backend" && $0.traceparent != nil })
        #expect(events.compactMap(\.sequence) == [1, 1, 2, 2, 3, 3])
        #expect(events[0].data?["task"]?["title"] == .string("Task 0"))

        let metrics = try app.client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains(#"todo_events_relayed_total{topic="task-events"} 3"#))
        #expect(metrics.text.contains("todo_outbox_backlog 0"))
        #expect(metrics.text.contains(#"todo_publish_errors_total{bus="dapr"}"#))
    }

    @Test func answersTheSidecarsCallsAsDaprExpects() throws {
        let sidecar = try FakeSidecar()
        defer { sidecar.server.shutdown(gracePeriod: .seconds(1)) }
        let app = try DaprApp(sidecar: sidecar, backend: .sqlite)
        defer { app.stop() }
        let handled = Received()
        let failures = Atomic<Int>(0)
        _ = try app.backbone.bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { event in
            if event.subject == "poison" {
                failures.add(1, ordering: .relaxed)
                throw Failure(description: "cannot apply")
            }
            handled.append(event)
        }
        let ticks = Atomic<Int>(0)
        app.backbone.onCron { ticks.add(1, ordering: .relaxed) }

        let subscriptions = try app.client.get("/dapr/subscribe")
        #expect(subscriptions.status == 200)
        let list = try JSONSerialization.jsonObject(with: Data(subscriptions.body)) as? [[String: String]]
        #expect(list == [["pubsubname": "kafka-pubsub", "topic": "task-events", "route": "/dapr/events/task-events",
                          "deadLetterTopic": "task-events.dlq"]])

        // What daprd POSTs: our CloudEvent with the attributes the sidecar adds.
        func delivery(_ subject: String, id: String) -> [UInt8] {
            Array(#"{"specversion":"1.0","id":"\#(id)","source":"/todo-chatbot/backend","type":"com.todo.task.created","subject":"\#(subject)","datacontenttype":"application/json","partitionkey":"u1","sequence":1,"data":{"user_id":"u1","task":{},"changes":{}},"pubsubname":"kafka-pubsub","topic":"task-events","traceid":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","tracestate":""}"#.utf8)
        }
        let headers = [("Content-Type", "application/cloudevents+json")]
        let ok = try app.client.send("POST", "/dapr/events/task-events", body: delivery("t1", id: "e1"), headers: headers, authorized: false)
        #expect(ok.status == 200)
        #expect(ok.text == #"{"status":"SUCCESS"}"#)
        #expect(handled.all.map(\.id) == ["e1"])

        // A handler that fails: RETRY while attempts remain, then DROP with a dead letter.
        var statuses: [String] = []
        for _ in 0..<5 {
            let answer = try app.client.send("POST", "/dapr/events/task-events", body: delivery("poison", id: "e2"), headers: headers, authorized: false)
            statuses.append(answer.text)
        }
        #expect(statuses == Array(repeating: #"{"status":"RETRY"}"#, count: 4) + [#"{"status":"DROP"}"#])
        #expect(try app.fixture.store.eventLog.deadLetterCounts().first?.count == 1)
        let dlq = sidecar.wait(forPublishes: 1).first
        #expect(dlq?.path == "/v1.0/publish/kafka-pubsub/task-events.dlq")

        // Malformed: dropped at once, with a dead letter and a metric; the next one still works.
        let bad = try app.client.send("POST", "/dapr/events/task-events", body: Array("{\"specversion\":\"1.0\"}".utf8), headers: headers, authorized: false)
        #expect(bad.text == #"{"status":"DROP"}"#)
        #expect(app.backbone.metrics.value("todo_events_rejected_total", [("reason", "invalid_attribute")]) == 1)
        let next = try app.client.send("POST", "/dapr/events/task-events", body: delivery("t3", id: "e3"), headers: headers, authorized: false)
        #expect(next.text == #"{"status":"SUCCESS"}"#)

        let unknown = try app.client.send("POST", "/dapr/events/nothing", body: delivery("t4", id: "e4"), headers: headers, authorized: false)
        #expect(unknown.status == 404)

        let cron = try app.client.send("POST", "/cron-binding", body: Array("{}".utf8), headers: [("Content-Type", "application/json")], authorized: false)
        #expect(cron.status == 200)
        #expect(ticks.load(ordering: .relaxed) == 1)
    }

    /// All services in one process: the sidecar delivers each event of a topic once to the app,
    /// and every group subscribed to it handles it. A group that fails has it delivered again;
    /// the others then see it again too, and apply it once by their own idempotency.
    @Test func everyGroupOfTheProcessGetsEachDeliveredEvent() throws {
        let sidecar = try FakeSidecar()
        defer { sidecar.server.shutdown(gracePeriod: .seconds(1)) }
        let app = try DaprApp(sidecar: sidecar, backend: .sqlite)
        defer { app.stop() }
        let audit = Received(), recurring = Received()
        let recurringFailures = Atomic<Int>(0)
        _ = try app.backbone.bus.subscribe(topic: EventTopic.taskEvents, group: "audit-log-service") { audit.append($0) }
        _ = try app.backbone.bus.subscribe(topic: EventTopic.taskEvents, group: "recurring-task-service") { event in
            if recurringFailures.add(1, ordering: .relaxed).newValue == 1 { throw Failure(description: "not yet") }
            recurring.append(event)
        }
        let list = try JSONSerialization.jsonObject(with: Data(try app.client.get("/dapr/subscribe").body)) as? [[String: String]]
        #expect(list?.map { $0["topic"] } == ["task-events"])

        let body = Array(#"{"specversion":"1.0","id":"e1","source":"/todo-chatbot/backend","type":"com.todo.task.created","subject":"t1","datacontenttype":"application/json","partitionkey":"u1","sequence":1,"data":{"user_id":"u1","task":{},"changes":{}}}"#.utf8)
        let headers = [("Content-Type", "application/cloudevents+json")]
        let first = try app.client.send("POST", "/dapr/events/task-events", body: body, headers: headers, authorized: false)
        #expect(first.text == #"{"status":"RETRY"}"#)
        let second = try app.client.send("POST", "/dapr/events/task-events", body: body, headers: headers, authorized: false)
        #expect(second.text == #"{"status":"SUCCESS"}"#)
        #expect(recurring.all.map(\.id) == ["e1"])
        #expect(audit.all.map(\.id) == ["e1", "e1"])
    }

    @Test func withoutAnAppAPITokenOnlyTheSidecarsAddressIsAnswered() throws {
        let sidecar = try FakeSidecar()
        defer { sidecar.server.shutdown(gracePeriod: .seconds(1)) }
        let app = try DaprApp(sidecar: sidecar, backend: .sqlite)
        defer { app.stop() }
        #expect(try app.client.send("GET", "/dapr/subscribe", authorized: false).status == 200)
        // Another address (the server may listen on every interface): refused, nothing handled.
        let stranger = HTTPTestClient(port: app.server.port)
        stranger.sourceAddress = "127.0.0.2"
        let ticks = Atomic<Int>(0)
        app.backbone.onCron { ticks.add(1, ordering: .relaxed) }
        for (method, path) in [("GET", "/dapr/subscribe"), ("POST", "/dapr/events/task-events"), ("POST", "/cron-binding")] {
            let response = try stranger.send(method, path, body: Array("{}".utf8), headers: [("Content-Type", "application/json")], authorized: false)
            #expect(response.status == 403, "\(method) \(path): \(response)")
            #expect(response.errorCode == "forbidden")
        }
        #expect(ticks.load(ordering: .relaxed) == 0)
    }

    @Test func theAppAPITokenGuardsTheSidecarRoutes() throws {
        let sidecar = try FakeSidecar()
        defer { sidecar.server.shutdown(gracePeriod: .seconds(1)) }
        let app = try DaprApp(sidecar: sidecar, backend: .sqlite, apiToken: "s3cret-token")
        defer { app.stop() }
        #expect(try app.client.send("GET", "/dapr/subscribe", authorized: false).status == 401)
        #expect(try app.client.send("GET", "/dapr/subscribe", headers: [("dapr-api-token", "wrong")], authorized: false).status == 401)
        #expect(try app.client.send("GET", "/dapr/subscribe", headers: [("dapr-api-token", "s3cret-token")], authorized: false).status == 200)
    }
}
