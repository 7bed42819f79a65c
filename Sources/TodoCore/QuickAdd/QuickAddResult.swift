import Foundation

/// What a quick-add sentence means (DESIGN §6.1): the task fields, and which parts of the text
/// said what, so a UI can highlight them.
public struct QuickAddResult: Hashable, Sendable {
    public enum SpanKind: String, Sendable {
        case due, time, recurrence, priority, tag, reminder
    }

    /// A part of the sentence that was understood. Offsets count UTF-16 code units, as
    /// JavaScript strings do, so a web page can highlight `text[start..<end]` directly.
    public struct Span: Hashable, Sendable {
        public var kind: SpanKind
        public var start: Int
        public var end: Int
        public var text: String
    }

    public var title: String
    public var dueAt: Date?
    public var allDay = false
    public var recurrence: String?
    public var recurrenceFrom: RecurrenceAnchor = .due
    public var priority: Priority = .none
    public var tags: [String] = []
    public var reminders: [Reminder] = []
    public var spans: [Span] = []

    public init(title: String) {
        self.title = title
    }
}
