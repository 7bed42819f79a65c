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
    /// When the item last changed in its source (an iCalendar LAST-MODIFIED): a task changed
    /// here after that keeps its own fields.
    public var modifiedAt: Date?

    public init(place: String, key: String, outcome: Result<TaskDraft, ImportItemError>) {
        self.place = place
        self.key = key
        self.outcome = outcome
    }

    /// The title the item would have, for a report line about a skipped one.
    public var title: String? {
        if case .success(let draft) = outcome { return draft.title }
        return nil
    }
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
