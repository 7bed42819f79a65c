import TodoCore

/// A type that a command-line value converts to.
protocol ArgumentValue {
    /// Nil when the text is not a value of this type.
    init?(argument: String)
    /// The complete list of accepted values, shown in help and errors; nil when any text of the
    /// right form is accepted.
    static var allowedValues: [String]? { get }
    /// What an accepted value looks like, for the error when one is refused.
    static var expectedForm: String { get }
    /// The accepted value the user probably meant by a refused one, for "did you mean …?".
    static func suggestion(for refused: String) -> String?
}

extension ArgumentValue {
    static var allowedValues: [String]? { nil }

    /// The nearest allowed value by spelling (`priorty` → `priority`).
    static func suggestion(for refused: String) -> String? {
        allowedValues.flatMap { Suggestion.closest(to: refused, in: $0) }
    }
}

extension ArgumentValue where Self: CaseIterable & RawRepresentable, RawValue == String {
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    static var allowedValues: [String]? { allCases.map(\.rawValue) }
    static var expectedForm: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

extension String: ArgumentValue {
    init?(argument: String) { self = argument }
    static var expectedForm: String { "text" }
}

extension Int: ArgumentValue {
    init?(argument: String) { self.init(argument, radix: 10) }
    static var expectedForm: String { "a whole number" }
}

extension Priority: ArgumentValue {}
extension TaskQuery.StatusFilter: ArgumentValue {
    /// The words other task managers use for the same statuses.
    static func suggestion(for refused: String) -> String? {
        switch refused.lowercased() {
        case "done", "complete", "finished", "closed", "checked": Self.completed.rawValue
        case "open", "todo", "active", "incomplete", "undone": Self.pending.rawValue
        case "any", "both", "every": Self.all.rawValue
        default: allowedValues.flatMap { Suggestion.closest(to: refused, in: $0) }
        }
    }
}
extension TaskSort: ArgumentValue {}
extension SortDirection: ArgumentValue {}
