import TodoCore

/// `todo help [command]`: the same as `todo --help` or `todo COMMAND --help`.
struct HelpCommand: Command {
    static let configuration = CommandConfiguration(
        name: "help",
        abstract: "Show help for todo or one of its commands.",
        examples: ["todo help", "todo help add"])

    @Argument(valueName: "command", help: "The command to explain.")
    var command: String?

    func run(_ context: CommandContext) throws {
        let tool = CommandLineTool.todo
        guard let name = command else {
            context.output.write(HelpFormatter.rootHelp(tool))
            return
        }
        guard let type = tool.command(named: name) else {
            let names = tool.commands.flatMap { [$0.configuration.name] + $0.configuration.aliases }
            throw UsageError.unknownCommand(name, suggestion: Suggestion.closest(to: name, in: names))
        }
        context.output.write(HelpFormatter.help(for: type, globals: tool.makeGlobals()))
    }
}
