/// `--name`: true when given.
///
///     @Flag(help: "Print JSON instead of text.") var json: Bool
@propertyWrapper
struct Flag: DeclaredParameter {
    let declaration: ParameterDeclaration
    private let storage = ParsedValueStorage(false)

    init(name: String? = nil, short: Character? = nil, help: String) {
        declaration = ParameterDeclaration(kind: .flag, name: name, short: short, help: help)
    }

    var wrappedValue: Bool { storage.value ?? false }

    func assign(_ rawValues: [String]) throws(ArgumentConversionError) {
        storage.value = !rawValues.isEmpty
    }
}
