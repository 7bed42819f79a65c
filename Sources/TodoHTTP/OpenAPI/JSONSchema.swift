/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), built from values:
///
///     .object([
///         .required("title", .string(minLength: 1, maxLength: 500)),
///         .optional("due_at", .string(format: "date-time").nullable()),
///         .required("tags", .array(of: .string())),
///     ])
///
/// It is kept as the keywords it writes, in the order they were given, so a document built
/// from it is byte-for-byte stable. A `reference(to:)` writes `$ref` and carries the schema it
/// names, which the document lists once under `components/schemas`.
public struct JSONSchema: Sendable, Equatable {
    /// The schema's keywords, in order.
    public private(set) var members: [OrderedJSON.Member]
    /// The named schemas this one refers to, directly or through its parts.
    public private(set) var components: [String: JSONSchema]

    init(_ members: [OrderedJSON.Member], components: [String: JSONSchema] = [:]) {
        self.members = members
        self.components = components
    }

    public var json: OrderedJSON { .object(members) }

    /// One property of an object schema.
    public struct Property: Sendable {
        public var name: String
        public var schema: JSONSchema
        public var isRequired: Bool

        public static func required(_ name: String, _ schema: JSONSchema) -> Property {
            Property(name: name, schema: schema, isRequired: true)
        }

        public static func optional(_ name: String, _ schema: JSONSchema) -> Property {
            Property(name: name, schema: schema, isRequired: false)
        }
    }

    /// Whether the schema is of an array: a query parameter with one may be given more than once.
    public var isArray: Bool { members.contains { $0.key == "type" && $0.value == .string("array") } }

    // MARK: Types

    public static func string(format: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil) -> JSONSchema {
        var members = [OrderedJSON.Member("type", "string")]
        if let format { members.append(.init("format", .string(format))) }
        if let minLength { members.append(.init("minLength", .integer(minLength))) }
        if let maxLength { members.append(.init("maxLength", .integer(maxLength))) }
        if let pattern { members.append(.init("pattern", .string(pattern))) }
        return JSONSchema(members)
    }

    /// A string that is one of `values`.
    public static func enumeration(_ values: [String]) -> JSONSchema {
        JSONSchema([.init("type", "string"), .init("enum", .array(values.map(OrderedJSON.string)))])
    }

    /// A string that is one of the raw values of `type`'s cases: the document lists exactly
    /// what the server parses.
    public static func enumeration<Value: CaseIterable & RawRepresentable>(_ type: Value.Type) -> JSONSchema where Value.RawValue == String {
        enumeration(type.allCases.map(\.rawValue))
    }

    public static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        var members = [OrderedJSON.Member("type", "integer")]
        if let minimum { members.append(.init("minimum", .integer(minimum))) }
        if let maximum { members.append(.init("maximum", .integer(maximum))) }
        return JSONSchema(members)
    }

    public static let boolean = JSONSchema([.init("type", "boolean")])

    /// Exactly `value`.
    public static func constant(_ value: OrderedJSON) -> JSONSchema {
        JSONSchema([.init("const", value)])
    }

    /// An object with `properties` (in this order); other properties are not forbidden.
    public static func object(_ properties: [Property] = []) -> JSONSchema {
        var members = [OrderedJSON.Member("type", "object")]
        var components: [String: JSONSchema] = [:]
        if !properties.isEmpty {
            members.append(.init("properties", .object(properties.map { .init($0.name, $0.schema.json) })))
            for property in properties { merge(property.schema.components, into: &components) }
        }
        let required = properties.filter(\.isRequired).map { OrderedJSON.string($0.name) }
        if !required.isEmpty { members.append(.init("required", .array(required))) }
        return JSONSchema(members, components: components)
    }

    /// Only the `required` keyword: an alternative of `satisfying(anyOf:)`.
    public static func requiring(_ names: String...) -> JSONSchema {
        JSONSchema([.init("required", .array(names.map(OrderedJSON.string)))])
    }

    public static func array(of items: JSONSchema, minItems: Int? = nil, maxItems: Int? = nil) -> JSONSchema {
        var members: [OrderedJSON.Member] = [.init("type", "array"), .init("items", items.json)]
        if let minItems { members.append(.init("minItems", .integer(minItems))) }
        if let maxItems { members.append(.init("maxItems", .integer(maxItems))) }
        return JSONSchema(members, components: items.components)
    }

    /// Exactly one of `alternatives`.
    public static func oneOf(_ alternatives: [JSONSchema]) -> JSONSchema { combined("oneOf", alternatives) }

    /// Every one of `parts` (an extension of a named schema: `allOf: [$ref, {more}]`).
    public static func allOf(_ parts: [JSONSchema]) -> JSONSchema { combined("allOf", parts) }

    /// `$ref` to the schema of `type`, listed once under `components/schemas`.
    public static func reference<Described: SchemaDescribed>(to type: Described.Type) -> JSONSchema {
        let named = type.schema
        var components = named.components
        merge([type.schemaName: named], into: &components)
        return JSONSchema([.init("$ref", .string("#/components/schemas/\(type.schemaName)"))], components: components)
    }

    // MARK: Modifiers

    /// The same schema that also allows `null` (an enumeration lists null too).
    public func nullable() -> JSONSchema {
        var copy = self
        copy.members = members.map { member in
            switch (member.key, member.value) {
            case ("type", .string(let type)): .init("type", .array([.string(type), "null"]))
            case ("enum", .array(let values)): .init("enum", .array(values + [.null]))
            default: member
            }
        }
        precondition(copy.members.contains { $0.key == "type" }, "nullable() needs a schema with a type")
        return copy
    }

    /// With a description: what the value means or a rule the schema cannot state.
    public func described(_ text: String) -> JSONSchema { adding("description", .string(text)) }

    /// With the value the server takes when the field or parameter is absent.
    public func defaulting(to value: OrderedJSON) -> JSONSchema { adding("default", value) }

    /// Valid only if it also matches at least one of `alternatives` (e.g. `requiring("title")`).
    public func satisfying(anyOf alternatives: [JSONSchema]) -> JSONSchema {
        var copy = adding("anyOf", .array(alternatives.map(\.json)))
        for alternative in alternatives { Self.merge(alternative.components, into: &copy.components) }
        return copy
    }

    private func adding(_ key: String, _ value: OrderedJSON) -> JSONSchema {
        var copy = self
        copy.members.removeAll { $0.key == key }
        copy.members.append(.init(key, value))
        return copy
    }

    private static func combined(_ keyword: String, _ schemas: [JSONSchema]) -> JSONSchema {
        var components: [String: JSONSchema] = [:]
        for schema in schemas { merge(schema.components, into: &components) }
        return JSONSchema([.init(keyword, .array(schemas.map(\.json)))], components: components)
    }

    /// Two different schemas under one name would make one `$ref` lie: a programming error.
    static func merge(_ new: [String: JSONSchema], into components: inout [String: JSONSchema]) {
        for (name, schema) in new {
            if let existing = components[name] {
                precondition(existing == schema, "two different schemas are named \(name)")
            } else {
                components[name] = schema
            }
        }
    }
}
