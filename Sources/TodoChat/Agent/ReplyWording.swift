import Foundation
import TodoCore

/// The offline agent's sentences: plain and friendly, naming the task and what changed, with
/// dates in the client's calendar at the client's `now`.
public struct ReplyWording: Sendable {
    public let now: Date
    public var zone: TimeZone { offsets.zone }
    /// `now`'s date, worked out once: a listing words every task's date against it.
    private let today: CivilDate
    private let offsets: ZoneOffsets
    /// The zone's name, once: an all-day task in another zone is dated in its own.
    private let zoneName: String

    public init(now: Date, zone: TimeZone) {
        self.now = now
        offsets = ZoneOffsets(zone)
        zoneName = zone.identifier
        today = offsets.wallTime(of: now).day
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// "#4 “Buy milk”".
    public func label(_ task: TodoTask) -> String { "#\(task.number) “\(task.title)”" }

    /// "today", "tomorrow", "Friday 6 March", "Friday 6 March 2027", with " at 17:00" for a timed date.
    public func date(_ date: Date, allDay: Bool) -> String {
        var text = ReplyText(capacity: 32)
        appendDate(date, allDay: allDay, to: &text)
        return text.string
    }

    /// The day `task` is due in the client's calendar: an all-day task's date is the one it
    /// was given, in its own zone (00:00 in Berlin is still the previous day in UTC).
    public func dueDay(of task: TodoTask) -> CivilDate? {
        guard let dueAt = task.dueAt else { return nil }
        if task.allDay, task.timezone != zoneName, let own = ZonedTime.zone(named: task.timezone) {
            return ZonedTime.civilDate(of: dueAt, in: own)
        }
        return offsets.wallTime(of: dueAt).day
    }

    /// Appends `date(date, allDay:)` to `text`, as a listing does for every task; `day`, when
    /// given, is the date to say (an all-day task's own).
    func appendDate(_ date: Date, allDay: Bool, day given: CivilDate? = nil, to text: inout ReplyText) {
        let (wallDay, second) = offsets.wallTime(of: date)
        let day = given ?? wallDay
        switch day.daysSinceEpoch - today.daysSinceEpoch {
        case 0: text.append("today")
        case 1: text.append("tomorrow")
        case -1: text.append("yesterday")
        default:
            text.append(Self.weekdays[day.weekday - 1])
            text.append(" ")
            text.append(day.day)
            text.append(" ")
            text.append(Self.months[day.month - 1])
            if day.year != today.year {
                text.append(" ")
                text.append(day.year)
            }
        }
        if !allDay {
            text.append(" at ")
            text.appendTwoDigits(second / 3600)
            text.append(":")
            text.appendTwoDigits(second / 60 % 60)
        }
    }

    /// "due tomorrow at 17:00", or nil for an undated task.
    public func due(_ task: TodoTask) -> String? {
        dueDate(of: task).map { "due " + $0 }
    }

    /// "tomorrow at 17:00", an all-day task's own day ("Friday 13 March"), or nil for an undated task.
    public func dueDate(of task: TodoTask) -> String? {
        guard let dueAt = task.dueAt else { return nil }
        var text = ReplyText(capacity: 32)
        appendDue(dueAt, of: task, to: &text)
        return text.string
    }

    /// Appends the date `task` is due, `dueAt`: an all-day one on its own day (`dueDay`).
    private func appendDue(_ dueAt: Date, of task: TodoTask, to text: inout ReplyText) {
        appendDate(dueAt, allDay: task.allDay, day: task.allDay ? dueDay(of: task) : nil, to: &text)
    }

    /// One line of a listing: "#4 Buy milk — due tomorrow, high priority, #home".
    public func line(_ task: TodoTask) -> String {
        var text = ReplyText(capacity: 64)
        appendLine(task, to: &text)
        return text.string
    }

    /// Appends `line(task)` to `text`: a listing names up to hundreds of tasks, each written
    /// into one buffer rather than joined from pieces.
    func appendLine(_ task: TodoTask, to text: inout ReplyText) {
        text.append("#")
        text.append(task.number)
        text.append(" ")
        text.append(task.title)
        var separator: StaticString = " — "
        if let dueAt = task.dueAt {
            text.append(separator)
            text.append("due ")
            appendDue(dueAt, of: task, to: &text)
            if task.isOverdue(at: now) && task.status == .pending { text.append(" (overdue)") }
            separator = ", "
        }
        if task.priority != .none {
            text.append(separator)
            text.append(task.priority.rawValue)
            text.append(" priority")
            separator = ", "
        }
        for tag in task.tags {
            text.append(separator)
            text.append("#")
            text.append(tag)
            separator = " "
        }
        if !task.tags.isEmpty { separator = ", " }
        if task.recurrence != nil {
            text.append(separator)
            text.append("repeats")
            separator = ", "
        }
        if task.status == .completed {
            text.append(separator)
            text.append("done")
        }
    }

    func numbered(_ tasks: [TodoTask]) -> String {
        var text = ReplyText(capacity: tasks.count * 64)
        appendNumbered(tasks, to: &text)
        return text.string
    }

    private func appendNumbered(_ tasks: [TodoTask], to text: inout ReplyText) {
        // By index: each task is read in place, not copied out of the array.
        for index in tasks.indices {
            if index > 0 { text.append("\n") }
            text.append(index + 1)
            text.append(". ")
            appendLine(tasks[index], to: &text)
        }
    }

    /// How the task repeats, its end said in the task's zone: "every weekday, until 2026-03-31";
    /// nil for a task that does not repeat.
    func repetition(_ task: TodoTask) -> String? {
        guard let text = task.recurrence else { return nil }
        guard let rule = try? RecurrenceRule(parsing: text) else { return "by the rule \(text)" }
        return rule.englishDescription(in: ZonedTime.zone(named: task.timezone) ?? zone)
    }

    public func created(_ task: TodoTask) -> String {
        var extras: [String] = []
        if let due = due(task) { extras.append(due) }
        if let repetition = repetition(task) { extras.append("repeating " + repetition) }
        if task.priority != .none { extras.append("\(task.priority.rawValue) priority") }
        if !task.tags.isEmpty { extras.append("tagged " + task.tags.map { "#" + $0 }.joined(separator: " ")) }
        if !task.reminders.isEmpty { extras.append(task.reminders.count == 1 ? "with a reminder" : "with \(task.reminders.count) reminders") }
        return "Added \(label(task))" + (extras.isEmpty ? "." : ", " + extras.joined(separator: ", ") + ".")
    }

    public func listing(_ tasks: [TodoTask], describing what: String) -> String {
        guard !tasks.isEmpty else { return "You have no \(what). Say “add …” to create one." }
        // "1 pending task", "2 pending tasks": `what` says "tasks" once, first.
        let said = tasks.count == 1 ? what.split(separator: "tasks", maxSplits: 1, omittingEmptySubsequences: false).joined(separator: "task") : what
        var text = ReplyText(capacity: 32 + tasks.count * 64)
        text.append("You have ")
        text.append(tasks.count)
        text.append(" ")
        text.append(said)
        text.append(":\n")
        appendNumbered(tasks, to: &text)
        return text.string
    }

    /// The answer to "what's next?": `tasks`, the first of `total` pending ones.
    public func pressing(_ tasks: [TodoTask], of total: Int) -> String {
        guard !tasks.isEmpty else { return "You have no pending tasks. Say “add …” to create one." }
        var text = ReplyText(capacity: 48 + tasks.count * 64)
        text.append(tasks.count == total ? "Your pending tasks, most pressing first:\n" : "Most pressing first (\(tasks.count) of your \(total) pending tasks):\n")
        appendNumbered(tasks, to: &text)
        return text.string
    }

    public func ambiguous(_ mention: String, _ tasks: [TodoTask]) -> String {
        "Several tasks match “\(mention)”:\n\(numbered(tasks))\nWhich one do you mean? Say its number (like #\(tasks[0].number)) or “the second one”."
    }

    public func confirmBulk(_ action: BulkAction, _ tasks: [TodoTask]) -> String {
        let verb = switch action {
        case .complete: "mark \(tasks.count) \(tasks.count == 1 ? "task" : "tasks") as done"
        case .reopen: "reopen \(tasks.count) \(tasks.count == 1 ? "task" : "tasks")"
        case .delete: "delete \(tasks.count) \(tasks.count == 1 ? "task" : "tasks")"
        }
        return "That would \(verb):\n\(numbered(tasks))\nShall I go ahead? Say “yes” or “no”."
    }

    /// The question before a bulk edit (`Intent.bulkEdit`).
    public func confirm(_ edit: TaskEdit, _ tasks: [TodoTask]) -> String {
        let count = "\(tasks.count) \(tasks.count == 1 ? "task" : "tasks")"
        let change = switch edit {
        case .reschedule(let when): "move \(count) to \(when)"
        case .priority(.none): "remove the priority of \(count)"
        case .priority(let priority): "make \(count) \(priority.rawValue) priority"
        case .addTags(let tags): "tag \(count) \(Self.hashed(tags))"
        case .removeTags(let tags): "remove \(Self.hashed(tags)) from \(count)"
        case .clearTags: "remove every tag from \(count)"
        default: "change \(count)"
        }
        return "That would \(change):\n\(numbered(tasks))\nShall I go ahead? Say “yes” or “no”."
    }

    static func hashed(_ tags: [String]) -> String { tags.map { "#" + $0 }.joined(separator: " ") }

    public static let help = """
        I manage your tasks. To add one, type it, or say “add …”: “Pay rent tomorrow at 5pm #home !high” (dates, times, \
        “every monday”, #tags, !high and “remind me 30 minutes before” are understood). You can also ask \
        “what’s due tomorrow?”, “show my overdue tasks”, “complete #3”, “move it to friday”, “rename #2 to …”, \
        “add the tag #work to …”, “delete the second one”, and “undo”.
        """

    public static func smallTalk(_ kind: SmallTalk) -> String {
        switch kind {
        case .greeting: "Hello! Tell me what to add, or ask what’s due — for example “add Call Ana tomorrow at 5pm”."
        case .thanks: "You’re welcome! Anything else? You can say “add …” or “what’s due today?”."
        case .farewell: "Bye! Your tasks will be here when you’re back."
        }
    }

    public static let unknown = """
        I’m not sure what you’d like me to do, so I changed nothing. Try “add Buy milk tomorrow”, \
        “what’s due this week?”, “complete #3”, or say “help”.
        """
}
