import Foundation
import TodoEvents
import TodoHTTP

/// `GET /metrics` (Prometheus text), and with the Dapr bus the routes the sidecar calls:
/// `GET /dapr/subscribe`, `POST /dapr/events/{topic}`, `POST /cron-binding` and `POST /job/{name}`.
struct EventsController: Sendable {
    let backbone: EventBackbone
    /// Dapr's app API token (`APP_API_TOKEN`): when set, the sidecar's calls must carry it in
    /// the `dapr-api-token` header; when not, only a caller on this machine is the sidecar.
    let daprAPIToken: String?
    /// `TODO_METRICS_TOKEN`: when set, `/metrics` needs `Authorization: Bearer` with it.
    let metricsToken: String?

    func addRoutes(to router: Router<AppContext>) {
        router.get("/metrics") { request, _ in
            if let metricsToken, !ConstantTime.equal(request.bearerToken ?? "", metricsToken) {
                throw HTTPError.unauthorized("/metrics needs Authorization: Bearer with the token of TODO_METRICS_TOKEN")
            }
            return HTTPResponse(headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: Array(backbone.metricsText().utf8))
        }
        // The sidecar's routes exist only on the Dapr bus: on another bus nothing may post events.
        guard let dapr = backbone.bus as? DaprEventBus else { return }
        router.get("/dapr/subscribe") { request, _ in
            try checkSidecar(request)
            return HTTPResponse.json(dapr.subscriptionsJSON())
        }
        router.post("/dapr/events/:topic") { request, context in
            try checkSidecar(request)
            let topic = try context.parameters.require("topic")
            guard let status = dapr.receive(topic: topic, body: request.body) else {
                throw HTTPError(.notFound, code: "not_found", message: "nothing here subscribes to the topic \"\(topic)\"")
            }
            return HTTPResponse.json(Array(#"{"status":"\#(status.rawValue)"}"#.utf8))
        }
        router.post("/cron-binding") { request, _ in
            try checkSidecar(request)
            backbone.cronTick()
            return HTTPResponse.json("{}")
        }
        router.post("/job/:name") { request, context in
            try checkSidecar(request)
            let name = try context.parameters.require("name")
            guard backbone.jobTriggered(name: name, body: request.body) else {
                throw HTTPError(.notFound, code: "not_found", message: "no job \"\(name.prefix(100))\" is known here")
            }
            return HTTPResponse.json("{}")
        }
    }

    /// The sidecar proves itself with the app API token; without one configured, by calling
    /// from this machine (daprd calls its app on 127.0.0.1), so a server listening on every
    /// interface does not take events from anyone who can reach it.
    private func checkSidecar(_ request: HTTPRequest) throws(HTTPError) {
        guard let expected = daprAPIToken else {
            guard Self.isLoopback(request.remoteAddress) else {
                throw HTTPError(.forbidden, code: "forbidden",
                                message: "the Dapr routes answer only the sidecar on this machine; set APP_API_TOKEN to accept others that carry it")
            }
            return
        }
        guard ConstantTime.equal(request.headers["dapr-api-token"] ?? "", expected) else {
            throw HTTPError(.unauthorized, code: "unauthorized", message: "the dapr-api-token header is missing or wrong")
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1"
    }
}
