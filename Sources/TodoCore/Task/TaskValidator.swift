import Foundation

/// The rules every stored task satisfies (DESIGN §6 "Task").
public enum TaskValidator {
    /// Checks `task` and brings it to canonical form: trimmed title, normalised tags, all-day
    /// due dates at local midnight, millisecond instants. `checkingRepeats`: its rule was just
    /// given (a create, a change of the rule), and must occur (`checkOccurs`). Not on every
    /// change: a task stored before still completes and renames, and the last task of a series
    /// may move past its end.
    public static func normalize(_ task: inout TodoTask, checkingRepeats: Bool = false) throws(TaskValidationError) {
        // Spaces, tabs and line breaks at the ends are trimmed (a pasted line's own); any other
        // control character is refused there as inside, not trimmed away unsaid.
        task.title = task.title.trimmingASCIIWhitespace().canonicallyComposed
        task.description = task.description.canonicallyComposed
        if task.title.containsControlCharacters() { throw .controlCharacters(field: "title") }
        task.title = task.title.trimmingWhitespace()
        let titleLength = task.title.unicodeScalars.count
        // A title of invisible characters only (U+200B…) is as empty as one of spaces.
        guard titleLength > 0, !task.title.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) else {
            throw .emptyTitle
        }
        guard titleLength <= TaskValidationError.maxTitleLength else { throw .titleTooLong(length: titleLength) }

        let descriptionLength = task.description.unicodeScalars.count
        guard descriptionLength <= TaskValidationError.maxDescriptionLength else {
            throw .descriptionTooLong(length: descriptionLength)
        }
        if task.description.containsControlCharacters(allowingLineBreaks: true) {
            throw .controlCharacters(field: "description")
        }

        task.tags = try TagNormalizer.normalize(task.tags)
        guard task.tags.count <= TaskValidationError.maxTags else { throw .tooManyTags(count: task.tags.count) }

        guard let zone = ZonedTime.zone(named: task.timezone) else { throw .unknownTimeZone(task.timezone) }

        if let due = task.dueAt {
            if task.allDay {
                task.dueAt = ZonedTime.startOfDay(ZonedTime.civilDate(of: due, in: zone), in: zone)
            } else {
                task.dueAt = Timestamp.truncated(due)
            }
            // Undated tasks sort after every due date under that key.
            if let due = task.dueAt, Timestamp.milliseconds(due) >= TaskSort.undatedDueKey { throw .dueDateTooLate }
            // Year 0 has no place in iCalendar's dates (nor in most calendars' software).
            if let due = task.dueAt, due < TaskValidationError.earliestDueDate { throw .dueDateTooEarly }
        } else {
            if task.allDay { throw .dueDateRequired(forField: "all_day") }
            if task.recurrence != nil { throw .dueDateRequired(forField: "recurrence") }
            // A reminder at an instant stands alone ("remind me at 5pm"); one counted back from
            // the due date has nothing to count from.
            if task.reminders.contains(where: \.countsFromDueDate) { throw .dueDateRequired(forField: "reminders") }
        }

        if let text = task.recurrence {
            let rule = try recurrenceRule(text)
            task.recurrence = rule.canonicalText
            if checkingRepeats, let due = task.dueAt { try checkOccurs(rule, written: text, from: due, in: zone) }
        }

        guard task.reminders.count <= TaskValidationError.maxReminders else {
            throw .tooManyReminders(count: task.reminders.count)
        }
        var reminders: [Reminder] = []
        for reminder in task.reminders {
            let normalized: Reminder
            switch reminder {
            case .minutesBefore(let minutes):
                guard (0...Reminder.maxMinutesBefore).contains(minutes) else { throw .invalidReminderLead(minutes: minutes) }
                normalized = reminder
            case .at(let date):
                normalized = .at(Timestamp.truncated(date))
            }
            if !reminders.contains(normalized) { reminders.append(normalized) }
        }
        task.reminders = reminders
        task.createdAt = Timestamp.truncated(task.createdAt)
        task.updatedAt = Timestamp.truncated(task.updatedAt)
        task.completedAt = task.completedAt.map(Timestamp.truncated)
        if task.status == .pending { task.completedAt = nil }
    }

    /// Refuses a rule with no occurrence within a century of `due` (a task's, or the preview's
    /// start). The century bounds the look (a minutely rule on a day no month has would
    /// otherwise be walked to the year 9999, 0.2 s of a thread); the rarest real rules (29
    /// February on a Monday) recur within 28 years.
    public static func checkOccurs(_ rule: RecurrenceRule, written text: String, from due: Date, in zone: TimeZone) throws(TaskValidationError) {
        let wall = ZonedTime.wallTime(of: due, in: zone)
        var horizon = LocalDateTime(day: wall.day.adding(days: 36_525), secondOfDay: 0)
        switch rule.until {
        case .date(let day)?: horizon = min(horizon, LocalDateTime(day: day, secondOfDay: 86_399))
        case .local(let day, let seconds)?: horizon = min(horizon, LocalDateTime(day: day, secondOfDay: seconds))
        case .instant, nil: break
        }
        var occurrences = rule.localOccurrences(from: LocalDateTime(day: wall.day, secondOfDay: wall.secondOfDay), until: horizon).makeIterator()
        guard let first = occurrences.next() else { throw .recurrenceNeverOccurs(text) }
        if case .instant(let until)? = rule.until,
           ZonedTime.instant(of: first.day, second: first.secondOfDay, in: zone) > until {
            throw .recurrenceNeverOccurs(text)
        }
    }

    /// A rule a task can follow: a valid RRULE that repeats no more than once a minute. RFC
    /// 5545's FREQ=SECONDLY is valid but refused: a task due every second is a mistake, and
    /// refusing it here keeps the task, its next occurrence and the preview in agreement.
    public static func recurrenceRule(_ text: String) throws(TaskValidationError) -> RecurrenceRule {
        let rule = try RecurrenceRule(parsing: text)
        // At most once a minute: several BYSECOND values repeat within one, whatever FREQ is.
        guard rule.frequency != .secondly, rule.bySecond.count <= 1 else { throw .recurrenceTooFrequent(text) }
        return rule
    }
}
