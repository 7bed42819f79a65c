/// A positional argument: required, optional, or variadic (the rest of the line).
///
///     @Argument(valueName: "ref", help: "Task number or id.") var task: TaskReference
///     @Argument(help: "The title.") var title: [String]
@propertyWrapper
struct Argument<Value>: DeclaredParameter {
    let declaration: ParameterDeclaration
    private let storage: ParsedValueStorage<Value>
    private let convert: ([String]) throws(ArgumentConversionError) -> Value?

    var wrappedValue: Value {
        guard let value = storage.value else { preconditionFailure("argument \(declaration.displayName) read before parsing") }
        return value
    }

    func assign(_ rawValues: [String]) throws(ArgumentConversionError) {
        if let value = try convert(rawValues) { storage.value = value }
    }
}

extension Argument {
    /// A required single value.
    init(name: String? = nil, valueName: String? = nil, help: String) where Value: ArgumentValue {
        declaration = ParameterDeclaration(
            kind: .argument(.required), name: name, valueName: valueName, help: help, allowedValues: Value.allowedValues)
        storage = ParsedValueStorage(nil)
        convert = { (raw: [String]) throws(ArgumentConversionError) -> Value? in
            guard let first = raw.first else { return nil }
            return try Value.converted(first)
        }
    }

    /// An optional single value.
    init<T: ArgumentValue>(name: String? = nil, valueName: String? = nil, help: String) where Value == T? {
        declaration = ParameterDeclaration(
            kind: .argument(.optional), name: name, valueName: valueName, help: help, allowedValues: T.allowedValues)
        storage = ParsedValueStorage(.some(nil))
        convert = { (raw: [String]) throws(ArgumentConversionError) -> T?? in
            guard let first = raw.first else { return nil }
            return .some(try T.converted(first))
        }
    }

    /// Every remaining positional value; with `isRequired`, at least one.
    init<T: ArgumentValue>(name: String? = nil, valueName: String? = nil, isRequired: Bool = true, help: String) where Value == [T] {
        declaration = ParameterDeclaration(
            kind: .argument(.variadic(required: isRequired)), name: name, valueName: valueName, help: help,
            allowedValues: T.allowedValues)
        storage = ParsedValueStorage([])
        convert = { (raw: [String]) throws(ArgumentConversionError) -> [T]? in
            var values: [T] = []
            for text in raw { values.append(try T.converted(text)) }
            return values
        }
    }
}
