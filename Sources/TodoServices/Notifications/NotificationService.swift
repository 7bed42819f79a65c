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
    private let subscriptions = Mutex<[any EventSubscription]>([])

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
        scheduler = ReminderScheduler(store: dependencies.store, metrics: dependencies.events.metrics, logger: dependencies.logger,
                                      clock: dependencies.clock)
    }

    func addRoutes(to routes: ServiceRoutes) {
        NotificationController(store: dependencies.store, clock: dependencies.clock).addRoutes(to: routes.authenticated)
    }

    func start() throws {
        let followTasks = try dependencies.subscribe(name, to: EventTopic.taskEvents) { [self] event in
            do throws(NotificationInputError) { try scheduler.follow(event) } catch { reject(error) }
        }
        let deliverReminders = try dependencies.subscribe(name, to: EventTopic.reminders) { [self] event in try deliver(event) }
        subscriptions.withLock { $0 = [followTasks, deliverReminders] }
        dependencies.events.onCron { [scheduler] in scheduler.fireOverdue() }
        scheduler.start()
    }

    func stop() {
        scheduler.stop()
        for subscription in subscriptions.withLock({ $0 }) { subscription.stop() }
    }

    /// Delivers a fired reminder in the app, once however often the event comes: its
    /// `com.todo.notification.delivered` event is written with the event's id as processed.
    private func deliver(_ event: CloudEvent) throws {
        guard event.type == "com.todo.reminder.due" else { return }
        guard case .string(let text)? = event.data?["notification"]?["id"], let notificationID = UUID.parse(text) else {
            return reject(NotificationInputError(eventID: event.id, type: event.type, reason: "data has no notification id"))
        }
        let store = dependencies.store
        let now = dependencies.clock()
        try IdempotentConsumer(group: name.consumerGroup, store: store.eventLog).apply(event, now: now) { db in
            if try !store.recordDelivery(of: notificationID, in: db, now: now) {
                dependencies.events.metrics.increment("todo_notifications_skipped_total", [("reason", "notification_gone")])
            }
        }
        dependencies.events.metrics.increment("todo_notifications_delivered_total", [("channel", "in_app")])
    }

    private func reject(_ error: NotificationInputError) {
        dependencies.events.metrics.increment("todo_notification_events_rejected_total")
        dependencies.logger.warning("notification service ignored an event it cannot read",
                                    [("event_id", error.eventID), ("type", error.type), ("reason", error.reason)])
    }
}
