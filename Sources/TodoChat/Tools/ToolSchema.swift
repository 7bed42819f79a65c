import TodoCore

/// A JSON Schema (draft 2020-12 subset) as a JSON value: what a tool takes and answers, served
/// as it is to MCP clients (`inputSchema`, `outputSchema`) and to an LLM (`parameters`).
/// TodoChat may not import TodoHTTP's OpenAPI schema type (DESIGN §5), so this is its own.
public struct ToolSchema: Hashable, Sendable {
    public var json: JSONValue

    public init(_ json: JSONValue) { self.json = json }

    /// An object with these properties; `required` names the ones that must be there.
    public static func object(_ properties: [(String, ToolSchema)], required: [String] = [], description: String? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("type", .string("object"))]
        if let description { members.append(("description", .string(description))) }
        members.append(("properties", .object(properties.map { ($0.0, $0.1.json) })))
        if !required.isEmpty { members.append(("required", .array(required.map { .string($0) }))) }
        return ToolSchema(.object(members))
    }

    public static func string(_ description: String? = nil, oneOf values: [String] = [], format: String? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("type", .string("string"))]
        if !values.isEmpty { members.append(("enum", .array(values.map { .string($0) }))) }
        if let format { members.append(("format", .string(format))) }
        if let description { members.append(("description", .string(description))) }
        return ToolSchema(.object(members))
    }

    public static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("type", .string("integer"))]
        if let minimum { members.append(("minimum", .int(Int64(minimum)))) }
        if let maximum { members.append(("maximum", .int(Int64(maximum)))) }
        if let description { members.append(("description", .string(description))) }
        return ToolSchema(.object(members))
    }

    public static func boolean(_ description: String? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("type", .string("boolean"))]
        if let description { members.append(("description", .string(description))) }
        return ToolSchema(.object(members))
    }

    public static func array(of items: ToolSchema, _ description: String? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("type", .string("array")), ("items", items.json)]
        if let description { members.append(("description", .string(description))) }
        return ToolSchema(.object(members))
    }

    /// Any of `alternatives` (JSON Schema `anyOf`).
    public static func anyOf(_ alternatives: [ToolSchema], _ description: String? = nil) -> ToolSchema {
        var members: [(String, JSONValue)] = [("anyOf", .array(alternatives.map(\.json)))]
        if let description { members.append(("description", .string(description))) }
        return ToolSchema(.object(members))
    }

    public static let null = ToolSchema(.object([("type", .string("null"))]))

    /// This schema or JSON null.
    public func nullable() -> ToolSchema { .anyOf([self, .null]) }
}
