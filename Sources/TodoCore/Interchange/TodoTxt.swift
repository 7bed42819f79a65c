import Foundation

/// Tasks as todo.txt lines (the format of github.com/todotxt/todo.txt), and back:
/// `x 2026-12-02 2026-11-20 (A) Pay rent +home @errands due:2026-12-01 rec:+1m`.
///
/// A line carries what the format has room for: completion, priority A–C, the creation date,
/// the title, tags (`+project` and `@context` both read as tags, written as `+tag`), the due
/// date (`due:`, a day: a time of day is not kept) and a simple repetition (`rec:`, the
/// extension todo.txt apps share: `+` counts from the due date, without it from completion)
/// and the task's id (`id:`, so the file finds its tasks again when imported). Descriptions and
/// reminders have no place in it.
public enum TodoTxt {
    // MARK: - Export

    /// One line per task, LF ends.
    public static func write(_ tasks: [TodoTask]) -> String {
        tasks.map { line(for: $0) + "\n" }.joined()
    }

    static func line(for task: TodoTask) -> String {
        let zone = ZonedTime.zone(named: task.timezone) ?? TimeZone(identifier: "UTC")!
        var words: [String] = []
        if task.status == .completed {
            words.append("x")
            if let completed = task.completedAt { words.append(ZonedTime.civilDate(of: completed, in: zone).description) }
        } else if let letter = letter(task.priority) {
            words.append("(\(letter))")
        }
        words.append(ZonedTime.civilDate(of: task.createdAt, in: zone).description)
        words.append(task.title)
        if task.status == .completed, let letter = letter(task.priority) { words.append("pri:\(letter)") }
        words += task.tags.map { "+" + $0 }
        let dueDay = task.dueAt.map { ZonedTime.civilDate(of: $0, in: zone) }
        if let dueDay { words.append("due:" + dueDay.description) }
        if let rule = task.recurrence, let rec = rec(rule, from: task.recurrenceFrom, due: dueDay) { words.append("rec:" + rec) }
        // What finds the task again when the file comes back (the format has no ids of its own).
        words.append("id:" + task.id.lowercasedString)
        return words.joined(separator: " ")
    }

    static func letter(_ priority: Priority) -> String? {
        switch priority {
        case .none: nil
        case .high: "A"
        case .medium: "B"
        case .low: "C"
        }
    }

