import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import TodoCore
import TodoEvents
import TodoLog
import TodoStore

/// POSTs queued webhook deliveries: the CloudEvent as the body, signed (`WebhookSignature`),
/// with a timeout; a failure is retried with exponential backoff, and a webhook failing
/// `maxAttempts` times in a row is disabled with the reason. Deliveries are claimed in the
/// database, so every replica may run a deliverer without sending one twice; one whose
/// deliverer died is sent again after its claim runs out (at least once: receivers de-duplicate
/// by `Webhook-Id`, the event id).
final class WebhookDeliverer: Sendable {
    private let store: any TaskStore
    private let settings: WebhookSettings
    private let policy: WebhookAddressPolicy
    private let metrics: EventMetrics
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let loop = LoopThread()
    private let wake = WakeSignal()
    private let session: URLSession

    /// Look for deliveries queued by another replica at least this often.
    static let pollInterval: TimeInterval = 1

    init(store: any TaskStore, settings: WebhookSettings, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.settings = settings
        policy = WebhookAddressPolicy(allowedHosts: settings.allowedHosts)
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout
        configuration.timeoutIntervalForResource = settings.timeout
        configuration.httpMaximumConnectionsPerHost = 2
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    func start() {
        loop.start(name: "webhook deliverer") { [self] in run() }
    }

    func stop() {
        loop.stop { wake.signal() }
        session.invalidateAndCancel()
    }

    /// New deliveries were queued.
    func signal() { wake.signal() }

    private func run() {
        var failures = 0
        while !loop.isStopping {
            let seen = wake.current
            do {
                let batch = try store.claimWebhookDeliveries(now: clock(), limit: 16, claimFor: settings.timeout + 30)
                DispatchQueue.concurrentPerform(iterations: batch.count) { deliver(batch[$0]) }
                failures = 0
                if !batch.isEmpty { continue }
                let untilNext = try store.nextWebhookDeliveryAt().map { $0.timeIntervalSince(clock()) } ?? Self.pollInterval
                let timeout = max(0, min(Self.pollInterval, untilNext))
                if timeout > 0 { wake.wait(after: seen, timeout: timeout) }
            } catch {
                failures += 1
                metrics.increment("todo_webhook_deliverer_errors_total")
                logger.log(failures == 1 ? .error : .warning, "webhook deliverer cannot reach the database, retrying",
                           [("attempt", String(failures)), ("error", String(describing: error))])
                wake.wait(after: wake.current, timeout: min(2, 0.05 * pow(2, Double(min(failures, 10)))))
            }
        }
    }

    private func deliver(_ delivery: WebhookDelivery) {
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
        let url: URL
        do { url = try policy.check(delivery.url) } catch { throw .refused(error) }
        let body = Array(delivery.payload.utf8)
        let timestamp = Int64(clock().timeIntervalSince1970)
        var request = URLRequest(url: url, timeoutInterval: settings.timeout)
        request.httpMethod = "POST"
        request.setValue("application/cloudevents+json", forHTTPHeaderField: "Content-Type")
        request.setValue(delivery.eventID, forHTTPHeaderField: "Webhook-Id")
        request.setValue(String(timestamp), forHTTPHeaderField: "Webhook-Timestamp")
        request.setValue(WebhookSignature.header(secret: delivery.secret, timestamp: timestamp, body: body), forHTTPHeaderField: "Webhook-Signature")
        request.httpBody = Data(body)
        let outcome = Mutex<Result<Int, WebhookDeliveryError>>(.failure(.unreachable("no answer")))
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { _, response, error in
            if let status = (response as? HTTPURLResponse)?.statusCode {
                outcome.withLock { $0 = .success(status) }
            } else if let error = error as? URLError, error.code == .timedOut {
                outcome.withLock { $0 = .failure(.timedOut) }
            } else {
                outcome.withLock { $0 = .failure(.unreachable(error.map { $0.localizedDescription } ?? "no answer")) }
            }
            done.signal()
        }.resume()
        // The session's own timeout ends the task; this bound is only against a stuck session.
        guard done.wait(timeout: .now() + settings.timeout + 5) == .success else { throw .timedOut }
        let status = try outcome.withLock { $0 }.get()
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

/// Redirects are not followed: one could lead to an address the policy refuses.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
