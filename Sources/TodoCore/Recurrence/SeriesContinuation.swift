import Foundation

/// What follows the completion of a recurring task (issue 13, DESIGN §6.3): the next task of
/// its series, with an id derived from the series and the completed task, so that whoever
/// creates it — the recurring-task service for each delivery of the completion, or `todo done`
/// on a local database — creates the same task, and a store that already has it creates
/// nothing.
public enum SeriesContinuation {
    /// The namespace of next-task ids (a fixed, random UUID: ids of no other scheme collide).
    static let namespace = UUID(uuid: (0x6B, 0x1F, 0x2E, 0x5A, 0x93, 0xC4, 0x4D, 0x0E, 0xA1, 0x57, 0x3B, 0x88, 0x0C, 0xD2, 0x7E, 0x49))

    /// The series a task belongs to: its `series_id`, or its own id when it is the first of
    /// its series (the first task is never rewritten to carry it).
    public static func seriesID(of task: TodoTask) -> UUID {
        task.seriesID ?? task.id
    }

    /// The id of the task that follows `completed`. Derived from the completed task, not from
    /// the next due date: a reopened task completed again on another day (its next date then
    /// differs with `recurrence_from: completion`) still names the same next task.
    public static func nextTaskID(after completed: TodoTask) -> UUID {
        UUID.nameBased(namespace: namespace, name: "\(seriesID(of: completed).lowercasedString)/\(completed.id.lowercasedString)")
    }

    /// The next task of `completed`'s series, or nil when it does not repeat or its series has
    /// ended (COUNT used up, UNTIL passed). It carries title, description, priority, tags,
    /// reminders, time zone and rule (with what is left of COUNT); an absolute reminder moves
    /// with the due date on the clock of the task's zone, so it stays as long before it in days
    /// and keeps its time of day across a change of summer time.
    public static func nextTask(after completed: TodoTask, completedAt: Date) -> TaskDraft? {
        guard let text = completed.recurrence, let dueAt = completed.dueAt,
              let rule = try? RecurrenceRule(parsing: text), let zone = ZonedTime.zone(named: completed.timezone) else { return nil }
        // A task the series made (not its first, which the user dated) that the rule put in a
        // DST gap is due after it (02:30 → 03:30); the series goes on at 02:30.
        let timeOfDay = completed.seriesID == nil || completed.allDay ? nil : ZonedTime.secondOfDayBeforeGap(of: dueAt, in: zone)
        guard let next = rule.nextInstance(dueAt: dueAt, completedAt: completedAt, from: completed.recurrenceFrom, in: zone,
                                           timeOfDay: timeOfDay),
              // A series that reaches the last date a task can have ends there, as at its UNTIL
              // (the completion's event was retried and dead-lettered).
              Timestamp.milliseconds(next.dueAt) < TaskSort.undatedDueKey else { return nil }
        // Moved by elapsed time, a Saturday 09:00 reminder of a Monday task became 10:00 once
        // the clocks had changed between the two.
        let shift = ZonedTime.wallSeconds(of: next.dueAt, in: zone) - ZonedTime.wallSeconds(of: dueAt, in: zone)
        let reminders = completed.reminders.map { reminder -> Reminder in
            guard case .at(let instant) = reminder else { return reminder }
            let fraction = instant.timeIntervalSince1970 - instant.timeIntervalSince1970.rounded(.down)
            return .at(ZonedTime.instant(ofWallSeconds: ZonedTime.wallSeconds(of: instant, in: zone) + shift, in: zone)
                .addingTimeInterval(fraction))
        }
        return TaskDraft(
            id: nextTaskID(after: completed), title: completed.title, description: completed.description, priority: completed.priority,
            tags: completed.tags, dueAt: next.dueAt, allDay: completed.allDay, timezone: completed.timezone,
            recurrence: next.rule.canonicalText, recurrenceFrom: completed.recurrenceFrom, seriesID: seriesID(of: completed),
            reminders: reminders)
    }
}
