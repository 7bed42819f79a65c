import Foundation
import Testing
import TodoTestSupport

/// The five services as separate processes over PostgreSQL and Kafka (tansu).
@Suite struct DistributedTopologyTests {
    @Test func everyServiceRunsAloneAndAnswersInItsName() throws {
        let topology = try DistributedTopology()
        let names = ["backend": "backend", "notification": "notification-service", "recurring": "recurring-task-service",
                     "audit": "audit-log-service", "websocket": "websocket-service"]
        for (word, name) in names {
            let health = try topology.client(word, token: nil).get("/healthz")
            #expect(health.status == 200)
            #expect(try health.json()["service"] as? String == name, "\(topology.logs)")
        }
        // A token the backend issued is good at every service: one secret, one sessions table.
        let (client, _) = try topology.registeredClient()
        #expect(try topology.client("audit", token: client.token).get("/api/v1/tasks").status == 404)
        #expect(try client.post("/api/v1/tasks", ["title": "across processes"]).status == 201)
        // One service killed and started again comes back on the same data.
        topology.kill9("recurring")
        try topology.start("recurring")
        #expect(try topology.client("recurring", token: nil).get("/healthz").status == 200)
    }
}
