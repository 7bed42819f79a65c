import TodoCore
import TodoStore

/// What `todo done` and `todo reopen` share: find the task, set its status, say what happened.
enum StatusChange {
    static func run(_ reference: TaskReference, to status: TaskStatus, json: Bool, context: CommandContext) throws {
        let (before, after) = try context.withLocalStore { store, user in
            let before = try reference.resolve(in: store, userID: user.id)
            let after = switch status {
            case .completed: try store.completeTask(id: before.id, userID: user.id, expectedVersion: nil, now: context.now)
            case .pending: try store.reopenTask(id: before.id, userID: user.id, expectedVersion: nil, now: context.now)
            }
            return (before, after)
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
