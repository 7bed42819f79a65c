/// A `todo` command: a type that declares its parameters with `@Argument`, `@Option` and `@Flag`
/// and runs once they are parsed and validated (the shape of swift-argument-parser's
/// `ParsableCommand`, written here because no outside package can be used).
///
/// Help, usage lines and parse errors are all generated from the same declarations, so what
/// `--help` says is exactly what the parser accepts.
protocol Command: ParsableArguments {
    static var configuration: CommandConfiguration { get }

    /// Checks what single declarations cannot express (option combinations, ranges). Runs after
    /// parsing and before `run`; a thrown `UsageError` exits with code 2 and nothing is done.
    func validate() throws(UsageError)

    /// Does the work. A thrown error exits with code 2 when it means invalid input, else 1
    /// (`FailureReport` decides).
    func run(_ context: CommandContext) throws
}

extension Command {
    func validate() throws(UsageError) {}

    /// `todo add`: how the command is invoked, for messages and help.
    static var commandPath: String { "\(CommandLineTool.toolName) \(configuration.name)" }

    /// A usage error reported against this command.
    func usageError(_ message: String) -> UsageError {
        UsageError(message, commandPath: Self.commandPath)
    }
}

/// A group of declared parameters that can be parsed: a command, or options shared by all
/// commands (`GlobalOptions`).
protocol ParsableArguments {
    /// An instance with every parameter at its default; the parser fills it in.
    init()
}
