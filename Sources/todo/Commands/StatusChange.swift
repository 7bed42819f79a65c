import TodoCore
import TodoStore

/// What `todo done` and `todo reopen` share: find the task, set its status, say what happened.
enum StatusChange {
    static func run(_ reference: TaskReference, to status: TaskStatus, json: Bool, context: CommandContext) throws {
        let (before, after) = try context.withTasks { tasks in
            let before = try tasks.task(reference)
            return (before, status == .completed ? try tasks.complete(before) : try tasks.reopen(before))
        }
        let name = TaskWording.name(of: after)
        if json {
            context.output.writeJSON(after)
        } else if before.status == status {
            context.output.line(status == .completed ? "\(name) was already completed" : "\(name) is already pending")
        } else {
            context.output.line(status == .completed ? "Completed \(name)" : "Reopened \(name)")
        }
    }
}
