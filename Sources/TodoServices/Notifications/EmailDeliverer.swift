import Foundation
import TodoEvents
import TodoLog
import TodoStore

/// Sends queued reminder emails over SMTP (`TODO_SMTP_URL`); an SMTP server that is down or
/// refuses for now (4yz) is logged, counted and retried with exponential backoff
/// (`TODO_SMTP_RETRY_BASE` doubled), up to six attempts; a refusal for good (5yz: no such
/// mailbox) is logged and counted once, not retried. At least once: a message sent just
/// before a crash is sent again, with the same Message-ID.
final class EmailDeliverer: Sendable {
    /// Attempts per email.
    static let maxAttempts = 6

    let settings: SMTPSettings
    private let loop: DeliveryLoop<EmailDelivery>

    init(store: any TaskStore, settings: SMTPSettings, metrics: EventMetrics, logger: Logger,
         clock: @escaping @Sendable () -> Date) {
        self.settings = settings
        let mailer = SMTPMailer(settings: settings)
        loop = DeliveryLoop(name: "email sender", errorMetric: "todo_email_sender_errors_total", metrics: metrics, logger: logger, clock: clock,
                            claim: { now in try store.claimEmails(now: now, limit: 8, claimFor: settings.timeout + 30) },
                            nextDue: { try store.nextEmailAt() }) { delivery in
            let attempt = delivery.attempts + 1
            var failure: String?
            var permanent = false
            do throws(SMTPError) {
                try mailer.send(delivery.message, to: delivery.recipient)
                metrics.increment("todo_emails_total", [("outcome", "sent")])
            } catch {
                failure = error.description
                permanent = error.isPermanent
                metrics.increment("todo_emails_total", [("outcome", "failed")])
            }
            let retryAt = failure == nil || permanent || attempt >= Self.maxAttempts
                ? nil : clock().addingTimeInterval(settings.retryBase * pow(2, Double(attempt - 1)))
            if let failure {
                logger.warning("reminder email not sent", [("email_id", delivery.id.lowercasedString), ("attempt", String(attempt)),
                                                          ("error", failure),
                                                          ("retry_in_ms", retryAt.map { String(Int($0.timeIntervalSince(clock()) * 1000)) } ?? "none")])
            }
            do {
                try store.recordEmailAttempt(delivery, error: failure, retryAt: retryAt, now: clock())
            } catch {
                // The claim runs out and the email is tried again: at least once.
                logger.error("email attempt not recorded", [("email_id", delivery.id.lowercasedString), ("error", String(describing: error))])
            }
        }
    }

    func start() { loop.start() }
    func stop() { loop.stop() }
    /// New emails were queued.
    func signal() { loop.signal() }
}
