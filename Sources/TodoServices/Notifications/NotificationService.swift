import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoStore

/// The notification service (issue 13 item 2): the reminder scheduler, and the delivery of each
/// fired reminder on the user's channels. It follows `task-events` to keep the scheduler's
/// queue current, consumes `reminders` (the `com.todo.reminder.due` events the scheduler's
/// firings publish) and publishes `com.todo.notification.delivered`; it answers
/// `/api/v1/notifications`.
final class NotificationService: Service {
    let name = ServiceName.notification
    private let dependencies: ServiceDependencies
    let scheduler: ReminderScheduler
    private let webhookSettings: WebhookSettings
    private let webhooks: WebhookDeliverer
    private let subscriptions = Mutex<[any EventSubscription]>([])

    /// Throws when a webhook setting (`TODO_WEBHOOK_…`) cannot be used.
    init(_ dependencies: ServiceDependencies) throws(ServiceSettingError) {
        self.dependencies = dependencies
        let metrics = dependencies.events.metrics
        scheduler = ReminderScheduler(store: dependencies.store, metrics: metrics, logger: dependencies.logger, clock: dependencies.clock)
        webhookSettings = try WebhookSettings(environment: dependencies.environment)
        webhooks = WebhookDeliverer(store: dependencies.store, settings: webhookSettings, metrics: metrics, logger: dependencies.logger,
                                    clock: dependencies.clock)
    }

    func addRoutes(to routes: ServiceRoutes) {
        NotificationController(store: dependencies.store, clock: dependencies.clock).addRoutes(to: routes.authenticated)
        WebhookController(store: dependencies.store, policy: WebhookAddressPolicy(allowedHosts: webhookSettings.allowedHosts),
                          logger: dependencies.logger, clock: dependencies.clock).addRoutes(to: routes.authenticated)
    }

    func start() throws {
        let followTasks = try dependencies.subscribe(name, to: EventTopic.taskEvents) { [self] event in
            do throws(NotificationInputError) { try scheduler.follow(event) } catch { reject(error) }
        }
        let deliverReminders = try dependencies.subscribe(name, to: EventTopic.reminders) { [self] event in try deliver(event) }
        subscriptions.withLock { $0 = [followTasks, deliverReminders] }
        dependencies.events.onCron { [scheduler] in scheduler.fireOverdue() }
        scheduler.start()
        webhooks.start()
    }

    func stop() {
        scheduler.stop()
        webhooks.stop()
        for subscription in subscriptions.withLock({ $0 }) { subscription.stop() }
    }

    /// Delivers a fired reminder on the user's channels, once however often the event comes:
    /// in the transaction that records the event's id as processed, its
    /// `com.todo.notification.delivered` event is written (in-app) and the event is queued
    /// for each of the user's webhooks, which the deliverer then sends.
    private func deliver(_ event: CloudEvent) throws {
        guard event.type == "com.todo.reminder.due" else { return }
        guard case .string(let text)? = event.data?["notification"]?["id"], let notificationID = UUID.parse(text),
              case .string(let userText)? = event.data?["user_id"], let userID = UUID.parse(userText) else {
            return reject(NotificationInputError(eventID: event.id, type: event.type, reason: "data has no notification id or user_id"))
        }
        let store = dependencies.store
        let metrics = dependencies.events.metrics
        let now = dependencies.clock()
        var queued = 0
        let applied = try IdempotentConsumer(group: name.consumerGroup, store: store.eventLog).apply(event, now: now) { db in
            guard try store.recordDelivery(of: notificationID, in: db, now: now) else {
                metrics.increment("todo_notifications_skipped_total", [("reason", "notification_gone")])
                return
            }
            queued = try store.queueWebhookDeliveries(userID: userID, eventID: event.id, payload: event.encodedString, in: db, now: now)
        }
        guard applied else { return }
        metrics.increment("todo_notifications_delivered_total", [("channel", "in_app")])
        if queued > 0 { webhooks.signal() }
    }

    private func reject(_ error: NotificationInputError) {
        dependencies.events.metrics.increment("todo_notification_events_rejected_total")
        dependencies.logger.warning("notification service ignored an event it cannot read",
                                    [("event_id", error.eventID), ("type", error.type), ("reason", error.reason)])
    }
}
