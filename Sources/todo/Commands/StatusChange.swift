import TodoCore
import TodoStore

/// What `todo done` and `todo reopen` share: find the tasks, set their status, say what happened.
enum StatusChange {
    static func run(_ references: [TaskReference], to status: TaskStatus, json: Bool, context: CommandContext) throws {
        let changes = try context.withTasks { tasks in
            try TaskReference.resolveAll(references, in: tasks).map { before in
                status == .completed ? (before, try tasks.complete(before)) : (before, Completion(task: try tasks.reopen(before), next: nil))
            }
        }
        for (before, change) in changes {
            let after = change.task
            let name = TaskWording.name(of: after)
            if json {
                context.output.writeJSON(after)
            } else if before.status == status {
                context.output.line(status == .completed ? "\(name) was already completed" : "\(name) is already pending")
            } else if status == .completed {
                context.output.line("Completed \(name)" + nextWords(after: change, context))
            } else {
                context.output.line("Reopened \(name)")
            }
        }
    }

    /// ` — next: #13 "Pay rent", due Fri 1 Jan` for a recurring task; ` — repeats every month
    /// on the 1st` when its next task is not known (the server has not created it yet, or the
    /// series ended); empty for a task that does not repeat.
    private static func nextWords(after change: Completion, _ context: CommandContext) -> String {
        if let next = change.next {
            let due = TaskWording.summary(of: next, in: context.localTimeZone, calendar: context.makeCalendarWording()).first ?? "no due date"
            return " — next: \(TaskWording.name(of: next)), \(due)"
        }
        guard let rule = change.task.recurrence else { return "" }
        let zone = ZonedTime.zone(named: change.task.timezone) ?? context.localTimeZone
        guard let completedAt = change.task.completedAt,
              SeriesContinuation.nextTask(after: change.task, completedAt: completedAt) != nil else {
            return " — the last of its series (\(TaskWording.recurrence(rule, from: change.task.recurrenceFrom, in: zone)))"
        }
        return " — repeats " + TaskWording.recurrence(rule, from: change.task.recurrenceFrom, in: zone)
    }
}
