import Foundation
import TodoCore

/// Reminder firings and notifications (`NotificationRepository`): the scheduler's one write,
/// the delivery's event, and the user's list.
extension SQLTaskStore {
    /// The CloudEvents `type` of a fired reminder and of its delivery (DESIGN §6 "Events").
    static let reminderDueType = "com.todo.reminder.due"
    static let notificationDeliveredType = "com.todo.notification.delivered"

    func unfiredReminders() throws -> [(taskVersion: Int, reminders: [DueReminder])] {
        try readSnapshot { db in
            var fired: Set<DueReminder> = []
            try db.query("""
                SELECT f.task_id, f.user_id, f.due_at FROM reminder_firings f JOIN tasks t ON t.id = f.task_id
                WHERE t.status = 'pending' AND t.reminders <> ''
                """, []) { row in
                guard let task = row.uuid(0), let user = row.uuid(1) else { return }
                fired.insert(DueReminder(taskID: task, userID: user, dueAtMilliseconds: row.int64(2)))
            }
            var tasks: [(taskVersion: Int, reminders: [DueReminder])] = []
            try db.query("SELECT t.user_id, \(TaskRecord.columns) FROM tasks t WHERE t.status = 'pending' AND t.reminders <> ''", []) { row in
                guard let user = row.uuid(0) else { return }
                let task = try TaskRecord.decode(row, from: 1)
                let unfired = task.reminderInstants
                    .map { DueReminder(taskID: task.id, userID: user, dueAtMilliseconds: Timestamp.milliseconds($0)) }
                    .filter { !fired.contains($0) }
                if !unfired.isEmpty { tasks.append((task.version, unfired)) }
            }
            return tasks
        }
    }

    func fireReminders(_ reminders: [DueReminder], now: Date) throws -> [ReminderFiring] {
        guard !reminders.isEmpty else { return [] }
        return try write { db in
            // Every task is read (and on PostgreSQL locked) before any user row is touched, in
            // id order: a task change locks its task, then its user, so the two cannot deadlock,
            // and a change committed first is seen here (a deleted task fires nothing).
            let lock = db.dialect == .postgres ? " FOR UPDATE" : ""
            var tasks: [UUID: (user: UUID, task: TodoTask)] = [:]
            for id in Set(reminders.map(\.taskID)).sorted(by: { $0.lowercasedString < $1.lowercasedString }) {
                try db.query("SELECT t.user_id, \(TaskRecord.columns) FROM tasks t WHERE t.id = ?\(lock)", [.text(id.lowercasedString)]) { row in
                    guard let user = row.uuid(0) else { return }
                    tasks[id] = (user, try TaskRecord.decode(row, from: 1))
                }
            }
            return try reminders.map { reminder in
                try Self.fire(reminder, current: tasks[reminder.taskID], db, now: now)
            }
        }
    }

    private static func fire(_ reminder: DueReminder, current: (user: UUID, task: TodoTask)?, _ db: any SQLConnection,
                             now: Date) throws -> ReminderFiring {
        guard let current, current.user == reminder.userID else { return .stale(reason: "task_deleted") }
        guard current.task.status == .pending else { return .stale(reason: "task_completed") }
        guard current.task.reminderInstants.contains(where: { Timestamp.milliseconds($0) == reminder.dueAtMilliseconds }) else {
            return .stale(reason: "reminder_changed")
        }
        let firedAt = Timestamp.truncated(now)
        let inserted = try db.execute("""
            INSERT INTO reminder_firings (task_id, due_at, user_id, fired_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (task_id, due_at) DO NOTHING
            """, [.text(reminder.taskID.lowercasedString), .integer(reminder.dueAtMilliseconds), .text(reminder.userID.lowercasedString),
                  .integer(Timestamp.milliseconds(firedAt))])
        guard inserted == 1 else { return .alreadyFired }
        let notification = UserNotification(
            id: UUID.timeOrdered(at: firedAt), userID: reminder.userID, taskID: reminder.taskID, kind: "reminder", channel: "in_app",
            dueAt: reminder.dueAt, firedAt: firedAt, late: firedAt.timeIntervalSince(reminder.dueAt) > ReminderFiring.lateAfter, read: false)
        try db.executeDeferred("""
            INSERT INTO notifications (id, user_id, task_id, kind, channel, due_at, fired_at, late, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
            """, [.text(notification.id.lowercasedString), .text(notification.userID.lowercasedString),
                  .text(notification.taskID.lowercasedString), .text(notification.kind), .text(notification.channel),
                  .integer(reminder.dueAtMilliseconds), .integer(Timestamp.milliseconds(firedAt)), .bool(notification.late)])
        try appendToOutbox(db, eventID: UUID.timeOrdered(at: firedAt), type: reminderDueType, userID: reminder.userID,
                           sequence: try nextSequence(db, reminder.userID), subject: reminder.taskID, occurredAt: firedAt,
                           data: eventData(notification, task: current.task))
        return .fired(notification)
    }

