import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// The webhook delivery queue: one row per (webhook, event), claimed by one deliverer at a
/// time, and a webhook failing too often in a row disabled with its reason.
@Suite struct WebhookStoreTests {
    private func queue(_ fixture: StoreFixture, _ user: User, event: String) throws -> Int {
        try fixture.database.write { db in
            try fixture.store.queueWebhookDeliveries(userID: user.id, eventID: event, payload: #"{"id":"\#(event)"}"#, in: db, now: Fixed.now)
        }
    }

    @Test(arguments: Backend.available)
    func anEventIsQueuedOncePerWebhookAndClaimedByOneDeliverer(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let other = try StoreFactory.open(fixture.url)
        defer { other.close() }
        let user = try fixture.makeUser()
        _ = try fixture.store.createWebhook(userID: user.id, url: "https://a.example/hook", now: Fixed.now)
        _ = try fixture.store.createWebhook(userID: user.id, url: "https://b.example/hook", now: Fixed.now)
        #expect(try queue(fixture, user, event: "e1") == 2)
        #expect(try queue(fixture, user, event: "e1") == 0)

        let first = try fixture.store.claimWebhookDeliveries(now: Fixed.now, limit: 10, claimFor: 30)
        let second = try other.claimWebhookDeliveries(now: Fixed.now, limit: 10, claimFor: 30)
        #expect(first.count == 2 && second.isEmpty)
        // A claim that runs out (its deliverer died) is taken again.
        #expect(try other.claimWebhookDeliveries(now: Fixed.now.addingTimeInterval(31), limit: 10, claimFor: 30).count == 2)
    }

    /// Failures in a row disable the webhook only when a delivery has used up its attempts:
    /// two deliveries failing once each are retried, and the webhook stays.
    @Test(arguments: Backend.available)
    func failuresInARowDisableTheWebhookAndASuccessResetsThem(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let created = try fixture.store.createWebhook(userID: user.id, url: "https://a.example/hook", now: Fixed.now)
        #expect(created.secret.hasPrefix("whsec_") && created.secret.count == 70)
        _ = try queue(fixture, user, event: "e1")
        _ = try queue(fixture, user, event: "e2")
        let deliveries = try fixture.store.claimWebhookDeliveries(now: Fixed.now, limit: 10, claimFor: 30)
        #expect(try !fixture.store.recordWebhookAttempt(deliveries[0], outcome: .failed(reason: "HTTP 500", retryAt: Fixed.now),
                                                        disableAfter: 2, now: Fixed.now))
        #expect(try fixture.store.webhooks(userID: user.id).first?.consecutiveFailures == 1)
        #expect(try !fixture.store.recordWebhookAttempt(deliveries[1], outcome: .failed(reason: "HTTP 500", retryAt: Fixed.now),
                                                        disableAfter: 2, now: Fixed.now))
        #expect(try fixture.store.webhooks(userID: user.id).first?.isEnabled == true)
        // The first delivery's last attempt fails too: no attempt left, three failures in a row.
        #expect(try fixture.store.recordWebhookAttempt(deliveries[0], outcome: .failed(reason: "HTTP 500", retryAt: nil),
                                                       disableAfter: 2, now: Fixed.now))
        let webhook = try #require(try fixture.store.webhooks(userID: user.id).first)
        #expect(!webhook.isEnabled)
        #expect(webhook.disabledReason == "disabled: a delivery failed all its attempts, 3 failed attempts since the last delivery; the last: HTTP 500")
        // Its queued deliveries are given up, and nothing new is queued for it.
        #expect(try fixture.store.nextWebhookDeliveryAt() == nil)
        #expect(try queue(fixture, user, event: "e3") == 0)
    }

    @Test(arguments: Backend.available)
    func aDeliveredAttemptResetsTheFailuresAndLeavesTheQueue(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createWebhook(userID: user.id, url: "https://a.example/hook", now: Fixed.now)
        _ = try queue(fixture, user, event: "e1")
        let delivery = try #require(try fixture.store.claimWebhookDeliveries(now: Fixed.now, limit: 10, claimFor: 30).first)
        _ = try fixture.store.recordWebhookAttempt(delivery, outcome: .failed(reason: "timeout", retryAt: Fixed.now), disableAfter: 6, now: Fixed.now)
        let again = try #require(try fixture.store.claimWebhookDeliveries(now: Fixed.now, limit: 10, claimFor: 30).first)
        #expect(again.attempts == 1)
        _ = try fixture.store.recordWebhookAttempt(again, outcome: .delivered, disableAfter: 6, now: Fixed.now)
        let webhook = try #require(try fixture.store.webhooks(userID: user.id).first)
        #expect(webhook.consecutiveFailures == 0 && webhook.lastDeliveryAt == Fixed.now)
        #expect(try fixture.store.nextWebhookDeliveryAt() == nil)
    }
}
