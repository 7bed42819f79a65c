import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoStore

/// The notification service (issue 13 item 2): the reminder scheduler, and the delivery of each
/// fired reminder on the user's channels — in the app, to webhooks, by email. It follows
/// `task-events` to keep the scheduler's queue current, consumes `reminders` (the
/// `com.todo.reminder.due` events the scheduler's firings publish) and publishes
/// `com.todo.notification.delivered`; it answers `/api/v1/notifications` and `/api/v1/webhooks`.
final class NotificationService: Service {
    let name = ServiceName.notification
    private let dependencies: ServiceDependencies
    private let scheduler: ReminderScheduler
    private let webhookSettings: WebhookSettings
    private let webhooks: WebhookDeliverer
    /// nil without `TODO_SMTP_URL`: no email is sent.
    private let emails: EmailDeliverer?
    private let subscriptions = Mutex<[any EventSubscription]>([])

    /// Throws when a webhook or SMTP setting (`TODO_WEBHOOK_…`, `TODO_SMTP_…`) cannot be used.
    init(_ dependencies: ServiceDependencies) throws(SettingError) {
        self.dependencies = dependencies
        let metrics = dependencies.events.metrics
        let jobs = (dependencies.events.bus as? DaprEventBus).map {
            DaprReminderJobs(settings: $0.settings, metrics: metrics, logger: dependencies.logger)
        }
        scheduler = ReminderScheduler(store: dependencies.store, metrics: metrics, logger: dependencies.logger, clock: dependencies.clock,
                                      jobs: jobs)
        webhookSettings = try WebhookSettings(environment: dependencies.environment)
        webhooks = WebhookDeliverer(store: dependencies.store, settings: webhookSettings, metrics: metrics, logger: dependencies.logger,
                                    clock: dependencies.clock)
        emails = try SMTPSettings(environment: dependencies.environment).map {
            EmailDeliverer(store: dependencies.store, settings: $0, metrics: metrics, logger: dependencies.logger, clock: dependencies.clock)
        }
    }

    func addRoutes(to routes: ServiceRoutes) {
        NotificationController(store: dependencies.store, clock: dependencies.clock).addRoutes(to: routes.authenticated)
        WebhookController(store: dependencies.store, policy: WebhookAddressPolicy(allowedHosts: webhookSettings.allowedHosts),
                          metrics: dependencies.events.metrics, logger: dependencies.logger, clock: dependencies.clock)
            .addRoutes(to: routes.authenticated)
    }

    func start() throws {
        let followTasks = try dependencies.subscribe(name, to: EventTopic.taskEvents) { [self] event in
            do throws(NotificationInputError) { try scheduler.follow(event) } catch { reject(error) }
        }
        let deliverReminders = try dependencies.subscribe(name, to: EventTopic.reminders) { [self] event in try deliver(event) }
        subscriptions.withLock { $0 = [followTasks, deliverReminders] }
        dependencies.events.onCron { [scheduler] in scheduler.fireOverdue() }
        dependencies.events.onJob { [scheduler, dependencies] name, _ in
            guard let reminder = DaprReminderJobs.reminder(named: name) else { return false }
            do { try scheduler.fire(reminder) } catch {
                // The timer and the cron binding still fire it once the database answers.
                dependencies.logger.error("reminder job could not fire", [("job", name), ("error", String(describing: error))])
            }
            return true
        }
        scheduler.start()
        webhooks.start()
        emails?.start()
    }

    /// Consuming stops first, so nothing new reaches the scheduler or the deliverers as they stop.
    func stop() {
        for subscription in subscriptions.withLock({ $0 }) { subscription.stop() }
        scheduler.stop()
        webhooks.stop()
        emails?.stop()
    }

    /// Delivers a fired reminder on the user's channels, once however often the event comes:
    /// in the transaction that records the event's id as processed, its
    /// `com.todo.notification.delivered` event is written (in-app), the event is queued for each
    /// of the user's webhooks and, with `TODO_SMTP_URL`, an email to the account's address is
    /// queued; the deliverers then send them.
    private func deliver(_ event: CloudEvent) throws {
        guard event.type == "com.todo.reminder.due" else { return }
        guard let data = event.data, case .string(let text)? = data["notification"]?["id"], let notificationID = UUID.parse(text),
              case .string(let userText)? = data["user_id"], let userID = UUID.parse(userText) else {
            return reject(NotificationInputError(eventID: event.id, type: event.type, reason: "data has no notification id or user_id"))
        }
        let store = dependencies.store
        let metrics = dependencies.events.metrics
        let now = dependencies.clock()
        let email = try emails.flatMap { emails in try reminderEmail(data, event: event, userID: userID, from: emails.settings.from, now: now) }
        var queuedWebhooks = 0
        var queuedEmail = false
        let applied = try IdempotentConsumer(group: name.consumerGroup, store: store.eventLog).apply(event, now: now) { db in
            guard try store.recordDelivery(of: notificationID, in: db, now: now) else {
                metrics.increment("todo_notifications_skipped_total", [("reason", "notification_gone")])
                return
            }
            queuedWebhooks = try store.queueWebhookDeliveries(userID: userID, eventID: event.id, payload: event.encodedString, in: db, now: now)
            if let email {
                queuedEmail = try store.queueEmail(userID: userID, eventID: event.id, recipient: email.to, message: email.message(), in: db, now: now)
            }
        }
        guard applied else { return }
        metrics.increment("todo_notifications_delivered_total", [("channel", "in_app")])
        if queuedWebhooks > 0 { webhooks.signal() }
        if queuedEmail { emails?.signal() }
    }

    /// The email of a fired reminder to the user's account address; nil for an account
    /// without a real address (the CLI's local user).
    private func reminderEmail(_ data: JSONValue, event: CloudEvent, userID: UUID, from: String, now: Date) throws -> ReminderEmail? {
        guard let user = try dependencies.store.user(id: userID), AccountValidator.isPlausibleEmail(user.email) else { return nil }
        let task = data["task"].flatMap { try? TodoTask(apiJSON: $0) }
        let late: Bool = if case .bool(let value)? = data["notification"]?["late"] { value } else { false }
        return ReminderEmail(from: from, to: user.email, title: task?.title ?? "a task", dueText: task.flatMap(ReminderEmail.dueText),
                             late: late, eventID: event.id, date: now)
    }

    private func reject(_ error: NotificationInputError) {
        dependencies.events.metrics.increment("todo_notification_events_rejected_total")
        dependencies.logger.warning("notification service ignored an event it cannot read",
                                    [("event_id", error.eventID), ("type", error.type), ("reason", error.reason)])
    }
}
