/// `--name value`: an optional value, a value with a default, or a repeatable list.
///
///     @Option(valueName: "when", help: "When the task is due.") var due: String?
///     @Option(help: "Sort key.") var sort: TaskSort = .due
///     @Option(name: "tag", help: "A tag; repeat for several.") var tags: [String]
@propertyWrapper
struct Option<Value>: DeclaredParameter {
    let declaration: ParameterDeclaration
    private let storage: ParsedValueStorage<Value>
    private let convert: ([String]) throws(ArgumentConversionError) -> Value?

    var wrappedValue: Value {
        guard let value = storage.value else { preconditionFailure("option \(declaration.displayName) read before parsing") }
        return value
    }

    func assign(_ rawValues: [String]) throws(ArgumentConversionError) {
        if let value = try convert(rawValues) { storage.value = value }
    }
}

extension Option {
    /// An optional value; the last occurrence wins. `required` only changes how help shows it:
    /// the command's `validate()` refuses its absence.
    init<T: ArgumentValue>(name: String? = nil, short: Character? = nil, valueName: String? = nil, required: Bool = false,
                           help: String) where Value == T? {
        declaration = ParameterDeclaration(
            kind: .option(repeatable: false), name: name, short: short, valueName: valueName, help: help,
            allowedValues: T.allowedValues, isRequired: required)
        storage = ParsedValueStorage(.some(nil))
        convert = { (raw: [String]) throws(ArgumentConversionError) -> T?? in
            guard let last = raw.last else { return nil }
            return .some(try T.converted(last))
        }
    }

    /// A value with a default; the last occurrence wins.
    init(wrappedValue: Value, name: String? = nil, short: Character? = nil, valueName: String? = nil, help: String)
    where Value: ArgumentValue {
        declaration = ParameterDeclaration(
            kind: .option(repeatable: false), name: name, short: short, valueName: valueName, help: help,
            defaultDescription: "\(wrappedValue)", allowedValues: Value.allowedValues)
        storage = ParsedValueStorage(wrappedValue)
        convert = { (raw: [String]) throws(ArgumentConversionError) -> Value? in
            guard let last = raw.last else { return nil }
            return try Value.converted(last)
        }
    }

    /// A repeatable option collecting every occurrence in order.
    init<T: ArgumentValue>(name: String? = nil, short: Character? = nil, valueName: String? = nil, help: String) where Value == [T] {
        declaration = ParameterDeclaration(
            kind: .option(repeatable: true), name: name, short: short, valueName: valueName, help: help,
            allowedValues: T.allowedValues)
        storage = ParsedValueStorage([])
        convert = { (raw: [String]) throws(ArgumentConversionError) -> [T]? in
            var values: [T] = []
            for text in raw { values.append(try T.converted(text)) }
            return values
        }
    }
}
