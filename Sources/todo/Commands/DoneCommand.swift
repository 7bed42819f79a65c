import TodoCore
import TodoStore

/// `todo done`: marks a task completed.
struct DoneCommand: Command {
    static let configuration = CommandConfiguration(
        name: "done",
        aliases: ["complete"],
        abstract: "Mark a task completed.",
        examples: ["todo done 12", "todo done '#12'"])

    @Argument(valueName: "ref", help: "The task: its number (12 or #12) or its id.")
    var task: TaskReference

    @Flag(help: "Print the task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let (before, after) = try context.withLocalStore { store, user in
            let before = try task.resolve(in: store, userID: user.id)
            return (before, try store.completeTask(id: before.id, userID: user.id, expectedVersion: nil, now: context.now))
        }
        if json {
            context.output.writeJSON(after)
        } else if before.status == .completed {
            context.output.line("\(TaskWording.name(of: after)) was already completed")
        } else {
            context.output.line("Completed \(TaskWording.name(of: after))")
        }
    }
}
