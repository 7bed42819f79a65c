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
        try StatusChange.run(task, to: .completed, json: json, context: context)
    }
}
