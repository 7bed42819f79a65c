/// A command line that was refused before anything ran: printed as one line that points to the
/// command's help, with exit code 2.
struct UsageError: Error, Sendable, CustomStringConvertible {
    var message: String
    /// The command whose help explains what is accepted (`todo add`, or `todo` itself).
    var commandPath: String

    init(_ message: String, commandPath: String) {
        self.message = message
        self.commandPath = commandPath
    }

    var description: String { "\(message) (see '\(commandPath) --help')" }

    static func unknownCommand(_ name: String, suggestion: String?) -> UsageError {
        var message = "unknown command '\(name)'"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return UsageError(message, commandPath: CommandLineTool.toolName)
    }

    static func unknownOption(_ option: String, commandPath: String, suggestion: String?) -> UsageError {
        var message = "unknown option '\(option)' for '\(commandPath)'"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return UsageError(message, commandPath: commandPath)
    }

    /// An unknown option on a command that takes text: it may have been meant as text.
    static func unknownOption(_ option: String, commandPath: String, textAfterDoubleDash text: String) -> UsageError {
        let shown = text.contains(where: \.isWhitespace) ? "'\(text)'" : text
        return UsageError(
            "unknown option '\(option)' for '\(commandPath)'; to give '\(text)' as text, put it after --: \(commandPath) -- \(shown)",
            commandPath: commandPath)
    }

    static func missingValue(option: String, valueName: String, commandPath: String) -> UsageError {
        UsageError("option '\(option)' needs a value <\(valueName)>", commandPath: commandPath)
    }

    static func unexpectedValue(flag: String, commandPath: String) -> UsageError {
        UsageError("flag '\(flag)' takes no value", commandPath: commandPath)
    }

    static func missingArgument(_ name: String, commandPath: String) -> UsageError {
        UsageError("missing argument <\(name)> for '\(commandPath)'", commandPath: commandPath)
    }

    static func unexpectedArgument(_ argument: String, commandPath: String) -> UsageError {
        UsageError("unexpected argument '\(argument)' for '\(commandPath)'", commandPath: commandPath)
    }

    static func invalidValue(_ value: String, for parameter: String, expected: String, suggestion: String?,
                             commandPath: String) -> UsageError {
        var message = "invalid value '\(value)' for \(parameter): expected \(expected)"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return UsageError(message, commandPath: commandPath)
    }
}
