import Foundation
import TodoEvents
import TodoHTTP

/// `GET /metrics` (Prometheus text), and with the Dapr bus the routes the sidecar calls:
/// `GET /dapr/subscribe`, `POST /dapr/events/{topic}` and `POST /cron-binding`.
struct EventsController: Sendable {
    let backbone: EventBackbone
    /// Dapr's app API token (`APP_API_TOKEN`): when set, the sidecar's calls must carry it in
    /// the `dapr-api-token` header; when not, only a caller on this machine is the sidecar.
    let daprAPIToken: String?
    /// `TODO_METRICS_TOKEN`: when set, `/metrics` needs `Authorization: Bearer` with it.
    let metricsToken: String?

    func addRoutes(to router: Router<AppContext>) {
        router.get("/metrics", documentation: Self.metricsDocumentation) { request, _ in
            if let metricsToken, !ConstantTime.equal(request.bearerToken ?? "", metricsToken) {
                throw HTTPError.unauthorized("/metrics needs Authorization: Bearer with the token of TODO_METRICS_TOKEN")
            }
            return HTTPResponse(headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: Array(backbone.metricsText().utf8))
        }
        // The sidecar's routes exist only on the Dapr bus: on another bus nothing may post events.
        guard let dapr = backbone.bus as? DaprEventBus else { return }
        router.get("/dapr/subscribe", documentation: Self.subscribeDocumentation) { request, _ in
            try checkSidecar(request)
            return HTTPResponse.json(dapr.subscriptionsJSON())
        }
        router.post("/dapr/events/:topic", documentation: Self.deliveryDocumentation) { request, context in
            try checkSidecar(request)
            let topic = try context.parameters.require("topic")
            guard let status = dapr.receive(topic: topic, body: request.body) else {
                throw HTTPError(.notFound, code: "not_found", message: "nothing here subscribes to the topic \"\(topic)\"")
            }
            return HTTPResponse.json(Array(#"{"status":"\#(status.rawValue)"}"#.utf8))
        }
        router.post("/cron-binding", documentation: Self.cronDocumentation) { request, _ in
            try checkSidecar(request)
            backbone.cronTick()
            return HTTPResponse.json("{}")
        }
    }

    static let metricsDocumentation = OperationDocumentation(
        "Metrics of the event backbone (Prometheus text format)", id: "metrics", tags: ["operations"],
        description: "Counters (events relayed, consumed, dead-lettered, rejected; relay and publish errors) and gauges read at scrape time (outbox backlog, relay leader, consumer lag, dead letters). With TODO_METRICS_TOKEN set, Authorization: Bearer with that token is needed.",
        responses: [.init(.ok, "Prometheus text exposition format 0.0.4.", contentType: "text/plain", schema: .string()),
                    APIDocumentation.errorResponse(.unauthorized, "TODO_METRICS_TOKEN is set and the request does not carry it."),
                    APIDocumentation.error])

    /// The sidecar's token (`APP_API_TOKEN`), and the answers of a caller that is not the sidecar.
    private static let sidecarParameters: [OperationDocumentation.Parameter] = [
        .header("dapr-api-token", .string(), description: "APP_API_TOKEN, when it is set; without it, only callers on this machine are answered."),
    ]
    private static let notTheSidecar: [OperationDocumentation.Response] = [
        APIDocumentation.errorResponse(.unauthorized, "The dapr-api-token header is missing or wrong."),
        APIDocumentation.errorResponse(.forbidden, "No APP_API_TOKEN is set and the caller is not on this machine."),
    ]

    static let subscribeDocumentation = OperationDocumentation(
        "Dapr: the topics this app subscribes to (only on the Dapr bus)", id: "daprSubscriptions", tags: ["dapr"],
        parameters: sidecarParameters,
        responses: [.init(.ok, "Dapr's programmatic subscriptions.", schema: .array(of: .object([
            .required("pubsubname", .string()), .required("topic", .string()), .required("route", .string()),
            .required("deadLetterTopic", .string()),
        ])))] + notTheSidecar + [APIDocumentation.error])

    static let deliveryDocumentation = OperationDocumentation(
        "Dapr: one delivery of a topic's CloudEvent (only on the Dapr bus)", id: "daprDelivery", tags: ["dapr"],
        parameters: [.path("topic", .string(), description: "The topic the event was published to.")] + sidecarParameters,
        body: .init(contentType: "application/cloudevents+json", schema: .object()),
        responses: [.init(.ok, "What the sidecar should do with the event.", schema: .object([
            .required("status", .enumeration([DaprEventBus.Status.success, .retry, .drop].map(\.rawValue))),
        ])), APIDocumentation.errorResponse(.notFound, "Nothing here subscribes to the topic.")] + notTheSidecar + [APIDocumentation.error])

    static let cronDocumentation = OperationDocumentation(
        "Dapr: the cron binding's tick (only on the Dapr bus)", id: "daprCronTick", tags: ["dapr"], parameters: sidecarParameters,
        responses: [.init(.ok, "The tick was taken.", schema: .object())] + notTheSidecar + [APIDocumentation.error])

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
