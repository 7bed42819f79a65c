import TodoCore
import TodoStore

/// `todo reopen`: marks a completed task pending again.
struct ReopenCommand: Command {
    static let configuration = CommandConfiguration(
        name: "reopen",
        abstract: "Mark a completed task pending again.",
        examples: ["todo reopen 12"])

    @Argument(valueName: "ref", help: "The task: its number (12 or #12) or its id.")
    var task: TaskReference

    @Flag(help: "Print the task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let (before, after) = try context.withLocalStore { store, user in
            let before = try task.resolve(in: store, userID: user.id)
            return (before, try store.reopenTask(id: before.id, userID: user.id, expectedVersion: nil, now: context.now))
        }
        if json {
            context.output.writeJSON(after)
        } else if before.status == .pending {
            context.output.line("\(TaskWording.name(of: after)) is already pending")
        } else {
            context.output.line("Reopened \(TaskWording.name(of: after))")
        }
    }
}
