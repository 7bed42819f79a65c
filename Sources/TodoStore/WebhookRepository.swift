import Foundation
import TodoCore

/// A user's webhook: where fired reminders are POSTed as CloudEvents, signed with its secret.
public struct Webhook: Hashable, Sendable {
    public var id: UUID
    public var userID: UUID
    public var url: String
    public var createdAt: Date
    /// Failed attempts since the last success; at `WebhookRetryPolicy.disableAfter` the webhook is disabled.
    public var consecutiveFailures: Int
    public var disabledAt: Date?
    /// Why it was disabled, for `GET /api/v1/webhooks`.
    public var disabledReason: String?
    public var lastDeliveryAt: Date?

    public var isEnabled: Bool { disabledAt == nil }
}

/// A webhook just created, with its signing secret: the only time the secret is shown.
public struct CreatedWebhook: Sendable {
    public var webhook: Webhook
    public var secret: String
}

/// One delivery a deliverer has claimed: the event to POST, where, and with which secret.
public struct WebhookDelivery: Hashable, Sendable {
    public var id: UUID
    public var webhookID: UUID
    public var url: String
    public var secret: String
    public var eventID: String
    /// The CloudEvent, structured JSON: the request body.
    public var payload: String
    /// Attempts before this one.
    public var attempts: Int
}

/// How a delivery attempt ended.
public enum WebhookAttemptOutcome: Hashable, Sendable {
    case delivered
    /// Failed (refused address, timeout, connection error, non-2xx answer): tried again at
    /// `retryAt`, or given up when nil.
    case failed(reason: String, retryAt: Date?)
}

/// The users' webhooks and their delivery queue.
public protocol WebhookRepository: Sendable {
    /// Creates a webhook with a new random secret (`whsec_` and 64 hex digits). The URL is
    /// the caller's to check (scheme, address).
    func createWebhook(userID: UUID, url: String, now: Date) throws -> CreatedWebhook
    func webhooks(userID: UUID) throws -> [Webhook]
    /// Deletes the webhook and its queued deliveries; false when the user has no such webhook.
    func deleteWebhook(id: UUID, userID: UUID) throws -> Bool

    /// Queues `payload` (the event `eventID`) for every enabled webhook of the user, inside the
    /// caller's transaction; returns how many were queued.
    func queueWebhookDeliveries(userID: UUID, eventID: String, payload: String, in db: any SQLConnection, now: Date) throws -> Int

    /// Claims up to `limit` deliveries due by `now` for `claimFor` seconds: another deliverer
    /// does not take them meanwhile, and a deliverer that dies leaves them to be tried again.
    func claimWebhookDeliveries(now: Date, limit: Int, claimFor: TimeInterval) throws -> [WebhookDelivery]

    /// Records an attempt's outcome. A failure counts against the webhook: when a delivery's
    /// last attempt fails with at least `disableAfter` failures in a row, it is disabled with
    /// `reason`, and its queued deliveries are given up. Returns true when this attempt disabled it.
    func recordWebhookAttempt(_ delivery: WebhookDelivery, outcome: WebhookAttemptOutcome, disableAfter: Int, now: Date) throws -> Bool

    /// When the earliest queued delivery is due, nil when none is queued.
    func nextWebhookDeliveryAt() throws -> Date?
}
