import Foundation
import TodoCore
import TodoHTTP

/// A request body that must be a JSON object, read field by field with errors that name the
/// field and say what was expected. Unknown fields are ignored, so older servers accept newer
/// clients.
struct JSONBody {
    /// A field as a partial update sees it: left out, set to null, or given.
    enum Field<Value> {
        case absent
        case null
        case value(Value)
    }

    private let members: [String: JSONValue]

    init(_ request: HTTPRequest) throws(HTTPError) {
        try Self.checkType(of: request, accepting: ["application/json", "application/merge-patch+json"])
        guard !request.body.isEmpty else { throw .badRequest("the request needs a JSON object body", code: "invalid_json") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw .badRequest("the body is not valid JSON: at byte \(error.offset), \(error.reason)", code: "invalid_json")
        }
        guard case .object(let members) = value else {
            throw .badRequest("the body must be a JSON object, not a JSON \(value.typeName)", code: "invalid_json")
        }
        self.members = Dictionary(members, uniquingKeysWith: { first, _ in first })
    }

    /// The members of an object read from elsewhere (a file to import), checked as a body's.
    init(members: [(String, JSONValue)]) {
        self.members = Dictionary(members, uniquingKeysWith: { first, _ in first })
    }

    func contains(_ key: String) -> Bool { members[key] != nil }

    /// A 415 unless the request says its body is one of `types` (or says nothing).
    static func checkType(of request: HTTPRequest, accepting types: [String]) throws(HTTPError) {
        guard let type = request.headers["Content-Type"], !types.contains(where: type.lowercased().hasPrefix) else { return }
        throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                        message: "send the body as JSON with Content-Type: application/json (got \(type.prefix(100)))")
    }

    /// A short rendering of a refused value for an error message.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text.count > 40 ? "a string of \(text.count) characters" : "\"\(text)\""
        case .int(let n): "\(n)"
        case .bool(let flag): "\(flag)"
        default: "a JSON \(value.typeName)"
        }
    }

    /// The field, or `.absent`/`.null`; a value of the wrong type is a 422 naming `expected`.
    func field<Value>(_ key: String, expected: String, _ read: (JSONValue) -> Value?) throws(HTTPError) -> Field<Value> {
        guard let raw = members[key] else { return .absent }
        if case .null = raw { return .null }
        guard let value = read(raw) else {
            throw .validation(field: key, "\(key) must be \(expected) (got \(Self.describe(raw)))")
        }
        return .value(value)
    }

    /// The field's value; nil when absent or null.
    func optional<Value>(_ key: String, expected: String, _ read: (JSONValue) -> Value?) throws(HTTPError) -> Value? {
        if case .value(let value) = try field(key, expected: expected, read) { return value }
        return nil
    }

    /// The field's value; a 422 when absent or null.
    func required<Value>(_ key: String, expected: String, _ read: (JSONValue) -> Value?) throws(HTTPError) -> Value {
        guard let value = try optional(key, expected: expected, read) else {
            throw .validation(field: key, "\(key) is required")
        }
        return value
    }

    /// A field that may be given but not null (a partial update cannot clear it).
    func notNull<Value>(_ key: String, expected: String, _ read: (JSONValue) -> Value?) throws(HTTPError) -> Value? {
        switch try field(key, expected: expected, read) {
        case .absent: return nil
        case .null: throw .validation(field: key, "\(key) cannot be null")
        case .value(let value): return value
        }
    }
}

/// Readers for `JSONBody.field`: each returns nil for a value of the wrong type.
enum JSONRead {
    static func string(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    static func bool(_ value: JSONValue) -> Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    static func int(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let n): return Int(exactly: n)
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    static func strings(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value else { return nil }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            strings.append(text)
        }
        return strings
    }

    static func array(_ value: JSONValue) -> [JSONValue]? {
        if case .array(let items) = value { return items }
        return nil
    }

    static func enumeration<E: RawRepresentable>(_ type: E.Type) -> (JSONValue) -> E? where E.RawValue == String {
        { value in string(value).flatMap(E.init(rawValue:)) }
    }
}
