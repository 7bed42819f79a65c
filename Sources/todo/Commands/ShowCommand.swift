import Foundation
import TodoCore
import TodoStore

/// `todo show`: every field of one task.
struct ShowCommand: Command {
    static let configuration = CommandConfiguration(
        name: "show",
        abstract: "Show every field of a task.",
        examples: ["todo show 12", "todo show '#12' --json"])

    @Argument(valueName: "ref", help: "The task: its number (12 or #12) or its id.")
    var task: TaskReference

    @Flag(help: "Print the task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let found = try context.withTasks { tasks in try tasks.task(task) }
        if json {
            context.output.writeJSON(found)
        } else {
            var formatter = context.makeDueFormatter()
            context.output.write(TaskDetails.text(
                of: found, formatter: &formatter, calendar: context.makeCalendarWording(), localTimeZone: context.localTimeZone))
        }
    }
}

/// The readable all-fields view of `todo show`.
enum TaskDetails {
    static func text(of task: TodoTask, formatter: inout RelativeDueFormatter, calendar: CalendarWording,
                     localTimeZone: TimeZone) -> String {
        let taskZone = ZonedTime.zone(named: task.timezone) ?? localTimeZone
        func local(_ date: Date) -> String { RFC3339.format(date, in: localTimeZone) }

        var status = task.status.rawValue
        if formatter.isOverdue(task) { status += " (overdue)" }
        var due = "none"
        if let dueAt = task.dueAt {
            let words = formatter.describe(dueAt: dueAt, allDay: task.allDay, timezone: task.timezone)
            due = task.allDay
                ? "\(words) — \(ZonedTime.civilDate(of: dueAt, in: taskZone)), all day"
                : "\(words) — \(RFC3339.format(dueAt, in: taskZone))"
        }
        let recurrence = task.recurrence.map { rule in
            let words = (try? RecurrenceRule(parsing: rule))?.englishDescription(in: taskZone)
            return (words.map { "\($0) (\(rule))" } ?? rule)
                + ", counted from the \(task.recurrenceFrom == .due ? "due date" : "completion")"
        } ?? "none"
        let reminders = task.reminders.isEmpty ? "none" : task.reminders.map { reminder in
            TaskWording.reminder(reminder, in: taskZone, calendar: calendar)
        }.joined(separator: ", ")

        var rows: [(String, String)] = [
            ("Status", status),
            ("Due", due),
            ("Time zone", task.timezone),
            ("Priority", task.priority.rawValue),
            ("Tags", task.tags.isEmpty ? "none" : TaskWording.tags(task.tags)),
            ("Repeats", recurrence),
            ("Reminders", reminders),
            ("Created", local(task.createdAt)),
            ("Updated", local(task.updatedAt)),
            ("Completed", task.completedAt.map(local) ?? "no"),
            ("Version", String(task.version)),
            ("Id", task.id.lowercasedString),
        ]
        if let series = task.seriesID { rows.append(("Series", series.lowercasedString)) }

        var text = "#\(task.number) \(task.title)\n"
        for (label, value) in rows {
            text += "  " + TerminalText.padded(label + ":", toWidth: 12) + value + "\n"
        }
        if !task.description.isEmpty {
            text += "\n"
            for line in task.description.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "  " + line + "\n"
            }
        }
        return text
    }
}
