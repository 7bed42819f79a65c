import Foundation
import TodoCore
import TodoStore

/// `todo edit`: changes some fields of a task and keeps the others.
struct EditCommand: Command {
    static let configuration = CommandConfiguration(
        name: "edit",
        abstract: "Change fields of a task; the others stay as they are.",
        discussion: """
            --tag adds tags and --untag removes them; other tags stay. --due takes the dates of a \
            quick-add sentence; a day alone moves a timed task to that day at its time, and a time \
            alone keeps its date. Changing the time zone keeps a timed task's instant and an \
            all-day task's date.
            """,
        examples: [
            "todo edit 12 --due \"tomorrow 17:00\" --priority high",
            "todo edit 12 --due friday",
            "todo edit 12 --tag work --untag home",
            "todo edit 12 --no-due --note \"\"",
        ])

    @Argument(valueName: "ref", help: "The task: its number (12 or #12) or its id.")
    var task: TaskReference

    @Option(valueName: "title", help: "A new title.")
    var title: String?

    @Option(valueName: "when", help: "A new due date: \(DueDateParser.acceptedForms).")
    var due: String?

    @Flag(help: "Remove the due date (and the reminders, which count from it).")
    var noDue: Bool

    @Option(help: "A new priority.")
    var priority: Priority?

    @Option(name: "tag", help: "A tag to add.")
    var addedTags: [String]

    @Option(name: "untag", valueName: "tag", help: "A tag to remove.")
    var removedTags: [String]

    @Option(valueName: "text", help: "A new description (\"\" removes it).")
    var note: String?

    @Option(valueName: "zone", help: "A new IANA time zone for the task's dates.")
    var timezone: String?

    @Flag(help: "Print the updated task as JSON.")
    var json: Bool

    func validate() throws(UsageError) {
        if due != nil, noDue { throw usageError("use either --due or --no-due, not both") }
        let untagged = Set(removedTags.compactMap { try? TagNormalizer.normalize($0) })
        if let both = addedTags.first(where: { (try? TagNormalizer.normalize($0)).map(untagged.contains) ?? false }) {
            throw usageError("--tag and --untag both name '\(both)': give each tag to one of them")
        }
        if title == nil, due == nil, !noDue, priority == nil, addedTags.isEmpty, removedTags.isEmpty, note == nil,
           timezone == nil {
            throw usageError("nothing to change: give at least one of --title, --due, --no-due, --priority, --tag, --untag, --note, --timezone")
        }
    }

    func run(_ context: CommandContext) throws {
        let (before, after) = try context.withTasks { tasks in
            let before = try tasks.task(task)
            return (before, try tasks.update(before, patch: try makePatch(for: before, context: context)))
        }
        if json {
            context.output.writeJSON(after)
            return
        }
        var formatter = context.makeDueFormatter()
        let changes = TaskWording.changes(from: before, to: after, formatter: &formatter, calendar: context.makeCalendarWording())
        if changes.isEmpty {
            context.output.line("\(TaskWording.name(of: after)) is unchanged")
        } else {
            context.output.line("Updated \(TaskWording.name(of: after)): \(changes.joined(separator: ", "))")
        }
    }

    private func makePatch(for task: TodoTask, context: CommandContext) throws -> TaskPatch {
        var patch = TaskPatch(title: title, description: note, priority: priority, timezone: timezone)
        let zoneName = timezone ?? task.timezone
        if let due {
            guard let zone = ZonedTime.zone(named: zoneName) else { throw TaskValidationError.unknownTimeZone(zoneName) }
            let typed = try DueDateParser(timeZone: zone, now: context.now, dateOrder: context.dateOrder).read(due, for: self)
            // The chat's rule for edits (DESIGN §6.2): a new day keeps the time, a new time the day.
            let current = task.dueAt.map { DueDate(date: $0, allDay: task.allDay) }
            let dueDate = typed.dueDate(changing: current, now: context.now, in: zone)
            patch.dueAt = .some(dueDate.date)
            patch.allDay = dueDate.allDay
        } else if noDue {
            if task.recurrence != nil {
                throw usageError("#\(task.number) repeats, and a series is laid out from its due date: it cannot lose it while it repeats")
            }
            patch.removeDueDate(of: task)
        }
        if !addedTags.isEmpty || !removedTags.isEmpty {
            let removed = Set(try TagNormalizer.normalize(removedTags))
            patch.tags = task.tags.filter { !removed.contains($0) } + (try TagNormalizer.normalize(addedTags))
        }
        return patch
    }
}