    /// `rec:` for a rule of one frequency and an interval whose other parts only restate the
    /// due date (a weekly rule's weekday, a monthly one's day, a yearly one's day and month: the
    /// next one of `rec:` falls the same); nil for any other rule.
    static func rec(_ rule: String, from anchor: RecurrenceAnchor, due: CivilDate?) -> String? {
        var frequency: String?
        var interval = 1
        var restated: [(String, Substring)] = []
        for part in rule.uppercased().split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "FREQ": frequency = String(pair[1])
            case "INTERVAL": guard let value = Int(pair[1]), value > 0 else { return nil }; interval = value
            case "BYDAY", "BYMONTHDAY", "BYMONTH": restated.append((String(pair[0]), pair[1]))
            default: return nil
            }
        }
        let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        for (name, value) in restated {
            guard let due else { return nil }
            let fits = switch (name, frequency) {
            case ("BYDAY", "WEEKLY"): value == weekdays[due.weekday - 1]
            case ("BYMONTHDAY", "MONTHLY"), ("BYMONTHDAY", "YEARLY"): Int(value) == due.day
            case ("BYMONTH", "YEARLY"): Int(value) == due.month
            default: false
            }
            guard fits else { return nil }
        }
        let unit = switch frequency {
        case "DAILY": "d"
        case "WEEKLY": "w"
        case "MONTHLY": "m"
        case "YEARLY": "y"
        default: String?.none
        }
        guard let unit else { return nil }
        return (anchor == .due ? "+" : "") + "\(interval)\(unit)"
    }

    // MARK: - Import

    /// Every non-blank line as a task draft, or why it cannot be one. Dates are days in `timezone`.
    ///
    /// A line's identity is its `id:` (written by `write`), else its title: a line marked done,
    /// or given another date, finds the task an earlier import made of it. The same title on
    /// several lines is several tasks.
    public static func read(_ text: String, timezone: String) -> [ImportedItem] {
        var items: [ImportedItem] = []
        var seen: [String: Int] = [:]
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
        for (index, raw) in lines.enumerated() {
            var line = String(raw)
            if index == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            line = line.trimmingWhitespace()
            guard !line.isEmpty else { continue }
            let place = "line \(index + 1)"
            do throws(ImportItemError) {
                let (draft, id) = try parse(line, timezone: timezone)
                var key = id ?? "todo.txt " + draft.title.lowercased()
                seen[key, default: 0] += 1
                if let count = seen[key], count > 1 { key += "\n\(count)" }
                var item = ImportedItem(place: place, key: key, outcome: .success(draft))
                // A line says nothing of a description, reminders, a zone or a time of day, nor
                // of a repetition it has no rec: for (one todo.txt cannot write).
                item.fields = [.title, .status, .priority, .tags, .due, .dueDayOnly]
                if draft.recurrence != nil { item.fields.insert(.recurrence) }
                items.append(item)
            } catch {
                items.append(ImportedItem(place: place, key: "todo.txt " + line, outcome: .failure(error)))
            }
        }
        return items
    }

    /// The draft of one line, and its `id:` if it has one.
    static func parse(_ line: String, timezone: String) throws(ImportItemError) -> (TaskDraft, id: String?) {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var draft = TaskDraft(title: "", timezone: timezone)
        var id: String?
        let zone = ZonedTime.zone(named: timezone)
        if words.first == "x" {
            draft.status = .completed
            words.removeFirst()
            // The completion date, then the creation date (not kept: the store stamps its own).
            if let first = words.first, let day = RFC3339.parseDate(first), let zone {
                draft.completedAt = ZonedTime.startOfDay(day, in: zone)
                words.removeFirst()
            }
        }
        if let first = words.first, first.count == 3, first.hasPrefix("("), first.hasSuffix(")"),
           let letter = first.dropFirst().first, letter.isASCII, letter.isUppercase {
            draft.priority = priority(letter)
            words.removeFirst()
        }
        if let first = words.first, let day = RFC3339.parseDate(first) {
            if let zone { draft.createdAt = ZonedTime.startOfDay(day, in: zone) }
            words.removeFirst()
        }
        var title: [String] = []
        for word in words {
            if word.count > 1, word.hasPrefix("+") || word.hasPrefix("@") {
                if let tag = VTodoCalendar.importedTag(String(word.dropFirst())), !draft.tags.contains(tag) { draft.tags.append(tag) }
                continue
            }
            let pair = word.split(separator: ":", maxSplits: 1)
            if pair.count == 2, !pair[1].isEmpty {
                switch pair[0].lowercased() {
                case "due":
                    guard let day = RFC3339.parseDate(String(pair[1])), let zone = ZonedTime.zone(named: timezone) else {
                        throw ImportItemError(code: "invalid_date", "due:\(pair[1]) is not a date YYYY-MM-DD")
                    }
                    draft.dueAt = ZonedTime.startOfDay(day, in: zone)
                    draft.allDay = true
                    continue
                case "rec":
                    // One that is no repetition ("rec:weekly chores") is words of the title.
                    if let (rule, anchor) = recurrence(String(pair[1])) {
                        draft.recurrence = rule
                        draft.recurrenceFrom = anchor
                        continue
                    }
                case "pri":
                    if let letter = pair[1].first, pair[1].count == 1, letter.isASCII, letter.isLetter {
                        draft.priority = priority(Character(letter.uppercased()))
                        continue
                    }
                case "id":
                    id = String(pair[1])
                    continue
                default:
                    break
                }
            }
            title.append(word)
        }
        draft.title = VTodoCalendar.fitted(title.joined(separator: " "), to: TaskValidationError.maxTitleLength)
        guard !draft.title.isEmpty else { throw ImportItemError(code: "no_title", "the line has no text besides its tags and dates") }
        return (draft, id)
    }

    static func priority(_ letter: Character) -> Priority {
        switch letter {
        case "A": .high
        case "B": .medium
        default: .low
        }
    }

    /// The rule and anchor a line written for `task` reads back as (its `rec:`), when it has one.
    public static func lineRule(of task: TodoTask) -> (rule: String, anchor: RecurrenceAnchor)? {
        guard let rule = task.recurrence else { return nil }
        let zone = ZonedTime.zone(named: task.timezone) ?? TimeZone(identifier: "UTC")!
        return rec(rule, from: task.recurrenceFrom, due: task.dueAt.map { ZonedTime.civilDate(of: $0, in: zone) }).flatMap(recurrence)
    }

    /// `rec:[+]N(d|w|m|y)` as an RRULE and what it counts from; `b` (business days) when N is 1.
    static func recurrence(_ text: String) -> (String, RecurrenceAnchor)? {
        var text = Substring(text.lowercased())
        var anchor = RecurrenceAnchor.completion
        if text.first == "+" { anchor = .due; text.removeFirst() }
        guard let unit = text.last else { return nil }
        let count = text.dropLast().isEmpty ? 1 : Int(text.dropLast())
        guard let count, count > 0, count <= 1000 else { return nil }
        let interval = count == 1 ? "" : ";INTERVAL=\(count)"
        switch unit {
        case "d": return ("FREQ=DAILY" + interval, anchor)
        case "w": return ("FREQ=WEEKLY" + interval, anchor)
        case "m": return ("FREQ=MONTHLY" + interval, anchor)
        case "y": return ("FREQ=YEARLY" + interval, anchor)
        case "b" where count == 1: return ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", anchor)
        default: return nil
        }
    }
}
