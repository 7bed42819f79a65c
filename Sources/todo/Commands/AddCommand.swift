import Foundation
import TodoCore
import TodoStore

/// `todo add`: creates one task.
struct AddCommand: Command {
    static let configuration = CommandConfiguration(
        name: "add",
        abstract: "Add a task.",
        discussion: "The words of the title may be given unquoted; they are joined with spaces.",
        examples: [
            "todo add Pay rent --due 2026-12-01 --tag home",
            "todo add \"Call the bank\" --due \"tomorrow 09:30\" --priority high",
            "todo add Submit report --due 2026-12-05T17:00 --timezone Europe/Berlin --json",
        ])

    @Argument(valueName: "title", help: "What is to be done.")
    var titleWords: [String]

    @Option(valueName: "when", help: "When it is due: \(DueDateParser.acceptedForms). A date alone means all day.")
    var due: String?

    @Option(help: "How important it is.")
    var priority: Priority = .none

    @Option(name: "tag", help: "A tag, like work or #work.")
    var tags: [String]

    @Option(valueName: "text", help: "A longer description.")
    var note: String?

    @Option(valueName: "zone", help: "The IANA time zone the due date is meant in (default: the local zone).")
    var timezone: String?

    @Flag(help: "Print the created task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let zoneName = timezone ?? context.localTimeZoneName
        var draft = TaskDraft(
            title: titleWords.joined(separator: " "), description: note ?? "", priority: priority, tags: tags,
            timezone: zoneName)
        if let due {
            guard let zone = ZonedTime.zone(named: zoneName) else { throw TaskValidationError.unknownTimeZone(zoneName) }
            let parser = DueDateParser(timeZone: zone, now: context.now)
            guard let dueDate = parser.parse(due) else {
                throw usageError("cannot read '--due \(due)': use \(DueDateParser.acceptedForms)")
            }
            draft.dueAt = dueDate.date
            draft.allDay = dueDate.allDay
        }
        let task = try context.withTasks { tasks in try tasks.create(draft) }
        if json {
            context.output.writeJSON(task)
        } else {
            var formatter = context.makeDueFormatter()
            var line = "Added \(TaskWording.name(of: task))"
            if let due = formatter.describeDue(of: task) { line += " (due \(due))" }
            context.output.line(line)
        }
    }
}
