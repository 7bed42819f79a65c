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

    public init(now: Date, zone: TimeZone) {
        self.now = now
        offsets = ZoneOffsets(zone)
        today = offsets.wallTime(of: now).day
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// "#4 “Buy milk”".
    public func label(_ task: TodoTask) -> String { "#\(task.number) “\(task.title)”" }

    /// "today", "tomorrow", "Friday 6 March", "Friday 6 March 2027", with " at 17:00" for a timed date.
    public func date(_ date: Date, allDay: Bool) -> String {
        var text = ""
        appendDate(date, allDay: allDay, to: &text)
        return text
    }

    /// Appends `date(date, allDay:)` to `text`, as a listing does for every task.
    func appendDate(_ date: Date, allDay: Bool, to text: inout String) {
        let (day, second) = offsets.wallTime(of: date)
        switch day.daysSinceEpoch - today.daysSinceEpoch {
        case 0: text += "today"
        case 1: text += "tomorrow"
        case -1: text += "yesterday"
        default:
            text += Self.weekdays[day.weekday - 1]
            text += " "
            text += String(day.day)
            text += " "
            text += Self.months[day.month - 1]
            if day.year != today.year {
                text += " "
                text += String(day.year)
            }
        }
        if !allDay {
            text += " at "
            text += Self.twoDigits(second / 3600)
            text += ":"
            text += Self.twoDigits(second / 60 % 60)
        }
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// "due tomorrow at 17:00", or nil for an undated task.
    public func due(_ task: TodoTask) -> String? {
        task.dueAt.map { "due " + date($0, allDay: task.allDay) }
    }

    /// One line of a listing: "#4 Buy milk — due tomorrow, high priority, #home".
    public func line(_ task: TodoTask) -> String {
        var text = ""
        appendLine(task, to: &text)
        return text
    }

    /// Appends `line(task)` to `text`: a listing names up to hundreds of tasks, each written
    /// into one string rather than joined from pieces.
    func appendLine(_ task: TodoTask, to text: inout String) {
        text += "#"
        text += String(task.number)
        text += " "
        text += task.title
        var separator = " — "
        func detail(_ words: String) {
            text += separator
            text += words
            separator = ", "
        }
        if let dueAt = task.dueAt {
            text += separator
            text += "due "
            appendDate(dueAt, allDay: task.allDay, to: &text)
            if task.isOverdue(at: now) && task.status == .pending { text += " (overdue)" }
            separator = ", "
        }
        if task.priority != .none { detail(task.priority.rawValue + " priority") }
        for (index, tag) in task.tags.enumerated() {
            text += index == 0 ? separator : " "
            text += "#"
            text += tag
            separator = ", "
        }
        if task.recurrence != nil { detail("repeats") }
        if task.status == .completed { detail("done") }
    }

    func numbered(_ tasks: [TodoTask]) -> String {
        var text = ""
        text.reserveCapacity(tasks.count * 64)
        for (index, task) in tasks.enumerated() {
            if index > 0 { text += "\n" }
            text += String(index + 1)
            text += ". "
            appendLine(task, to: &text)
        }
        return text
    }

    public func created(_ task: TodoTask) -> String {
        var extras: [String] = []
        if let due = due(task) { extras.append(due) }
        if task.recurrence != nil { extras.append("repeating") }
        if task.priority != .none { extras.append("\(task.priority.rawValue) priority") }
        if !task.tags.isEmpty { extras.append("tagged " + task.tags.map { "#" + $0 }.joined(separator: " ")) }
        if !task.reminders.isEmpty { extras.append(task.reminders.count == 1 ? "with a reminder" : "with \(task.reminders.count) reminders") }
        return "Added \(label(task))" + (extras.isEmpty ? "." : ", " + extras.joined(separator: ", ") + ".")
    }

    public func listing(_ tasks: [TodoTask], describing what: String) -> String {
        guard !tasks.isEmpty else { return "You have no \(what). Say “add …” to create one." }
        // "1 pending task", "2 pending tasks": `what` says "tasks" once, first.
        let said = tasks.count == 1 ? what.split(separator: "tasks", maxSplits: 1, omittingEmptySubsequences: false).joined(separator: "task") : what
        return "You have \(tasks.count) \(said):\n" + numbered(tasks)
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

    public static let help = """
        I manage your tasks. To add one, say “add Pay rent tomorrow at 5pm #home !high” (dates, times, \
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
