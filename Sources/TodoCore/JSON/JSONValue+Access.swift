extension JSONValue {
    /// The member `key` of an object; nil when absent or when this is not an object, so that
    /// reading an optional field of a parsed body needs no `switch` first.
    ///
    /// A linear scan: bodies have a handful of members, and the parser has already refused
    /// duplicate keys, so the first match is the only one.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The members in document order when this is an object, for callers that walk them all
    /// (and report unknown keys) instead of looking fields up by name.
    public var objectMembers: [(String, JSONValue)]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The JSON type's name as RFC 8259 spells it, for messages such as "expected a string,
    /// got number": `.int` and `.double` are one type to a client.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
