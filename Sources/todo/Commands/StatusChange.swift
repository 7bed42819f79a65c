import TodoCore
import TodoStore

/// What `todo done` and `todo reopen` share: find the tasks, set their status, say what happened.
enum StatusChange {
    static func run(_ references: [TaskReference], to status: TaskStatus, json: Bool, context: CommandContext) throws {
        let changes = try context.withTasks { tasks in
            try TaskReference.resolveAll(references, in: tasks).map { before in
                (before, status == .completed ? try tasks.complete(before) : try tasks.reopen(before))
            }
        }
        for (before, after) in changes {
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
}
