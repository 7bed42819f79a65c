/// The parameters declared by one or more `ParsableArguments` instances, found by reflection,
/// with names resolved: the single source for both the parser and the help text.
struct ParameterSet {
    struct Entry {
        var declaration: ParameterDeclaration
        var target: any DeclaredParameter
        /// Declared by `GlobalOptions`, not by the command: listed under GLOBAL OPTIONS.
        var isGlobal: Bool

        var isArgument: Bool {
            if case .argument = declaration.kind { true } else { false }
        }
    }

    private(set) var entries: [Entry] = []

    /// The parameters of `command` followed by those of `globals`.
    init(command: any ParsableArguments, globals: (any ParsableArguments)?) {
        collect(from: command, isGlobal: false)
        if let globals { collect(from: globals, isGlobal: true) }
    }

    var arguments: [Entry] { entries.filter(\.isArgument) }

    /// Options and flags in declaration order.
    var options: [Entry] { entries.filter { !$0.isArgument } }

    /// `--name` spellings of every option and flag, for suggestions.
    var optionSpellings: [String] { options.compactMap { $0.declaration.name.map { "--" + $0 } } }

    /// The position in `entries` of the option or flag spelled `--name`.
    func optionIndex(named name: String) -> Int? {
        entries.firstIndex { !$0.isArgument && $0.declaration.name == name }
    }

    /// The position in `entries` of the option or flag spelled `-c`.
    func optionIndex(short: Character) -> Int? {
        entries.firstIndex { !$0.isArgument && $0.declaration.short == short }
    }

    private mutating func collect(from instance: any ParsableArguments, isGlobal: Bool) {
        for child in Mirror(reflecting: instance).children {
            guard let parameter = child.value as? any DeclaredParameter else { continue }
            var declaration = parameter.declaration
            if declaration.name == nil {
                // Property wrappers are stored as `_name`; `dueDate` becomes `due-date`.
                declaration.name = Self.kebabCase(String((child.label ?? "value").drop(while: { $0 == "_" })))
            }
            if case .option = declaration.kind, declaration.valueName == nil {
                declaration.valueName = declaration.name
            }
            let entry = Entry(declaration: declaration, target: parameter, isGlobal: isGlobal)
            // A command option named like a global one would silently shadow it.
            assert(entry.isArgument || optionIndex(named: declaration.name ?? "") == nil, "--\(declaration.name ?? "") is declared twice")
            entries.append(entry)
        }
    }

    static func kebabCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("-") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}
