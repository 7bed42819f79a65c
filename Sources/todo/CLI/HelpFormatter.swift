/// Turns command declarations into help text. Nothing here is written by hand per command, so
/// help cannot drift from what the parser accepts.
enum HelpFormatter {
    static let width = 80

    /// `todo add --help`.
    static func help(for command: any Command.Type, globals: any ParsableArguments) -> String {
        let configuration = command.configuration
        let parameters = ParameterSet(command: command.init(), globals: globals)
        var text = configuration.abstract + "\n"
        if let discussion = configuration.discussion {
            text += "\n" + wrap(discussion, indent: 0) + "\n"
        }
        text += "\n" + usage(for: command, parameters: parameters) + "\n"

        let arguments = parameters.arguments.map { row(for: $0.declaration) }
        let options = parameters.options.filter { !$0.isGlobal }.map { row(for: $0.declaration) }
            + [("-h, --help", "Show this help.")]
        let globalOptions = parameters.options.filter(\.isGlobal).map { row(for: $0.declaration) }
        let nameWidth = columnWidth(arguments + options + globalOptions)
        if !arguments.isEmpty { text += section("ARGUMENTS", arguments, nameWidth: nameWidth) }
        text += section("OPTIONS", options, nameWidth: nameWidth)
        if !globalOptions.isEmpty { text += section("GLOBAL OPTIONS", globalOptions, nameWidth: nameWidth) }
        if !configuration.aliases.isEmpty {
            text += "\nALIASES: " + configuration.aliases.joined(separator: ", ") + "\n"
        }
        if !configuration.examples.isEmpty {
            text += "\nEXAMPLES:\n" + configuration.examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// `todo --help`.
    static func rootHelp(_ tool: CommandLineTool) -> String {
        var text = "\(CommandLineTool.toolName) — \(tool.abstract)\n\n"
        text += "USAGE: \(CommandLineTool.toolName) [<global options>] <command> [<arguments>] [<options>]\n"
        let commands = tool.commands.map { command in
            let names = ([command.configuration.name] + command.configuration.aliases).joined(separator: ", ")
            return (names, command.configuration.abstract)
        }
        let globals = ParameterSet(command: tool.makeGlobals(), globals: nil).options.map { row(for: $0.declaration) }
            + [("-h, --help", "Show this help."), ("--version", "Print the version.")]
        let nameWidth = columnWidth(commands + globals)
        text += section("COMMANDS", commands, nameWidth: nameWidth)
        text += section("GLOBAL OPTIONS", globals, nameWidth: nameWidth)
        if !tool.environmentVariables.isEmpty {
            text += section("ENVIRONMENT", tool.environmentVariables, nameWidth: nameWidth)
        }
        text += "\nSee '\(CommandLineTool.toolName) <command> --help' for what a command accepts.\n"
        return text
    }

    /// `USAGE: todo add <title> ... [--due <when>] …`, wrapped under itself.
    static func usage(for command: any Command.Type, parameters: ParameterSet) -> String {
        var words: [String] = []
        for entry in parameters.arguments {
            let name = "<\(entry.declaration.resolvedValueName)>"
            switch entry.declaration.kind {
            case .argument(.required): words.append(name)
            case .argument(.optional): words.append("[\(name)]")
            case .argument(.variadic(let required)): words.append(required ? "\(name) ..." : "[\(name) ...]")
            default: break
            }
        }
        for entry in parameters.options where !entry.isGlobal {
            let declaration = entry.declaration
            switch declaration.kind {
            case .flag: words.append("[--\(declaration.name ?? "")]")
            case .option(let repeatable):
                let word = "--\(declaration.name ?? "") <\(declaration.resolvedValueName)>\(repeatable ? " ..." : "")"
                words.append(declaration.isRequired ? word : "[\(word)]")
            case .argument: break
            }
        }
        let lead = "USAGE: \(command.commandPath)"
        return wrapWords(words, firstLine: lead, indent: lead.count + 1)
    }

    private static func row(for declaration: ParameterDeclaration) -> (String, String) {
        var name: String
        switch declaration.kind {
        case .argument:
            name = "<\(declaration.resolvedValueName)>"
        case .option:
            name = "--\(declaration.name ?? "") <\(declaration.resolvedValueName)>"
        case .flag:
            name = "--\(declaration.name ?? "")"
        }
        if let short = declaration.short { name = "-\(short), " + name }
        var help = declaration.help
        var notes: [String] = []
        if let values = declaration.allowedValues { notes.append("values: " + values.joined(separator: ", ")) }
        if let defaultValue = declaration.defaultDescription { notes.append("default: " + defaultValue) }
        if case .option(repeatable: true) = declaration.kind { notes.append("repeatable") }
        if !notes.isEmpty { help += " (" + notes.joined(separator: "; ") + ")" }
        return (name, help)
    }

    private static func columnWidth(_ rows: [(String, String)]) -> Int {
        min(28, (rows.map(\.0.count).max() ?? 0) + 3)
    }

    private static func section(_ title: String, _ rows: [(String, String)], nameWidth: Int) -> String {
        var text = "\n\(title):\n"
        for (name, help) in rows {
            let lead = "  " + name
            let indent = nameWidth + 2
            if lead.count + 1 > indent {
                text += lead + "\n" + wrap(help, indent: indent) + "\n"
            } else {
                let padded = lead + String(repeating: " ", count: indent - lead.count)
                text += padded + String(wrap(help, indent: indent).dropFirst(indent)) + "\n"
            }
        }
        return text
    }

    /// Wraps `text` to `width`, every line indented by `indent` spaces.
    static func wrap(_ text: String, indent: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph in
            let words = paragraph.split(separator: " ").map(String.init)
            return wrapWords(words, firstLine: String(repeating: " ", count: indent), indent: indent)
        }.joined(separator: "\n")
    }

    /// Appends `words` to `firstLine` with single spaces, starting a new indented line whenever
    /// the next word would pass `width`.
    private static func wrapWords(_ words: [String], firstLine: String, indent: Int) -> String {
        var lines: [String] = []
        var line = firstLine
        var lineHasWord = false
        for word in words {
            let separator = line.isEmpty || line.last == " " ? "" : " "
            if lineHasWord, line.count + separator.count + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
            } else {
                line += separator + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
