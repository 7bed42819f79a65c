import Foundation
import TodoCore

/// What a chat message asks for, as the offline agent's grammar reads it (`IntentParser`).
/// Text that names tasks or dates is kept as the user typed it; the agent resolves it.
public enum Intent: Hashable, Sendable {
    /// A new task from a quick-add sentence (the command words already dropped).
    case add(String)
    /// A message that is itself a new task, with no command word ("buy milk and eggs"): added
    /// as `add` is, unless it answers a pending "which one?" by a title.
    case task(String)
    case list(ListingRequest)
    case search(String)
    case show(TaskMention)
    case complete(TaskMention)
    case reopen(TaskMention)
    case delete(TaskMention)
    case edit(TaskMention, TaskEdit)
    /// A change to every task of a selection: asked to confirm first (§6.2).
    case bulk(BulkAction, BulkSelection)
    /// One edit to every task of a selection that it would change ("move all of today's tasks to
    /// tomorrow", "make all my work tasks high priority", "remove #work from everything"): asked
    /// to confirm first; each task is then edited as alone (a moved task keeps its time, rule 9).
    /// Only the edits with a `storedForm` are made to a set.
    case bulkEdit(BulkSelection, TaskEdit)
    case confirm
    case deny
    case undo
    case help
    case smallTalk(SmallTalk)
    case unknown

    /// Whether the intent changes tasks when carried out (undo and confirm count: they may).
    public var isCommand: Bool {
        switch self {
        case .smallTalk, .unknown, .help, .confirm, .deny: false
        default: true
        }
    }
}

/// How a message names a task (DESIGN §6.2 "references").
public enum TaskMention: Hashable, Sendable {
    /// "it", "that": the task the previous turn was about.
    case previous
    /// "#3", "task 3".
    case number(Int)
    /// "the second one" (1-based), in the latest listing; "the last one" is -1.
    case ordinal(Int)
    /// A title or part of one.
    case title(String)
    /// A title after a verb that is a to-do of its own as often as a command ("cancel gym
    /// membership"): only a task of exactly that title; else `otherwise`, the sentence, is a new task.
    case exactTitle(String, otherwise: String)
    /// Resolved already (the answer to "which one?").
    case id(UUID)
    /// Several tasks, each named exactly ("#1 and #2", "buy milk and call mom"): carried out
    /// on all of them only when every one names exactly one task (rule 2).
    case several([TaskMention])
}

public enum TaskEdit: Hashable, Sendable {
    /// A date phrase ("friday", "5pm", "next monday at 9"): a day keeps a timed task's time,
    /// a time keeps the date.
    case reschedule(String)
    /// Later (or earlier, when negative) by whole days and minutes: "push it back a day",
    /// "postpone #3 by 2 hours". Days keep the wall time.
    case shift(days: Int, minutes: Int)
    case clearDue
    case rename(String)
    /// "oops, I meant Lina", "Lina not Lena": one word of the title replaced, the one `replacing`
    /// names or else the one nearest to `word` in spelling.
    case correctWord(String, replacing: String?)
    case priority(Priority)
    /// One level up (1) or down (-1) from the task's own: "raise the priority of #2", "make it less urgent".
    case priorityStep(Int)
    case addTags([String])
    case removeTags([String])
    /// "remove all tags from #1".
    case clearTags
    /// A reminder phrase ("remind me 30 minutes before"), or nil for one at the due time.
    case addReminder(String?)
    /// The reminders a phrase names ("remind me 1 hour before"): "remove the 1 hour reminder from X".
    case removeReminder(String)
    case clearReminders
    /// A recurrence phrase ("every monday").
    case recurrence(String)
    case clearRecurrence
}

extension TaskEdit {
    /// How an edit waiting for a "yes" is kept in the conversation's state, for the edits a sweep
    /// may make (`Intent.bulkEdit`); nil for the others. "move" is the key the state had before
    /// there were other bulk edits.
    var storedForm: (key: StaticString, value: String)? {
        switch self {
        case .reschedule(let when): ("move", when)
        case .priority(let priority): ("priority", priority.rawValue)
        case .addTags(let tags): ("tag", tags.joined(separator: " "))
        case .removeTags(let tags): ("untag", tags.joined(separator: " "))
        case .clearTags: ("untag_all", "")
        default: nil
        }
    }

    init?(storedKey key: String, value: String) {
        let tags = value.split(separator: " ").map(String.init)
        switch key {
        case "move": self = .reschedule(value)
        case "priority": guard let priority = Priority(rawValue: value) else { return nil }; self = .priority(priority)
        case "tag" where !tags.isEmpty: self = .addTags(tags)
        case "untag" where !tags.isEmpty: self = .removeTags(tags)
        case "untag_all": self = .clearTags
        default: return nil
        }
    }
}

public enum BulkAction: String, Hashable, Sendable {
    case complete, reopen, delete
}

/// Which tasks a bulk change or a listing is about.
public enum BulkSelection: Hashable, Sendable {
    case all
    case tagged(String)
    /// "delete all my high priority tasks", "complete all urgent #work tasks".
    case prioritized(Priority, tag: String?)
    case overdue
    case completed
    /// "delete everything due tomorrow", "complete all my #work tasks due friday".
    case due(DueRange, tag: String?)
    /// "them all", "all of them": the tasks of the latest listing.
    case listed
}

/// A listing and its filters. `due` is a date phrase ("tomorrow", "friday") meaning that day.
public struct ListingRequest: Hashable, Sendable {
    public var status: TaskQuery.StatusFilter = .pending
    public var tag: String?
    public var priority: Priority?
    public var overdue = false
    public var due: DueRange?
    /// "show my work tasks": a word that names a tag the user has, or else is searched for.
    public var topic: String?
    /// "what's next?": the few pending tasks most pressing, not every one.
    public var pressing = false
    /// "what did I finish today?": `due` is the days the tasks were completed on, not due on.
    public var completedOn = false

    public init(status: TaskQuery.StatusFilter = .pending, tag: String? = nil, priority: Priority? = nil, overdue: Bool = false, due: DueRange? = nil,
                pressing: Bool = false) {
        self.pressing = pressing
        self.status = status
        self.tag = tag
        self.priority = priority
        self.overdue = overdue
        self.due = due
    }
}

/// The days a "due …" question is about.
public enum DueRange: Hashable, Sendable {
    /// One day, as a date phrase ("today", "tomorrow", "friday", "march 3").
    case day(String)
    case thisWeek
    case nextWeek
    case thisMonth
    case nextMonth
    /// Today and the days after it, this many in all ("the next 3 days").
    case days(Int)
    /// The coming Saturday and Sunday (today on, when it is one of them).
    case weekend
    /// Before a day, as a date phrase ("before friday"); overdue tasks included.
    case before(String)

    var isBefore: Bool { if case .before = self { true } else { false } }
}

public enum SmallTalk: Hashable, Sendable {
    case greeting, thanks, farewell
}
