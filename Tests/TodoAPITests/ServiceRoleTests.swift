import Foundation
import Testing
import TodoTestSupport

/// `todo serve --service NAME`: each service alone answers its own probes (DESIGN §6.3) and
/// only its own routes; an unknown name is refused before anything starts.
@Suite struct ServiceRoleTests {
    @Test(arguments: [("backend", "backend"), ("notification", "notification-service"), ("recurring", "recurring-task-service"),
                      ("audit-log-service", "audit-log-service"), ("websocket", "websocket-service")])
    func eachServiceAnswersItsOwnProbes(word: String, name: String) throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, arguments: ["--service", word])
        let client = server.client()
        let health = try client.get("/healthz")
        #expect(health.status == 200)
        if name == "websocket-service" {
            #expect(try health.json()["service"] as? String == name)
            #expect(try health.json()["connections"] as? Int == 0)
        } else {
            #expect(health.text == #"{"service":"\#(name)","status":"healthy"}"#)
        }
        #expect(try client.get("/readyz").text == #"{"service":"\#(name)","status":"ready"}"#)
        #expect(server.stdout.contains("todo serve: \(name) listening on http://127.0.0.1:\(server.port)"))
        // The task API is the backend's alone.
        let tasks = try client.send("GET", "/api/v1/tasks", authorized: false)
        #expect(tasks.status == (name == "backend" ? 401 : 404))
    }

    @Test func allServicesInOneProcessAnswerAsTheBackend() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        #expect(try server.client().get("/healthz").text == #"{"service":"backend","status":"healthy"}"#)
        #expect(server.signal(SIGTERM))
        #expect(server.stderr.contains("services=backend,notification-service,recurring-task-service,audit-log-service,websocket-service"))
    }

    @Test func eventsStatusShowsEachServicesGroupAndTheOnesNotStarted() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, arguments: ["--service", "recurring"])
        #expect(try TodoBinary.run(["add", "Water the plants every day", "--db", database.url]).status == 0)
        var status = try TodoBinary.run(["events", "status", "--db", database.url])
        let deadline = Date(timeIntervalSinceNow: 10)
        while !status.stdout.contains("recurring-task-service  task-events   1 "), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            status = try TodoBinary.run(["events", "status", "--db", database.url])
        }
        #expect(status.stdout.contains("recurring-task-service  task-events   1         0"), "\(status.stdout)\n\(server.stderr)")
        for (group, topic) in [("notification-service", "task-events"), ("notification-service", "reminders"),
                               ("audit-log-service", "task-events"), ("websocket-service", "task-updates")] {
            #expect(status.stdout.split(separator: "\n").contains {
                $0.hasPrefix(group) && $0.contains(" \(topic) ") && $0.hasSuffix("not started")
            }, "\(status.stdout)")
        }
        let json = try TodoBinary.run(["events", "status", "--json", "--db", database.url])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((document?["not_started"] as? [[String: Any]])?.count == 4)
    }

    /// Brokers that do not answer: the consumers' positions are unknown, and said so with exit
    /// 1 (every group was listed as "not started", exit 0, as if no service had ever consumed).
    @Test func statusWithBrokersThatDoNotAnswerSaysThePositionsAreUnknown() throws {
        let database = try TestDatabase(.sqlite)
        let port = try TansuBroker.freePort()
        let status = try TodoBinary.run(["events", "status", "--db", database.url],
                                        environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": "127.0.0.1:\(port)"])
        #expect(status.status == 1, "\(status)")
        #expect(status.stdout.contains("Consumers:     cannot ask the brokers"), "\(status.stdout)")
        #expect(!status.stdout.contains("not started"), "\(status.stdout)")
        #expect(status.stderr.contains("todo: the consumers' positions are unknown"), "\(status.stderr)")
        #expect(!status.stderr.contains("%3|"), "librdkafka's own log: \(status.stderr)")
    }

    @Test func anUnknownServiceIsRefused() throws {
        let database = try TestDatabase(.sqlite)
        let result = try TodoBinary.run(["serve", "--db", database.url, "--port", "0", "--service", "auditt"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--service must be one of backend, notification, recurring, audit, websocket (got \"auditt\"); did you mean 'audit'?"))
        #expect(!FileManager.default.fileExists(atPath: database.directory.appendingPathComponent("todo.db").path))
    }
}
