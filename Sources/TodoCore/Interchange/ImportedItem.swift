import Foundation

/// One task read from a file to import (iCalendar, todo.txt, JSON), or why it cannot be one.
public struct ImportedItem: Sendable {
    /// Where it sits in the file, for messages: "line 12".
    public var place: String
    /// What identifies it in its source across imports: an iCalendar UID, a JSON `id`, or the
    /// item's own text when the format has no ids. Importing the same file twice finds the
    /// tasks of the first import by it.
    public var key: String
    public var outcome: Result<TaskDraft, ImportItemError>
    /// When the item last changed in its source (an iCalendar LAST-MODIFIED): when it and the
    /// task both changed since the last import, the later change wins.
    public var modifiedAt: Date?
    /// The item's id in its source, to give back on export (an iCalendar UID); nil when the
    /// format has none of its own.
    public var sourceUID: String?
    /// The task fields the item says anything about: an import changes only those.
    public var fields: ImportedFields = .all

    public init(place: String, key: String, outcome: Result<TaskDraft, ImportItemError>) {
        self.place = place
        self.key = key
        self.outcome = outcome
    }

    /// What the item says, as a text that changes when any field it carries changes: an item
    /// imported again with the same fingerprint has not changed in its source since.
    public var fingerprint: String? {
        guard case .success(let draft) = outcome else { return nil }
        var parts: [String] = []
        if fields.contains(.title) { parts.append("title=" + draft.title) }
        if fields.contains(.description) { parts.append("description=" + draft.description) }
        if fields.contains(.status) {
            parts.append("status=" + draft.status.rawValue + (draft.completedAt.map { "@\(Timestamp.milliseconds($0))" } ?? ""))
        }
        if fields.contains(.priority) { parts.append("priority=" + draft.priority.rawValue) }
        if fields.contains(.tags) { parts.append("tags=" + draft.tags.joined(separator: ",")) }
        if fields.contains(.due) { parts.append("due=\(draft.dueAt.map(Timestamp.milliseconds) ?? -1),\(draft.allDay)") }
        if fields.contains(.timezone) { parts.append("timezone=" + draft.timezone) }
        if fields.contains(.recurrence) { parts.append("recurrence=\(draft.recurrence ?? ""),\(draft.recurrenceFrom.rawValue)") }
        if fields.contains(.reminders) { parts.append("reminders=\(draft.reminders)") }
        return UUID.nameBased(namespace: Self.fingerprintSpace, name: parts.joined(separator: "\n")).lowercasedString
    }

    private static let fingerprintSpace = UUID(uuidString: "0b7d4f8e-2c1a-4d36-9f0e-5a8c3b2e7d11")!
}

/// Which fields of a task an imported item carries.
public struct ImportedFields: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let title = ImportedFields(rawValue: 1 << 0)
    public static let description = ImportedFields(rawValue: 1 << 1)
    public static let status = ImportedFields(rawValue: 1 << 2)
    public static let priority = ImportedFields(rawValue: 1 << 3)
    public static let tags = ImportedFields(rawValue: 1 << 4)
    public static let due = ImportedFields(rawValue: 1 << 5)
    public static let timezone = ImportedFields(rawValue: 1 << 6)
    public static let recurrence = ImportedFields(rawValue: 1 << 7)
    public static let reminders = ImportedFields(rawValue: 1 << 8)
    /// The due date is a day only (todo.txt): a task due at a time keeps its time, on that
    /// day; a task already due that day keeps its due time as it is.
    public static let dueDayOnly = ImportedFields(rawValue: 1 << 9)

    public static let all: ImportedFields = [.title, .description, .status, .priority, .tags, .due, .timezone, .recurrence, .reminders]
}

/// Why an item of an import file was skipped; the rest of the file is imported.
public struct ImportItemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The formats `todo import`, `todo export` and the API's import and export speak.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    case ics
    case json
    case todotxt

    /// What a file's first bytes look like it is: iCalendar, JSON, else todo.txt (any text).
    public static func sniffed(_ bytes: some Collection<UInt8>) -> InterchangeFormat {
        let start = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if let first = start.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .json }
        if String(decoding: start.prefix(15), as: UTF8.self).uppercased().hasPrefix("BEGIN:VCALENDAR") { return .ics }
        return .todotxt
    }

    /// `ics`, `ical`, `icalendar`, `json`, `todotxt`, `todo.txt`, `txt` (any case).
    public init?(name: String) {
        switch name.lowercased() {
        case "ics", "ical", "icalendar": self = .ics
        case "json": self = .json
        case "todotxt", "todo.txt", "txt": self = .todotxt
        default: return nil
        }
    }

    public var mediaType: String {
        switch self {
        case .ics: "text/calendar; charset=utf-8"
        case .json: "application/json"
        case .todotxt: "text/plain; charset=utf-8"
        }
    }
}
