import Foundation
import TodoCore

/// A reminder the scheduler means to fire: one instant of one task's reminders. A task's
/// reminders resolving to the same instant are one reminder (the user is told once).
public struct DueReminder: Hashable, Sendable {
    public var taskID: UUID
    public var userID: UUID
    /// Milliseconds since the epoch, the precision the store keeps.
    public var dueAtMilliseconds: Int64

    public init(taskID: UUID, userID: UUID, dueAtMilliseconds: Int64) {
        self.taskID = taskID
        self.userID = userID
        self.dueAtMilliseconds = dueAtMilliseconds
    }

    public var dueAt: Date { Timestamp.date(milliseconds: dueAtMilliseconds) }
}

/// One notification of a user (DESIGN §6.3): a reminder that fired, on one channel.
public struct UserNotification: Hashable, Sendable {
    public var id: UUID
    public var userID: UUID
    public var taskID: UUID
    public var kind: String
    public var channel: String
    public var dueAt: Date
    public var firedAt: Date
    /// Fired more than `ReminderFiring.lateAfter` after its instant (the scheduler was down, or behind).
    public var late: Bool
    public var read: Bool

    public init(id: UUID, userID: UUID, taskID: UUID, kind: String, channel: String, dueAt: Date, firedAt: Date, late: Bool, read: Bool) {
        self.id = id
        self.userID = userID
        self.taskID = taskID
        self.kind = kind
        self.channel = channel
        self.dueAt = dueAt
        self.firedAt = firedAt
        self.late = late
        self.read = read
    }
}

/// What became of one reminder the scheduler fired.
public enum ReminderFiring: Hashable, Sendable {
    /// Fired now: its notification and its `com.todo.reminder.due` event are committed.
    case fired(UserNotification)
    /// Fired before (by this or another scheduler): nothing was written.
    case alreadyFired
    /// The task is gone, completed, or no longer has a reminder at that instant: nothing was written.
    case stale(reason: String)

    /// A reminder fired later than this after its instant is marked late: the guarantee is
    /// "within a second" (DESIGN §7).
    public static let lateAfter: TimeInterval = 1
}

/// A page of notifications, newest first; `nextCursor` continues after the last one.
public struct NotificationPage: Sendable {
    public var notifications: [UserNotification]
    public var nextCursor: String?

    public init(notifications: [UserNotification], nextCursor: String?) {
        self.notifications = notifications
        self.nextCursor = nextCursor
    }
}

/// Reminder firings and the notifications they make (the notification service's tables).
/// A firing is unique by (task, instant): firing the same reminder twice, from a redelivered
/// event or a second scheduler, writes nothing the second time.
public protocol NotificationRepository: Sendable {
    /// Every pending task with a reminder that has not fired yet: its version and those
    /// reminders, earliest first.
    func unfiredReminders() throws -> [(taskVersion: Int, reminders: [DueReminder])]

    /// Fires `reminders`, in one transaction: for each whose task is still pending and still
    /// has a reminder at that instant, the firing, its in-app notification and the
    /// `com.todo.reminder.due` event (per-user sequence) are written together.
    func fireReminders(_ reminders: [DueReminder], now: Date) throws -> [ReminderFiring]

    /// Records, inside the caller's transaction (an `IdempotentConsumer`'s), that the
    /// notification was delivered in the app: its `com.todo.notification.delivered` event.
    /// False when the notification no longer exists (its user is gone).
    func recordDelivery(of notificationID: UUID, in db: any SQLConnection, now: Date) throws -> Bool

    /// The user's notifications, newest first, after `cursor` (a page's `nextCursor`).
    /// A cursor that is not one throws `StoreError.invalidQuery`.
    func notifications(userID: UUID, limit: Int, cursor: String?) throws -> NotificationPage

    /// Marks the user's notification read; nil when the user has no such notification.
    func markNotificationRead(id: UUID, userID: UUID, now: Date) throws -> UserNotification?
}
