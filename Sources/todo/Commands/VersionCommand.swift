/// `todo version`: the same as `todo --version`.
struct VersionCommand: Command {
    static let configuration = CommandConfiguration(
        name: "version",
        abstract: "Print the version.",
        examples: ["todo version", "todo --version"])

    func run(_ context: CommandContext) throws {
        context.output.line("\(CommandLineTool.toolName) \(CommandLineTool.todo.version)")
    }
}
