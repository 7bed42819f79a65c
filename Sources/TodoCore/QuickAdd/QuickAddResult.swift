import Foundation

/// What a quick-add sentence means (DESIGN §6.1): the task fields, and which parts of the text
/// said what, so a UI can highlight them.
public struct QuickAddResult: Hashable, Sendable {
    public enum SpanKind: String, Sendable, CaseIterable {
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

    /// The title without the quotes around it when it is one quoted run, as in a chat message
    /// `add "Call Mum" tomorrow`, where the quotes mark where the title is; a title with a quoted
    /// part (`Read 'Friday Black'`) keeps its quotes (DESIGN §6.1).
    public var titleUnquoted: String {
        guard let first = title.first, let closing = QuickAddTokenizer.openingQuotes[first], title.count > 2, title.last == closing
        else { return title }
        let inner = title.dropFirst().dropLast()
        guard !inner.contains(first), !inner.contains(closing), !inner.allSatisfy(\.isWhitespace) else { return title }
        return String(inner).trimmingWhitespace()
    }

    /// The task the sentence describes, kept in `timezone` (the zone it was read in).
    public func draft(timezone: String, title: String? = nil) -> TaskDraft {
        TaskDraft(title: title ?? self.title, priority: priority, tags: tags, dueAt: dueAt, allDay: allDay, timezone: timezone,
                  recurrence: recurrence, recurrenceFrom: recurrenceFrom, reminders: reminders)
    }
}

extension QuickAddResult {
    /// The API's answer to `POST /api/v1/tasks/parse` (and `todo parse --json`): the task
    /// fields, instants at `zone`'s offset, and the spans understood.
    public func write(to json: inout JSONWriter, zoneName: String, zone: TimeZone) {
        func instant(_ date: Date) { json.value(instant: date, offsetSeconds: zone.secondsFromGMT(for: date)) }
        json.beginObject()
        json.key("title")
        json.value(title)
        json.key("due_at")
        if let dueAt { instant(dueAt) } else { json.null() }
        json.key("all_day")
        json.value(allDay)
        json.key("timezone")
        json.value(zoneName)
        json.key("recurrence")
        json.value(recurrence)
        json.key("recurrence_from")
        json.value(recurrenceFrom.rawValue)
        json.key("priority")
        json.value(priority.rawValue)
        json.key("tags")
        json.beginArray()
        for tag in tags { json.value(tag) }
        json.endArray()
        json.key("reminders")
        json.beginArray()
        for reminder in reminders { reminder.jsonValue(in: zone).write(to: &json) }
        json.endArray()
        json.key("spans")
        json.beginArray()
        for span in spans {
            json.beginObject()
            json.key("kind")
            json.value(span.kind.rawValue)
            json.key("start")
            json.value(span.start)
            json.key("end")
            json.value(span.end)
            json.key("text")
            json.value(span.text)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
