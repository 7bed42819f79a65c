import TodoCore
import TodoStore

/// The top of the command tree: finds the command, parses and validates its arguments, runs
/// it, and turns the outcome into output and an exit code — 0 success, 1 a failure of the
/// operation, 2 invalid input (`FailureReport` decides which).
struct CommandLineTool {
    static let toolName = "todo"

    enum ExitCode {
        static let success: Int32 = 0
        static let failure: Int32 = 1
        static let invalidInput: Int32 = 2
    }

    /// One line for `todo --help`.
    var abstract: String
    var version: String
    var commands: [any Command.Type]
    /// Environment variables the tool reads, with what they do, for `todo --help`.
    var environmentVariables: [(String, String)]

    func makeGlobals() -> GlobalOptions { GlobalOptions() }

    /// The command named `name` or having it as an alias.
    func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.configuration.name == name || $0.configuration.aliases.contains(name) }
    }

    /// Runs the command line (without the program name) and returns the exit code.
    func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        let output = OutputBuffer(fileDescriptor: 1, environment: environment)
        do {
            switch try resolve(arguments) {
            case .rootHelp:
                output.write(HelpFormatter.rootHelp(self))
            case .version:
                output.line("\(Self.toolName) \(version)")
            case .commandHelp(let command):
                output.write(HelpFormatter.help(for: command, globals: makeGlobals()))
            case .run(let command, let globals):
                try command.validate()
                let context = try CommandContext(globals: globals, environment: environment, output: output)
                try command.run(context)
            }
            output.flush()
            return ExitCode.success
        } catch {
            output.flush()
            let report = FailureReport(error)
            StandardStreams.writeErrorLine(Self.asksForJSON(arguments) ? report.json : "\(Self.toolName): \(report.message)")
            return report.exitCode
        }
    }

    /// `--json` anywhere before `--`: errors are then JSON too, even when the line was refused
    /// before the command's own flag could be read.
    private static func asksForJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }

    private enum Invocation {
        case rootHelp
        case version
        case commandHelp(any Command.Type)
        case run(any Command, GlobalOptions)
    }

    /// Global options may come before the command (`todo --db URL list`) or among its own.
    private func resolve(_ arguments: [String]) throws(UsageError) -> Invocation {
        let globalParameters = ParameterSet(command: makeGlobals(), globals: nil)
        var carried: [String] = []
        var index = 0
        while index < arguments.count, ArgumentParser.looksLikeOption(arguments[index]) {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--help", "-h": return .rootHelp
            case "--version": return .version
            default: break
            }
            let (name, inlineValue) = ArgumentParser.split(argument)
            guard name.hasPrefix("--"), let slot = globalParameters.optionIndex(named: String(name.dropFirst(2))) else {
                let known = globalParameters.optionSpellings + ["--help", "--version"]
                throw .unknownOption(name, commandPath: Self.toolName, suggestion: Suggestion.closest(to: name, in: known))
            }
            let entry = globalParameters.entries[slot]
            carried.append(argument)
            if case .option = entry.declaration.kind, inlineValue == nil {
                guard index < arguments.count, !ArgumentParser.looksLikeOption(arguments[index]) else {
                    throw .missingValue(option: name, valueName: entry.declaration.resolvedValueName, commandPath: Self.toolName)
                }
                carried.append(arguments[index])
                index += 1
            }
        }
        guard index < arguments.count else { return .rootHelp }
        let name = arguments[index]
        guard let commandType = command(named: name) else {
            let names = commands.flatMap { [$0.configuration.name] + $0.configuration.aliases }
            throw .unknownCommand(name, suggestion: Suggestion.closest(to: name, in: names))
        }
        let command = commandType.init()
        let globals = makeGlobals()
        let parser = ArgumentParser(
            parameters: ParameterSet(command: command, globals: globals), commandPath: commandType.commandPath)
        switch try parser.parse(carried + arguments[(index + 1)...]) {
        case .helpRequested: return .commandHelp(commandType)
        case .parsed: return .run(command, globals)
        }
    }

    /// The one line shown for a runtime failure: the error's own description, written once
    /// where the error is defined, with any line breaks (a quoted SQL statement) folded.
    static func message(for error: any Error) -> String {
        // The task rules name the API's fields; here the date is the --due option or the sentence's.
        let invalid = (error as? TaskValidationError) ?? { if case .invalidTask(let error)? = error as? StoreError { error } else { nil } }()
        if case .dueDateRequired(let field)? = invalid {
            let what = ["recurrence": "a repeating task", "reminders": "a reminder before the due date", "all_day": "an all-day task"][field] ?? field
            return "\(what) needs a due date: give one with --due or in the sentence (\"… tomorrow at 9\")"
        }
        return String(describing: error).split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.joined(separator: " ")
    }
}
