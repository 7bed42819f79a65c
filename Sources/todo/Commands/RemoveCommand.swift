import TodoCore
import TodoStore

/// `todo rm`: deletes tasks.
struct RemoveCommand: Command {
    static let configuration = CommandConfiguration(
        name: "rm",
        aliases: ["delete"],
        abstract: "Delete tasks.",
        examples: ["todo rm 12", "todo rm 12 13 '#15'"])

    @Argument(valueName: "ref", help: "The tasks: each a number (12 or #12) or an id.")
    var tasks: [TaskReference]

    @Flag(help: "Print each deleted task as JSON, one per line.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let deleted = try context.withTasks { access in
            try TaskReference.resolveAll(tasks, in: access).map { try access.delete($0) }
        }
        for task in deleted {
            if json {
                context.output.writeJSON(task)
            } else {
                context.output.line("Deleted \(TaskWording.name(of: task))")
            }
        }
    }
}
