import Foundation

/// The next task of a recurring series, once one is completed (DESIGN §6 `recurrence_from`).
public struct NextInstance: Hashable, Sendable {
    public var dueAt: Date
    /// The rule the next task carries: a COUNT is what is left of it.
    public var rule: RecurrenceRule
}

extension RecurrenceRule {
    /// When the task after one due at `dueAt` and completed at `completedAt` is due; nil when
    /// the series has ended (COUNT used up, UNTIL passed, or a rule that never matches again).
    ///
    /// - `.due`: the first occurrence after the previous due date that is also after the
    ///   completion, so a task completed late does not come back already overdue: "every
    ///   Monday" completed on Wednesday is next due the coming Monday, not the one just past.
    /// - `.completion` (Todoist's "every!"): counted from the day of completion, at the due
    ///   date's time of day: "every! 3 days" completed on Thursday is due on Sunday.
    ///
    /// COUNT counts the tasks of the series: each next task carries COUNT one lower, and
    /// COUNT=1 has no next task.
    ///
    /// `timeOfDay` (seconds) is the series' time of day when `dueAt` does not show it: a due
    /// time moved forward out of a DST gap (02:30 → 03:30) is followed by 02:30 again.
    public func nextInstance(dueAt: Date, completedAt: Date, from anchor: RecurrenceAnchor, in zone: TimeZone,
                             timeOfDay: Int? = nil) -> NextInstance? {
        var remaining = self
        if let count {
            guard count > 1 else { return nil }
            remaining.count = count - 1
        }
        // Expand without COUNT: the remaining tasks are counted by the next task's own rule.
        var unbounded = self
        unbounded.count = nil
        if let timeOfDay, !isSubDaily, byHour.isEmpty, byMinute.isEmpty, bySecond.isEmpty {
            (unbounded.byHour, unbounded.byMinute, unbounded.bySecond) = ([timeOfDay / 3600], [timeOfDay / 60 % 60], [timeOfDay % 60])
        }
        let next: Date?
        switch anchor {
        case .due:
            let notBefore = max(dueAt, completedAt)
            next = unbounded.occurrences(from: dueAt, in: zone).lazy.prefix(100_000).first { $0 > notBefore }
        case .completion:
            let day = ZonedTime.civilDate(of: completedAt, in: zone)
            let time = timeOfDay ?? ZonedTime.secondOfDay(of: dueAt, in: zone)
            let start = ZonedTime.instant(of: day, hour: time / 3600, minute: time / 60 % 60, second: time % 60, in: zone)
            next = unbounded.occurrences(from: start, in: zone).lazy.prefix(100_000).first { $0 > start }
        }
        guard let next else { return nil }
        return NextInstance(dueAt: next, rule: remaining)
    }
}
