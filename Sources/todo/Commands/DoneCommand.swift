import TodoCore
import TodoStore

/// `todo done`: marks tasks completed.
struct DoneCommand: Command {
    static let configuration = CommandConfiguration(
        name: "done",
        aliases: ["complete"],
        abstract: "Mark tasks completed.",
        discussion: """
            Completing a repeating task creates the next task of its series (once, however often \
            it is completed): on a local database at once, in the same transaction; against a \
            server, its recurring-task service does it, and the next task is shown when it \
            appears within a second.
            """,
        examples: ["todo done 12", "todo done 12 13 '#15'"])

    @Argument(valueName: "ref", help: "The tasks: each a number (12 or #12) or an id.")
    var tasks: [TaskReference]

    @Flag(help: "Print each task as JSON, one per line.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        try StatusChange.run(tasks, to: .completed, json: json, context: context)
    }
}
