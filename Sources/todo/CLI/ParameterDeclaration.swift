/// What one `@Argument`, `@Option` or `@Flag` declares: everything help and the parser need.
struct ParameterDeclaration: Sendable {
    enum Kind: Sendable, Equatable {
        /// A positional argument.
        case argument(ArgumentArity)
        /// `--name value`; a repeatable option collects every occurrence.
        case option(repeatable: Bool)
        /// `--name`, present or not.
        case flag
    }

    enum ArgumentArity: Sendable, Equatable {
        case required
        case optional
        /// Takes every remaining positional; `required` means at least one.
        case variadic(required: Bool)
    }

    var kind: Kind
    /// Long option name without dashes, or the argument's name; nil = derived from the property.
    var name: String?
    var short: Character?
    /// Shown as `<when>`; for options nil = derived from the name.
    var valueName: String?
    var help: String
    /// The default, as shown in help.
    var defaultDescription: String?
    /// The accepted values, as shown in help.
    var allowedValues: [String]?
    /// An option the command cannot run without: shown without brackets in the usage line.
    /// Help only; the command's `validate()` refuses its absence.
    var isRequired = false

    /// `--due`, or `<title>` for an argument.
    var displayName: String {
        switch kind {
        case .argument: "<\(resolvedValueName)>"
        case .option, .flag: "--\(name ?? "")"
        }
    }

    var resolvedValueName: String { valueName ?? name ?? "value" }
}

/// A property wrapper the parser can discover (through `Mirror`) and fill in.
protocol DeclaredParameter {
    var declaration: ParameterDeclaration { get }
    /// Converts and stores what was given for the parameter: its raw values in order (one empty
    /// string per occurrence for a flag). Throws the expected form of a refused value.
    func assign(_ rawValues: [String]) throws(ArgumentConversionError)
}

/// A value the parameter's type does not accept.
struct ArgumentConversionError: Error {
    var value: String
    var expectedForm: String
    var suggestion: String?
}

/// Where a parsed value lives. A class, so the parser can fill in a copy of the command found
/// by reflection and the command itself sees the value.
final class ParsedValueStorage<Value> {
    var value: Value?
    init(_ value: Value?) { self.value = value }
}

extension ArgumentValue {
    static func converted(_ raw: String) throws(ArgumentConversionError) -> Self {
        guard let value = Self(argument: raw) else {
            throw ArgumentConversionError(value: raw, expectedForm: expectedForm, suggestion: suggestion(for: raw))
        }
        return value
    }
}
