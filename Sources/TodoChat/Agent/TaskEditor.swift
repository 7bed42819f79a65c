import Foundation
import TodoCore

/// The patch a chat edit means for a task (issue 14 rule 9): only what the edit names
/// changes. Dates are read with the quick-add grammar in the client's calendar; a day keeps a
/// timed task's time and a time keeps its date (`TypedDate.dueDate(changing:now:in:)`).
struct TaskEditor {
    let now: Date
    let zone: TimeZone
    let zoneName: String

    /// Why an edit cannot be made; the message says what to say instead.
    struct Refusal: Error {
        let message: String
    }

    var parser: QuickAddParser { QuickAddParser(now: now, zone: zone) }

    func patch(_ task: TodoTask, _ edit: TaskEdit) -> Result<TaskPatch, Refusal> {
        var patch = TaskPatch()
        switch edit {
        case .reschedule(let said):
            // "friday same time": a new day keeps the time anyway.
            let phrase = Sentence(said).before([" at the same time", " same time", ", same time"])?.text ?? said
            var typed: TypedDate
            do { typed = try parser.readDate(phrase) } catch {
                return .failure(Refusal(message: "I couldn’t read “\(phrase)” as a date, so nothing changed. Try \(DateInputError.examples)."))
            }
            // Times are the client's (rule 1), as replies show them: "5pm" is 17:00 where the user is,
            // and a new day keeps the time of day the user sees. An all-day task's date is its own,
            // in its own zone (its midnight there may be the day before here).
            let readZone = task.allDay ? ZonedTime.zone(named: task.timezone) ?? zone : zone
            // "change it to 3:15" on a task at 15:00: a time said on the 12-hour clock without am
            // or pm stays in the half of the day of the time it replaces (it was 03:15).
            if typed.day == nil, typed.instant == nil, let second = typed.secondOfDay, second < 12 * 3600,
               typed.halfOfDayIsOpen, let dueAt = task.dueAt, !task.allDay,
               ZonedTime.secondOfDay(of: dueAt, in: readZone) >= 12 * 3600 {
                typed.secondOfDay = second + 12 * 3600
            }
            let due = typed.dueDate(changing: task.dueAt.map { DueDate(date: $0, allDay: task.allDay) }, now: now, in: readZone)
            patch.dueAt = .some(due.date)
            patch.allDay = due.allDay
            if task.dueAt == nil { patch.timezone = zoneName }
        case .shift(let days, let minutes):
            guard let dueAt = task.dueAt else {
                return .failure(Refusal(message: "“\(task.title)” has no due date to move; say when, like “move it to friday”."))
            }
            guard !task.allDay || minutes == 0 else {
                return .failure(Refusal(message: "“\(task.title)” is due all day; move it by days, or give it a time first."))
            }
            // Days on the task's own calendar, so a move across a clock change keeps its wall time.
            let taskZone = ZonedTime.zone(named: task.timezone) ?? zone
            let wall = ZonedTime.wallTime(of: dueAt, in: taskZone)
            let moved = ZonedTime.instant(of: wall.day.adding(days: days), second: wall.secondOfDay, in: taskZone)
            patch.dueAt = .some(moved.addingTimeInterval(TimeInterval(minutes * 60)))
        case .clearDue:
            guard task.recurrence == nil else {
                // A series is laid out from its due date, so it cannot lose it while it repeats.
                return .failure(Refusal(message: "“\(task.title)” repeats, so it needs a due date; nothing changed. "
                                        + "Say “stop repeating \(task.title)” first, or move it to another day."))
            }
            patch.removeDueDate(of: task)
        case .rename(let title):
            patch.title = title
        case .correctWord(let word, let replaced):
            guard let title = Self.title(task.title, correcting: word, replacing: replaced) else {
                return .failure(Refusal(message: "I couldn’t tell which word of “\(task.title)” “\(word)” corrects, so nothing changed. Say “rename it to …”."))
            }
            patch.title = title
        case .priority(let priority):
            patch.priority = priority
        case .priorityStep(let step):
            // No priority is the normal one ("set it to normal"): raised, it is medium; lowered, low.
            let levels: [Priority] = [.low, .none, .medium, .high]
            let index = levels.firstIndex(of: task.priority)! + step
            guard levels.indices.contains(index) else {
                return .failure(Refusal(message: "“\(task.title)” is \(task.priority.rawValue) priority already, so nothing changed."))
            }
            patch.priority = levels[index]
        case .addTags(let tags):
            guard !tags.isEmpty else { return .failure(Refusal(message: "Which tag should I add? Say “add the tag #work to …”.")) }
            patch.tags = task.tags + tags.filter { !task.tags.contains($0) }
        case .removeTags(let tags):
            patch.tags = task.tags.filter { !tags.contains($0) }
        case .clearTags:
            patch.tags = []
        case .addReminder(let phrase):
            let reminders = phrase.map { self.reminders(said: $0, of: task) } ?? [.minutesBefore(0)]
            // A reminder at an instant needs no due date; one counted back from it does.
            guard task.dueAt != nil || !reminders.isEmpty && !reminders.contains(where: \.countsFromDueDate) else {
                return .failure(Refusal(message: "“\(task.title)” has no due date for a reminder to go by, so nothing changed. "
                                        + "Give it one first, e.g. “move \(task.title) to friday at 3pm”, or say when: “remind me about \(task.title) at 5pm”."))
            }
            guard !reminders.isEmpty else {
                return .failure(Refusal(message: "I couldn’t tell when to remind you, so nothing changed. Try “add a reminder to … 30 minutes before”."))
            }
            patch.reminders = task.reminders + reminders.filter { !task.reminders.contains($0) }
        case .clearReminders:
            patch.reminders = []
        case .removeReminder(let phrase):
            let named = reminders(said: phrase, of: task)
            guard !named.isEmpty, task.reminders.contains(where: named.contains) else {
                return .failure(Refusal(message: "“\(task.title)” has no such reminder, so nothing changed."))
            }
            patch.reminders = task.reminders.filter { !named.contains($0) }
        case .recurrence(let phrase):
            let parsed = parser.parse("x " + phrase)
            guard let rule = parsed.recurrence else {
                return .failure(Refusal(message: "I couldn’t read “\(phrase)” as a repetition, so nothing changed. Try “every monday” or “every month on the 1st”."))
            }
            patch.recurrence = .some(rule)
            patch.recurrenceFrom = parsed.recurrenceFrom
            if task.dueAt == nil, let first = parsed.dueAt {
                patch.dueAt = .some(first)
                patch.allDay = parsed.allDay
                patch.timezone = zoneName
            } else if let due = firstOccurrence(of: rule, said: phrase, for: task) {
                patch.dueAt = .some(due.date)
                patch.allDay = due.allDay
            }
        case .clearRecurrence:
            patch.recurrence = .some(nil)
        }
        return .success(patch)
    }

