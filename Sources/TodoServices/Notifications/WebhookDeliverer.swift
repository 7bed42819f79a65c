import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoLog
import TodoNet
import TodoStore

/// POSTs queued webhook deliveries: the CloudEvent as the body, signed (`WebhookSignature`),
/// with a timeout; a failure is retried with exponential backoff, and a webhook failing
/// `maxAttempts` times in a row is disabled with the reason. Deliveries are claimed in the
/// database, so every replica may run a deliverer without sending one twice; one whose
/// deliverer died is sent again after its claim runs out (at least once: receivers de-duplicate
/// by `Webhook-Id`, the event id).
final class WebhookDeliverer: Sendable {
    private let sender: WebhookSender
    private let loop: DeliveryLoop<WebhookDelivery>

    init(store: any TaskStore, settings: WebhookSettings, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date) {
        let sender = WebhookSender(store: store, settings: settings, metrics: metrics, logger: logger, clock: clock)
        self.sender = sender
        let claimFor = settings.timeout + 30
        loop = DeliveryLoop(name: "webhook deliverer", errorMetric: "todo_webhook_deliverer_errors_total", metrics: metrics, logger: logger,
                            clock: clock, claim: { now in try store.claimWebhookDeliveries(now: now, limit: 16, claimFor: claimFor) },
                            nextDue: { try store.nextWebhookDeliveryAt() }, deliver: { sender.deliver($0) })
    }

    func start() { loop.start() }

    func stop() {
        loop.stop()
    }

    /// New deliveries were queued.
    func signal() { loop.signal() }
}

/// Sends one delivery and records its outcome.
private struct WebhookSender: Sendable {
    let store: any TaskStore
    let settings: WebhookSettings
    let policy: WebhookAddressPolicy
    let metrics: EventMetrics
    let logger: Logger
    let clock: @Sendable () -> Date

    init(store: any TaskStore, settings: WebhookSettings, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.settings = settings
        policy = WebhookAddressPolicy(allowedHosts: settings.allowedHosts)
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    func deliver(_ delivery: WebhookDelivery) {
        let outcome: WebhookAttemptOutcome
        let attempt = delivery.attempts + 1
        do {
            try post(delivery)
            outcome = .delivered
        } catch {
            let retry = settings.retryDelay(afterFailedAttempts: attempt)
            outcome = .failed(reason: error.description, retryAt: retry.map { clock().addingTimeInterval($0) })
            metrics.increment("todo_webhook_deliveries_total", [("outcome", error.metricReason)])
            logger.warning("webhook delivery failed", [("webhook_id", delivery.webhookID.lowercasedString), ("event_id", delivery.eventID),
                                                      ("attempt", String(attempt)), ("error", error.description),
                                                      ("retry_in_ms", retry.map { String(Int($0 * 1000)) } ?? "none")])
        }
        do {
            if case .delivered = outcome { metrics.increment("todo_webhook_deliveries_total", [("outcome", "delivered")]) }
            let disabled = try store.recordWebhookAttempt(delivery, outcome: outcome, disableAfter: settings.maxAttempts, now: clock())
            if disabled {
                metrics.increment("todo_webhooks_disabled_total")
                logger.warning("webhook disabled", [("webhook_id", delivery.webhookID.lowercasedString),
                                                   ("failed_attempts", String(settings.maxAttempts))])
            }
        } catch {
            // The claim runs out and the delivery is tried again: at least once.
            logger.error("webhook attempt not recorded", [("webhook_id", delivery.webhookID.lowercasedString), ("error", String(describing: error))])
        }
    }

    private func post(_ delivery: WebhookDelivery) throws(WebhookDeliveryError) {
        let url: URL, pins: [String]
        do { (url, pins) = try policy.target(delivery.url) } catch { throw .refused(error) }
        let body = Array(delivery.payload.utf8)
        let timestamp = Int64(clock().timeIntervalSince1970)
        let headers: [(name: String, value: String)] = [
            ("Content-Type", "application/cloudevents+json"), ("Webhook-Id", delivery.eventID), ("Webhook-Timestamp", String(timestamp)),
            ("Webhook-Signature", WebhookSignature.header(secret: delivery.secret, timestamp: timestamp, body: body)),
        ]
        // To the addresses checked (`pins`), and no redirect followed (`HTTPClient`): either could
        // lead to an address the policy refuses.
        let status: Int
        do {
            var request = HTTPClientRequest(method: "POST", url: url.absoluteString, headers: headers, body: body,
                                            timeout: settings.timeout, maxResponseBytes: 1 << 20)
            request.resolve = pins
            status = try HTTPClient.send(request).status
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .failed(_, let message): throw .unreachable(message)
            case .tooLarge: throw .unreachable("the answer is larger than 1 MB")
            }
        }
        guard (200..<300).contains(status) else { throw .status(status) }
    }
}

/// Why one delivery attempt failed.
enum WebhookDeliveryError: Error, CustomStringConvertible {
    case refused(WebhookAddressError)
    case timedOut
    case unreachable(String)
    case status(Int)

    var description: String {
        switch self {
        case .refused(let error): "refused: \(error.description)"
        case .timedOut: "the receiver did not answer in time"
        case .unreachable(let detail): "the receiver cannot be reached: \(detail.prefix(200))"
        case .status(let code): "the receiver answered HTTP \(code)"
        }
    }

    var metricReason: String {
        switch self {
        case .refused: "refused_address"
        case .timedOut: "timeout"
        case .unreachable: "unreachable"
        case .status: "error_status"
        }
    }
}
