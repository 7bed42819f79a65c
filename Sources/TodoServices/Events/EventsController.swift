import CCrypto
import Foundation
import TodoEvents
import TodoHTTP

/// `GET /metrics` (Prometheus text), and with the Dapr bus the routes the sidecar calls:
/// `GET /dapr/subscribe`, `POST /dapr/events/{topic}` and `POST /cron-binding`.
struct EventsController: Sendable {
    let backbone: EventBackbone
    /// Dapr's app API token (`APP_API_TOKEN`): when set, the sidecar's calls must carry it in
    /// the `dapr-api-token` header.
    let daprAPIToken: String?

    func addRoutes(to router: Router<AppContext>) {
        router.get("/metrics") { _, _ in
            HTTPResponse(headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: Array(backbone.metricsText().utf8))
        }
        guard let dapr = backbone.bus as? DaprEventBus else { return }
        router.get("/dapr/subscribe") { request, _ in
            try checkSidecar(request)
            return .json(dapr.subscriptionsJSON())
        }
        router.post("/dapr/events/:topic") { request, context in
            try checkSidecar(request)
            let topic = context.parameters["topic"] ?? ""
            guard let status = dapr.receive(topic: topic, body: request.body) else {
                throw HTTPError(.notFound, code: "not_found", message: "nothing here subscribes to the topic \"\(topic)\"")
            }
            return .json(Array(#"{"status":"\#(status.rawValue)"}"#.utf8))
        }
        router.post("/cron-binding") { request, _ in
            try checkSidecar(request)
            backbone.cronTick()
            return .json("{}")
        }
    }

    private func checkSidecar(_ request: HTTPRequest) throws(HTTPError) {
        guard let expected = daprAPIToken else { return }
        let given = Array((request.headers["dapr-api-token"] ?? "").utf8)
        let wanted = Array(expected.utf8)
        let same = given.count == wanted.count
            && given.withUnsafeBytes { a in wanted.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, wanted.count) == 0 } }
        guard same else { throw HTTPError(.unauthorized, code: "unauthorized", message: "the dapr-api-token header is missing or wrong") }
    }
}
