import TodoCore
import TodoStore

/// `todo reopen`: marks completed tasks pending again.
struct ReopenCommand: Command {
    static let configuration = CommandConfiguration(
        name: "reopen",
        abstract: "Mark completed tasks pending again.",
        examples: ["todo reopen 12"])

    @Argument(valueName: "ref", help: "The tasks: each a number (12 or #12) or an id.")
    var tasks: [TaskReference]

    @Flag(help: "Print each task as JSON, one per line.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        try StatusChange.run(tasks, to: .pending, json: json, context: context)
    }
}
