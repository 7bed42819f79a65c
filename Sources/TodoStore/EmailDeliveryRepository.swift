import Foundation
import TodoCore

/// One reminder email a sender has claimed.
public struct EmailDelivery: Hashable, Sendable {
    public var id: UUID
    public var recipient: String
    /// The whole RFC 5322 message.
    public var message: String
    /// Attempts before this one.
    public var attempts: Int
}

/// The queue of reminder emails (the notification service's email channel).
public protocol EmailDeliveryRepository: Sendable {
    /// Queues the email of event `eventID` for the user, inside the caller's transaction;
    /// false when it was queued before.
    func queueEmail(userID: UUID, eventID: String, recipient: String, message: String, in db: any SQLConnection, now: Date) throws -> Bool

    /// Claims up to `limit` emails due by `now` for `claimFor` seconds (as `claimWebhookDeliveries`).
    func claimEmails(now: Date, limit: Int, claimFor: TimeInterval) throws -> [EmailDelivery]

    /// Sent (`error` nil), or failed: tried again at `retryAt`, given up when nil.
    func recordEmailAttempt(_ delivery: EmailDelivery, error: String?, retryAt: Date?, now: Date) throws

    /// When the earliest queued email is due, nil when none is queued.
    func nextEmailAt() throws -> Date?
}
