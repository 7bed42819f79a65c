import Foundation
import TodoCore

/// A tool call's arguments (a JSON object), read field by field with typed errors. Unknown
/// members are ignored, as a model may add some.
public struct ToolArguments: Sendable {
    let members: [String: JSONValue]

    public init(_ value: JSONValue) throws(ToolError) {
        guard let pairs = value.objectMembers else {
            throw .invalidArgument(field: "arguments", reason: "must be a JSON object, not \(value.typeName)")
        }
        members = Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    /// Whether the member is present (even as null): "clear the due date" is `"due_at": null`.
    func has(_ key: String) -> Bool { members[key] != nil }

    func string(_ key: String) throws(ToolError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .invalidArgument(field: key, reason: "must be a string, not \(other.typeName)")
        }
    }

    /// A string that, when given, may not be null (a task's title: null cannot clear it).
    func nonNullString(_ key: String) throws(ToolError) -> String? {
        if case .null? = members[key] { throw .invalidArgument(field: key, reason: "cannot be null; leave it out to keep it") }
        return try string(key)
    }

    func requiredString(_ key: String) throws(ToolError) -> String {
        guard let text = try string(key) else { throw .invalidArgument(field: key, reason: "is required") }
        return text
    }

    func bool(_ key: String) throws(ToolError) -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw .invalidArgument(field: key, reason: "must be true or false, not \(other.typeName)")
        }
    }

    func int(_ key: String) throws(ToolError) -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .int(let n)?: return Int(n)
        case .double(let d)? where d.rounded() == d && abs(d) < 1e15: return Int(d)
        case let other?: throw .invalidArgument(field: key, reason: "must be an integer, not \(other.typeName)")
        }
    }

    func strings(_ key: String) throws(ToolError) -> [String]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            var texts: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw .invalidArgument(field: key, reason: "must be a list of strings") }
                texts.append(text)
            }
            return texts
        case let other?: throw .invalidArgument(field: key, reason: "must be a list of strings, not \(other.typeName)")
        }
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(ToolError) -> E? where E.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            throw .invalidArgument(field: key, reason: "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A due date, as the REST API takes it and a model may write it: an RFC 3339 instant; a
    /// calendar date (`2026-12-24`), the start of that day in `zoneName` (all day); or a wall
    /// time without an offset (`2026-12-24T17:00:00`), read in `zoneName`, not in UTC.
    func dueDate(_ key: String, in zoneName: String) throws(ToolError) -> (date: Date, dateOnly: Bool)? {
        guard let text = try string(key).map(Self.withSeconds) else { return nil }
        if let instant = RFC3339.parse(text) { return (instant, false) }
        let date = RFC3339.parseDate(text)
        guard let wallTime = date.map({ (day: $0, secondOfDay: 0) }) ?? RFC3339.parseWallTime(text) else {
            throw .invalidArgument(field: key, reason: "must be an RFC 3339 date-time such as 2026-12-05T17:00:00+01:00, or a date such as 2026-12-05")
        }
        guard let zone = ZonedTime.zone(named: zoneName) else {
            throw .invalidArgument(field: "timezone", reason: "\(zoneName.prefix(64)) is not an IANA time zone such as Europe/Berlin")
        }
        let second = wallTime.secondOfDay
        return (ZonedTime.instant(of: wallTime.day, hour: second / 3600, minute: second / 60 % 60, second: second % 60, in: zone),
                date != nil)
    }

    /// A bound of a listing (`due_before`, `due_after`), in any form `dueDate` reads: a date is
    /// the start of that day.
    func bound(_ key: String, in zoneName: String) throws(ToolError) -> Date? {
        try dueDate(key, in: zoneName)?.date
    }

    /// `2026-12-24T17:00` (models often leave the seconds out) as `2026-12-24T17:00:00`, with
    /// any offset after it kept; other text as it is.
    static func withSeconds(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes.count == 16 || [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[16])
        else { return text }
        return String(decoding: bytes[..<16] + Array(":00".utf8) + bytes[16...], as: UTF8.self)
    }

    func reminders(_ key: String) throws(ToolError) -> [Reminder]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            var reminders: [Reminder] = []
            for item in items {
                if case .int(let minutes)? = item["minutes_before"] {
                    reminders.append(.minutesBefore(Int(minutes)))
                } else if case .string(let text)? = item["at"], let date = RFC3339.parse(text) {
                    reminders.append(.at(date))
                } else {
                    throw .invalidArgument(field: key, reason: "each reminder is {\"minutes_before\": N} or {\"at\": RFC 3339}")
                }
            }
            return reminders
        case let other?: throw .invalidArgument(field: key, reason: "must be a list of reminders, not \(other.typeName)")
        }
    }

    /// The task a call is about: `task_id` as its UUID, its number (12), or "#12".
    func taskReference(_ key: String = "task_id") throws(ToolError) -> TaskKey {
        switch members[key] {
        case .int(let number)?:
            guard number > 0 else { throw .invalidArgument(field: key, reason: "must be a task number of 1 or more, or a task's UUID") }
            return .number(Int(number))
        case .string(let text)?:
            let trimmed = text.trimmingWhitespace()
            if let id = UUID.parse(trimmed) { return .id(id) }
            let digits = trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
            if let number = Int(digits), number > 0 { return .number(number) }
            throw .invalidArgument(field: key, reason: "must be a task's UUID or number (12 or \"#12\")")
        case nil, .null?: throw .invalidArgument(field: key, reason: "is required")
        case let other?: throw .invalidArgument(field: key, reason: "must be a task's UUID or number, not \(other.typeName)")
        }
    }
}

/// How a tool call names a task.
public enum TaskKey: Hashable, Sendable {
    case id(UUID)
    case number(Int)

    var json: JSONValue {
        switch self {
        case .id(let id): .string(id.lowercasedString)
        case .number(let number): .int(Int64(number))
        }
    }
}
