import TodoCore
import TodoStore

/// `todo rm`: deletes a task.
struct RemoveCommand: Command {
    static let configuration = CommandConfiguration(
        name: "rm",
        aliases: ["delete"],
        abstract: "Delete a task.",
        examples: ["todo rm 12"])

    @Argument(valueName: "ref", help: "The task: its number (12 or #12) or its id.")
    var task: TaskReference

    @Flag(help: "Print the deleted task as JSON.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let deleted = try context.withTasks { tasks in try tasks.delete(try tasks.task(task)) }
        if json {
            context.output.writeJSON(deleted)
        } else {
            context.output.line("Deleted \(TaskWording.name(of: deleted))")
        }
    }
}
