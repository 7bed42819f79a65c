import TodoCore

/// Parses the arguments of one command against its declared parameters and fills them in.
///
/// Accepts `--name value`, `--name=value`, repeated options, declared short names (`-h`), and
/// `--` to end options. `--help`/`-h` anywhere before `--` asks for help instead.
struct ArgumentParser {
    enum Outcome {
        case parsed
        case helpRequested
    }

    let parameters: ParameterSet
    let commandPath: String

    func parse(_ arguments: [String]) throws(UsageError) -> Outcome {
        // Help wins over any other mistake on the line, as in swift-argument-parser.
        for argument in arguments {
            if argument == "--" { break }
            if argument == "--help" || argument == "-h" { return .helpRequested }
        }
        var raw = Array(repeating: [String](), count: parameters.entries.count)
        var positionals: [String] = []

        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !Self.looksLikeOption(argument) {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }

            let (spelled, inlineValue) = Self.split(argument)
            let slot: Int?
            if spelled.hasPrefix("--") {
                slot = parameters.optionIndex(named: String(spelled.dropFirst(2)))
            } else if spelled.count == 2, let short = spelled.last {
                slot = parameters.optionIndex(short: short)
            } else {
                slot = nil
            }
            guard let slot else {
                let known = parameters.optionSpellings + ["--help"]
                let suggestion = Suggestion.closest(to: spelled, in: known)
                // A title like "-x" is taken for an option: show how to pass it as text. A
                // `--name` is more likely a mistyped option than text.
                if suggestion == nil, !parameters.arguments.isEmpty, !spelled.hasPrefix("--") || argument.contains(" ") {
                    throw .unknownOption(spelled, commandPath: commandPath, textAfterDoubleDash: argument)
                }
                throw .unknownOption(spelled, commandPath: commandPath, suggestion: suggestion)
            }
            let entry = parameters.entries[slot]
            switch entry.declaration.kind {
            case .flag:
                if inlineValue != nil { throw .unexpectedValue(flag: spelled, commandPath: commandPath) }
                raw[slot].append("")
            case .option:
                if let inlineValue {
                    raw[slot].append(inlineValue)
                } else if index < arguments.count, !Self.looksLikeOption(arguments[index]) {
                    raw[slot].append(arguments[index])
                    index += 1
                } else {
                    throw .missingValue(option: spelled, valueName: entry.declaration.resolvedValueName, commandPath: commandPath)
                }
            case .argument:
                preconditionFailure("optionIndex found an argument")
            }
        }

        try distribute(positionals, into: &raw)

        for (slot, entry) in parameters.entries.enumerated() where !raw[slot].isEmpty {
            do {
                try entry.target.assign(raw[slot])
            } catch {
                let declaration = entry.declaration
                let subject = switch declaration.kind {
                case .argument: declaration.displayName
                case .option, .flag: "'\(declaration.displayName)'"
                }
                throw .invalidValue(error.value, for: subject, expected: error.expectedForm, suggestion: error.suggestion,
                                    commandPath: commandPath)
            }
        }
        return .parsed
    }

    /// Hands positional values to the declared arguments in order; a variadic one takes the rest.
    private func distribute(_ positionals: [String], into raw: inout [[String]]) throws(UsageError) {
        var remaining = positionals[...]
        for (slot, entry) in parameters.entries.enumerated() {
            guard case .argument(let arity) = entry.declaration.kind else { continue }
            switch arity {
            case .required, .optional:
                if let value = remaining.popFirst() {
                    raw[slot] = [value]
                } else if arity == .required {
                    throw .missingArgument(entry.declaration.resolvedValueName, commandPath: commandPath)
                }
            case .variadic(let required):
                if remaining.isEmpty, required {
                    throw .missingArgument(entry.declaration.resolvedValueName, commandPath: commandPath)
                }
                raw[slot] = Array(remaining)
                remaining = []
            }
        }
        if let extra = remaining.first { throw .unexpectedArgument(extra, commandPath: commandPath) }
    }

    /// `-x` and `--x` are options; `-` alone and negative numbers (`-5`) are values.
    static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        if argument == "--" { return true }
        let rest = argument.dropFirst()
        return !(rest.first?.isNumber ?? false)
    }

    /// `--due=tomorrow` → (`--due`, `tomorrow`).
    static func split(_ argument: String) -> (name: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