    /// The reminders a phrase says ("remind me 30 minutes before", "remind me at 9am"), read as
    /// quick-add reads them in a sentence about `task`: "at 9am" is on its due date (DESIGN §6.1).
    private func reminders(said phrase: String, of task: TodoTask) -> [Reminder] {
        // On the due date's day in its zone; with no due date, in the user's calendar (rule 1).
        let zone = task.dueAt == nil ? self.zone : ZonedTime.zone(named: task.timezone) ?? self.zone
        let day = task.dueAt.map { ZonedTime.civilDate(of: $0, in: zone).description } ?? "today"
        return QuickAddParser(now: now, zone: zone).parse("x \(day) " + phrase).reminders
    }

    /// A recurring task is due on an occurrence of its rule (DESIGN §6.1): when the task's due
    /// date is not one of the new rule's ("make it repeat every tuesday" on a Monday task), the
    /// first occurrence on or after now, at the task's time of day unless the phrase names one.
    /// Nil when the due date is an occurrence already, and stays. `rule` is what `phrase` was
    /// read as; the phrase is read again in the task's zone only when the date must move.
    private func firstOccurrence(of rule: String, said phrase: String, for task: TodoTask) -> DueDate? {
        guard let dueAt = task.dueAt, let rule = try? RecurrenceRule(parsing: rule) else { return nil }
        let zone = ZonedTime.zone(named: task.timezone) ?? self.zone
        var occurrences = rule.occurrences(from: dueAt, in: zone).makeIterator()
        guard occurrences.next() != dueAt else { return nil }
        let parser = QuickAddParser(now: now, zone: zone)
        var parsed = parser.parse("x " + phrase)
        if parsed.allDay, !task.allDay {
            let second = ZonedTime.secondOfDay(of: dueAt, in: zone)
            let time = String(format: "%02d:%02d", second / 3600, second / 60 % 60)
            parsed = parser.parse("x \(phrase) at \(time)")
        }
        return parsed.dueAt.map { DueDate(date: $0, allDay: parsed.allDay) }
    }

    /// `title` with one word replaced by `word`: the words `replaced` names (any case), or else the
    /// one word nearest to `word` in spelling, when it is a typo's distance and no other word is
    /// as near. A capital the replaced word had stays, and so do the punctuation and possessive
    /// around it ("Lena's," → "Lina's,").
    static func title(_ title: String, correcting word: String, replacing replaced: String?) -> String? {
        var words = title.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let parts = words.map(WordParts.init)
        let bare = parts.map { $0.core.lowercased() }
        let range: Range<Int>
        if let replaced {
            let old = replaced.lowercased().split(separator: " ").map(String.init)
            guard !old.isEmpty, let start = bare.indices.first(where: { Array(bare[$0...].prefix(old.count)) == old }) else { return nil }
            range = start..<(start + old.count)
        } else {
            let typed = Array(word.lowercased())
            let distances = bare.map { Suggestion.editDistance(typed, Array($0)) }
            guard let nearest = distances.min(), nearest > 0, nearest <= max(1, min(2, typed.count / 3)),
                  distances.filter({ $0 == nearest }).count == 1, let index = distances.firstIndex(of: nearest) else { return nil }
            range = index..<(index + 1)
        }
        var new = word
        if let first = parts[range.lowerBound].core.first, first.isUppercase, let initial = new.first, initial.isLowercase {
            new = initial.uppercased() + new.dropFirst()
        }
        words.replaceSubrange(range, with: [parts[range.lowerBound].lead + new + parts[range.upperBound - 1].trail])
        return words.joined(separator: " ")
    }

    /// A word of a title as punctuation before it, the word, and a possessive and punctuation after it.
    private struct WordParts {
        var lead: Substring, core: Substring, trail: Substring

        init(_ word: String) {
            let start = word.firstIndex { !$0.isPunctuation } ?? word.endIndex
            var end = word.lastIndex { !$0.isPunctuation }.map(word.index(after:)) ?? start
            for possessive in ["'s", "’s"] where word[start..<end].hasSuffix(possessive) && word[start..<end].count > 2 {
                end = word.index(end, offsetBy: -2)
            }
            (lead, core, trail) = (word[..<start], word[start..<max(start, end)], word[max(start, end)...])
        }
    }
}
