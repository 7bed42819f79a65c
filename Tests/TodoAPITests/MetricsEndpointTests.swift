import Foundation
import Testing
import TodoTestSupport

/// `/metrics` answers from what the server already knows, and only to whom it should.
@Suite struct MetricsEndpointTests {
    @Test func aScrapeNeverWaitsForTheKafkaBrokers() throws {
        // Brokers that never answer: asking them for the groups' lag takes seconds each time.
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: ["TODO_EVENT_BUS": "kafka",
                                                                         "KAFKA_BROKERS": "127.0.0.1:\(try TansuBroker.freePort())"])
        let client = server.client()
        for _ in 0..<3 {
            let started = Date()
            let metrics = try client.get("/metrics")
            #expect(metrics.status == 200)
            #expect(Date().timeIntervalSince(started) < 0.5, "a scrape took \(Date().timeIntervalSince(started)) s")
            #expect(metrics.text.contains("todo_outbox_backlog"))
            #expect(!metrics.text.contains("todo_consumer_lag{"), "no lag is shown while the brokers do not answer")
        }
    }

    @Test(.enabled(if: TestComponent.tansu.runsTests, "needs tansu: run scripts/test"))
    func theKafkaLagIsReadInTheBackgroundAndServed() throws {
        let database = try TestDatabase(.sqlite)
        let broker = try TansuBroker()
        let server = try ServerProcess(database: database, environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": broker.brokers])
        let (client, _) = try server.registeredClient()
        #expect(try client.post("/api/v1/tasks", ["title": "counted"]).status == 201)
        // Once the background reader had its answer from the brokers, scrapes show it.
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            text = try client.get("/metrics").text
            if text.contains("# TYPE todo_consumer_lag gauge") { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(text.contains("# TYPE todo_consumer_lag gauge"), "\(text)")
    }

    /// DESIGN §5's metrics middleware: every request counted by method and status class, and
    /// timed in a histogram (there were only event and WebSocket figures).
    @Test func requestsAreCountedByMethodAndStatusAndTimed() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        for _ in 0..<3 { #expect(try client.post("/api/v1/tasks", ["title": "counted"]).status == 201) }
        #expect(try client.get("/api/v1/tasks/\(UUID().uuidString)").status == 404)
        #expect(try server.client().get("/api/v1/tasks").status == 401)
        #expect(try client.send("DELETE", "/healthz").status == 405)
        let text = try client.get("/metrics").text
        func value(_ sample: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(sample + " ") }.flatMap { Int($0.split(separator: " ").last!) }
        }
        #expect(value(#"todo_http_requests_total{method="POST",code="2xx"}"#).map { $0 >= 4 } == true, "register and 3 creates: \(text)")
        #expect(value(#"todo_http_requests_total{method="GET",code="4xx"}"#) == 2, "\(text)")
        #expect(value(#"todo_http_requests_total{method="DELETE",code="4xx"}"#) == 1, "\(text)")
        #expect(text.contains("# TYPE todo_http_request_duration_seconds histogram"))
        let count = try #require(value("todo_http_request_duration_seconds_count"), "\(text)")
        #expect(count >= 7 && value(#"todo_http_request_duration_seconds_bucket{le="+Inf"}"#) == count, "\(text)")
    }

    @Test func theMetricsTokenGuardsTheScrape() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: ["TODO_METRICS_TOKEN": "scrape-secret"])
        let client = server.client()
        for header in [[], [("Authorization", "Bearer wrong")], [("Authorization", "Bearer scrape-secret-and-more")]] {
            let refused = try client.send("GET", "/metrics", headers: header)
            #expect(refused.status == 401, "\(header): \(refused)")
            #expect(refused.errorCode == "unauthorized")
            #expect(!refused.text.contains("todo_outbox_backlog"))
        }
        let scraped = try client.send("GET", "/metrics", headers: [("Authorization", "Bearer scrape-secret")])
        #expect(scraped.status == 200)
        #expect(scraped.text.contains("todo_outbox_backlog"))
        // Without the setting, /metrics stays open (the other tests scrape it so).
    }

    @Test func theDaprRoutesDoNotExistOnAnotherBus() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)  // the embedded bus, no APP_API_TOKEN
        let client = server.client()
        #expect(try client.get("/dapr/subscribe").status == 404)
        let event = Array(#"{"specversion":"1.0","id":"e1","source":"/x","type":"com.todo.task.created"}"#.utf8)
        let posted = try client.send("POST", "/dapr/events/task-events", body: event, headers: [("Content-Type", "application/cloudevents+json")])
        #expect(posted.status == 404)
        #expect(try client.send("POST", "/cron-binding", json: [:] as [String: String]).status == 404)
    }
}
