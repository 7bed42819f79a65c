import TodoCore

extension ToolSchema {
    /// Why `value` does not fit this schema, nil when it does. Checks what `ToolSchema` can
    /// say: `type`, `enum`, `anyOf`, `properties`, `required`, `items`, `minimum`, `maximum`
    /// (formats are the tool's to check: a bad date is the caller's mistake, answered as a tool
    /// error). Members a schema does not name are allowed, as `ToolArguments` ignores them.
    public func violation(of value: JSONValue, at path: String = "arguments") -> String? {
        Self.violation(json, value, path)
    }

    private static func violation(_ schema: JSONValue, _ value: JSONValue, _ path: String) -> String? {
        if case .array(let alternatives)? = schema["anyOf"] {
            let failures = alternatives.compactMap { violation($0, value, path) }
            return failures.count < alternatives.count ? nil : failures.first
        }
        if case .string(let type)? = schema["type"], let mismatch = typeMismatch(type, value, path) { return mismatch }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            return "\(path) must be one of \(allowed.compactMap { if case .string(let s) = $0 { s } else { nil } }.joined(separator: ", "))"
        }
        if case .int(let minimum)? = schema["minimum"], let number = number(value), number < Double(minimum) {
            return "\(path) must be at least \(minimum)"
        }
        if case .int(let maximum)? = schema["maximum"], let number = number(value), number > Double(maximum) {
            return "\(path) must be at most \(maximum)"
        }
        if case .object(let members) = value {
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where !members.contains(where: { $0.0 == name }) { return "\(path).\(name) is required" }
            }
            if case .object(let properties)? = schema["properties"] {
                for (name, member) in members {
                    guard let property = properties.first(where: { $0.0 == name })?.1 else { continue }
                    if let failure = violation(property, member, "\(path).\(name)") { return failure }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                if let failure = violation(itemSchema, item, "\(path)[\(index)]") { return failure }
            }
        }
        return nil
    }

    private static func typeMismatch(_ type: String, _ value: JSONValue, _ path: String) -> String? {
        let fits = switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("integer", .int),
             ("number", .int), ("number", .double): true
        case ("integer", .double(let d)): d.rounded() == d
        default: false
        }
        return fits ? nil : "\(path) must be \(type == "integer" || type == "object" || type == "array" ? "an" : "a") \(type), not \(value.typeName)"
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .double(let d): d
        default: nil
        }
    }
}
