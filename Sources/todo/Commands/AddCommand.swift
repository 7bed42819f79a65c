import Foundation
import TodoCore
import TodoStore

/// `todo add`: creates one task.
struct AddCommand: Command {
    static let configuration = CommandConfiguration(
        name: "add",
        abstract: "Add a task.",
        discussion: """
            The words may be given unquoted; they are joined with spaces and read as a quick-add \
            sentence: dates and times ("tomorrow 5pm", "next friday"), repetition ("every month \
            on the 1st", "every! 2 weeks"), #tags, priorities (!high, p1) and reminders ("remind \
            me 30 minutes before") leave the title and set the task's fields (`todo parse` shows \
            how a sentence is read). Options override what the sentence says; with --due the \
            sentence's date words stay in the title; --literal keeps the title exactly as typed.
            """,
        examples: [
            "todo add \"Pay rent every month on the 1st #home !high\"",
            "todo add Pay rent --due 2026-12-01 --tag home",
            "todo add \"Call the plumber\" --due \"friday 5pm\"",
            "todo add \"Call the bank\" --due \"tomorrow 09:30\" --priority high",
            "todo add Submit report --due 2026-12-05T17:00 --timezone Europe/Berlin --json",
        ])

    @Argument(valueName: "title", help: "What is to be done.")
    var titleWords: [String]

    @Option(valueName: "when", help: "When it is due: \(DueDateParser.acceptedForms). A date alone means all day.")
    var due: String?

    @Option(help: "How important it is.")
    var priority: Priority?

    @Option(name: "tag", help: "A tag, like work or #work.")
    var tags: [String]

    @Option(valueName: "text", help: "A longer description.")
    var note: String?

    @Option(valueName: "zone", help: "The IANA time zone the due date is meant in (default: the local zone).")
    var timezone: String?

    @Flag(help: "Take the title as typed: read no dates, tags or priorities from it.")
    var literal: Bool

    @Flag(help: "Print the created task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let zoneName = timezone ?? context.localTimeZoneName
        guard let zone = ZonedTime.zone(named: zoneName) else { throw TaskValidationError.unknownTimeZone(zoneName) }
        let text = titleWords.joined(separator: " ")
        var draft = TaskDraft(title: text, timezone: zoneName)
        if !literal {
            var parser = QuickAddParser(now: context.now, zone: zone, dateOrder: context.dateOrder)
            parser.readsDates = due == nil
            let sentence = parser.parse(text)
            draft = sentence.draft(timezone: zoneName)
            if due == nil, let refusal = Self.refusal(of: sentence, text: text) { throw usageError(refusal) }
        }
        if let note { draft.description = note }
        if let priority { draft.priority = priority }
        draft.tags += tags
        if let due {
            let parser = DueDateParser(timeZone: zone, now: context.now, dateOrder: context.dateOrder)
            let dueDate = try parser.read(due, for: self).dueDate(now: context.now, in: zone)
            draft.dueAt = dueDate.date
            draft.allDay = dueDate.allDay
        }
        let task = try context.withTasks { tasks in try tasks.create(draft) }
        if json {
            context.output.writeJSON(task)
        } else {
            // What was stored, not what was typed: the user sees at once how the sentence was read.
            let stored = TaskWording.summary(of: task, in: context.localTimeZone, calendar: context.makeCalendarWording())
            context.output.line("Added \(TaskWording.name(of: task))" + (stored.isEmpty ? "" : " — " + stored.joined(separator: ", ")))
        }
    }

    /// Why a sentence cannot be a task before the store's rules are asked, as `todo parse`
    /// says it too: a repetition is laid out from its first occurrence on or after now (DESIGN
    /// §6.1), so one with none left is refused.
    static func refusal(of sentence: QuickAddResult, text: String) -> String? {
        guard sentence.recurrence != nil, sentence.dueAt == nil else { return nil }
        return "the repetition in \"\(text)\" has no occurrence from now on: it ends before it starts"
    }
}
