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
        try StatusChange.run(task, to: .pending, json: json, context: context)
    }
}
