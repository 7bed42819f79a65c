import Foundation
import TodoCore

/// How confirmations name a task and what changed, so every command words them alike.
enum TaskWording {
    /// `#12 "Pay rent"`.
    static func name(of task: TodoTask) -> String {
        "#\(task.number) \"\(task.title)\""
    }

    /// `due tomorrow 17:00`, or `no due date`.
    static func due(of task: TodoTask, formatter: inout RelativeDueFormatter) -> String {
        guard let words = formatter.describeDue(of: task) else { return "no due date" }
        return "due " + words
    }

    /// Everything stored besides the title, as `add` confirms it: `due Thu 1 Jan 09:00, every
    /// month on the 1st, high, #home, reminder 1 day before`. Timed due dates are wall times in
    /// `zone`, all-day ones the task's own date.
    static func summary(of task: TodoTask, in zone: TimeZone, calendar: CalendarWording) -> [String] {
        let taskZone = ZonedTime.zone(named: task.timezone) ?? zone
        var phrases: [String] = []
        if let dueAt = task.dueAt {
            phrases.append("due " + calendar.describe(dueAt, allDay: task.allDay, in: task.allDay ? taskZone : zone)
                + ownTime(of: task, localTimeZone: zone, calendar: calendar))
        }
        if let rule = task.recurrence { phrases.append(recurrence(rule, from: task.recurrenceFrom, in: taskZone)) }
        if task.priority != .none { phrases.append(task.priority.rawValue) }
        if !task.tags.isEmpty { phrases.append(tags(task.tags)) }
        for reminder in task.reminders { phrases.append("reminder " + self.reminder(reminder, in: zone, calendar: calendar)) }
        return phrases
    }

    /// `every month on the 1st`, `every week, counted from completion`; the rule text itself
    /// when it has no English wording. An end is said in `zone`, the task's.
    static func recurrence(_ rule: String, from anchor: RecurrenceAnchor, in zone: TimeZone) -> String {
        let words = (try? RecurrenceRule(parsing: rule))?.englishDescription(in: zone) ?? rule
        return anchor == .completion ? words + ", counted from completion" : words
    }

    /// ` (Fri 13 Mar 17:00 in Asia/Tokyo)` after the local wall time of a timed task kept in
    /// another zone, so that the time the user typed there is seen; empty where the two agree.
    static func ownTime(of task: TodoTask, localTimeZone: TimeZone, calendar: CalendarWording) -> String {
        guard let dueAt = task.dueAt, !task.allDay, task.timezone != localTimeZone.identifier,
              let zone = ZonedTime.zone(named: task.timezone) else { return "" }
        let there = calendar.describe(dueAt, allDay: false, in: zone)
        return there == calendar.describe(dueAt, allDay: false, in: localTimeZone) ? "" : " (\(there) in \(task.timezone))"
    }

    /// `1 day before`, `at Thu 1 Jan 08:00`.
    static func reminder(_ reminder: Reminder, in zone: TimeZone, calendar: CalendarWording) -> String {
        switch reminder {
        case .minutesBefore(let minutes): CalendarWording.lead(minutes: minutes) + " before"
        case .at(let date): "at " + calendar.describe(date, allDay: false, in: zone)
        }
    }

    /// `#work #home`.
    static func tags(_ tags: [String]) -> String {
        tags.map { "#" + $0 }.joined(separator: " ")
    }

    /// What an edit changed, as short phrases: `title "New"`, `due Fri 17:00`, `priority high`,
    /// `tags +work -home`, `note updated`, `time zone Asia/Tokyo (due Wed 11 Mar 01:00 there)`.
    static func changes(from old: TodoTask, to new: TodoTask, formatter: inout RelativeDueFormatter,
                        calendar: CalendarWording) -> [String] {
        var phrases: [String] = []
        if old.title != new.title { phrases.append("title \"\(new.title)\"") }
        if old.dueAt != new.dueAt || old.allDay != new.allDay {
            phrases.append(due(of: new, formatter: &formatter) + ownTime(of: new, localTimeZone: formatter.localTimeZone, calendar: calendar))
        }
        if old.priority != new.priority { phrases.append("priority \(new.priority.rawValue)") }
        if old.tags != new.tags {
            let added = new.tags.filter { !old.tags.contains($0) }.map { "+" + $0 }
            let removed = old.tags.filter { !new.tags.contains($0) }.map { "-" + $0 }
            let listed = added + removed
            phrases.append(listed.isEmpty ? "tags reordered" : "tags " + listed.joined(separator: " "))
        }
        if old.description != new.description { phrases.append(new.description.isEmpty ? "note removed" : "note updated") }
        if old.reminders != new.reminders { phrases.append(new.reminders.isEmpty ? "reminders removed" : "reminders updated") }
        if old.timezone != new.timezone {
            var phrase = "time zone \(new.timezone)"
            // The local wall time may not have moved; what the clock there shows has.
            if let dueAt = new.dueAt, !new.allDay, let zone = ZonedTime.zone(named: new.timezone) {
                phrase += " (due \(calendar.describe(dueAt, allDay: false, in: zone)) there)"
            }
            phrases.append(phrase)
        }
        return phrases
    }
}