    func recordDelivery(of notificationID: UUID, in db: any SQLConnection, now: Date) throws -> Bool {
        guard let notification = try Self.notification(db, id: notificationID, userID: nil) else { return false }
        var task: TodoTask?
        try db.query("SELECT \(TaskRecord.columns) FROM tasks t WHERE t.id = ?", [.text(notification.taskID.lowercasedString)]) {
            task = try TaskRecord.decode($0)
        }
        let at = Timestamp.truncated(now)
        try Self.appendToOutbox(db, eventID: UUID.timeOrdered(at: at), type: Self.notificationDeliveredType, userID: notification.userID,
                                sequence: try Self.nextSequence(db, notification.userID), subject: notification.taskID, occurredAt: at,
                                data: Self.eventData(notification, task: task))
        return true
    }

    func notifications(userID: UUID, limit: Int, cursor: String?) throws -> NotificationPage {
        var after: UUID?
        if let cursor {
            guard let id = UUID.parse(cursor) else { throw StoreError.invalidQuery(.invalidCursor) }
            after = id
        }
        let limit = max(1, min(limit, TaskQuery.maxLimit))
        return try read { db in
            var arguments: [SQLValue] = [.text(userID.lowercasedString)]
            if let after { arguments.append(.text(after.lowercasedString)) }
            arguments.append(.int(limit + 1))
            var notifications: [UserNotification] = []
            try db.query("""
                SELECT \(Self.notificationColumns) FROM notifications WHERE user_id = ?\(after == nil ? "" : " AND id < ?")
                ORDER BY id DESC LIMIT ?
                """, arguments) { notifications.append(try Self.decodeNotification($0)) }
            let more = notifications.count > limit
            if more { notifications.removeLast() }
            return NotificationPage(notifications: notifications, nextCursor: more ? notifications.last?.id.lowercasedString : nil)
        }
    }

    func markNotificationRead(id: UUID, userID: UUID, now: Date) throws -> UserNotification? {
        try write { db in
            try db.execute("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
                           [.integer(Timestamp.milliseconds(now)), .text(id.lowercasedString), .text(userID.lowercasedString)])
            return try Self.notification(db, id: id, userID: userID)
        }
    }

    // MARK: Rows and event data

    private static let notificationColumns = "id, user_id, task_id, kind, channel, due_at, fired_at, late, read_at"

    private static func notification(_ db: any SQLConnection, id: UUID, userID: UUID?) throws -> UserNotification? {
        var arguments: [SQLValue] = [.text(id.lowercasedString)]
        if let userID { arguments.append(.text(userID.lowercasedString)) }
        var notification: UserNotification?
        try db.query("SELECT \(notificationColumns) FROM notifications WHERE id = ?\(userID == nil ? "" : " AND user_id = ?")", arguments) {
            notification = try decodeNotification($0)
        }
        return notification
    }

    private static func decodeNotification(_ row: any SQLRow) throws -> UserNotification {
        guard let id = row.uuid(0), let user = row.uuid(1), let task = row.uuid(2) else {
            throw DatabaseError(kind: .corrupt, code: "row", message: "a notification row has a malformed id")
        }
        return UserNotification(id: id, userID: user, taskID: task, kind: row.text(3), channel: row.text(4),
                                dueAt: Timestamp.date(milliseconds: row.int64(5)), firedAt: Timestamp.date(milliseconds: row.int64(6)),
                                late: row.bool(7), read: !row.isNull(8))
    }

    /// `{"user_id", "notification": {…as the API shows it…}, "task": {…}|null}`: the data of
    /// both the reminder's and the delivery's event.
    private static func eventData(_ notification: UserNotification, task: TodoTask?) -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("user_id")
        writer.value(uuid: notification.userID)
        writer.key("notification")
        notification.write(to: &writer)
        writer.key("task")
        if let task { task.write(to: &writer) } else { writer.null() }
        writer.endObject()
        return writer.bytes
    }
}

extension UserNotification {
    /// The notification as the API shows it (DESIGN §6.3); also inside its events.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.value(uuid: id)
        writer.key("task_id")
        writer.value(uuid: taskID)
        writer.key("kind")
        writer.value(kind)
        writer.key("channel")
        writer.value(channel)
        writer.key("due_at")
        writer.value(instant: dueAt)
        writer.key("fired_at")
        writer.value(instant: firedAt)
        writer.key("late")
        writer.value(late)
        writer.key("read")
        writer.value(read)
        writer.endObject()
    }
}
