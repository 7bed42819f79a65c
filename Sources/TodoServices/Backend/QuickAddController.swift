import Foundation
import TodoCore
import TodoHTTP

/// `POST /api/v1/tasks/parse`: what a quick-add sentence means, without creating anything
/// (DESIGN §6.1). The same reading serves `POST /api/v1/tasks {"text": …}`.
struct QuickAddController: Sendable {
    static let maxTextLength = 2_000
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("/tasks/parse", use: parse)
    }

    @Sendable func parse(_ request: HTTPRequest, _ context: AppContext) throws -> HTTPResponse {
        _ = try context.requireUser()
        let (result, zoneName, zone) = try Self.read(JSONBody(request), clock: clock)
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("title")
        json.value(result.title)
        json.key("due_at")
        if let due = result.dueAt { json.value(instant: due, offsetSeconds: zone.secondsFromGMT(for: due)) } else { json.null() }
        json.key("all_day")
        json.value(result.allDay)
        json.key("timezone")
        json.value(zoneName)
        json.key("recurrence")
        json.value(result.recurrence)
        json.key("recurrence_from")
        json.value(result.recurrenceFrom.rawValue)
        json.key("priority")
        json.value(result.priority.rawValue)
        json.key("tags")
        json.beginArray()
        for tag in result.tags { json.value(tag) }
        json.endArray()
        json.key("reminders")
        json.beginArray()
        for reminder in result.reminders {
            json.beginObject()
            switch reminder {
            case .minutesBefore(let minutes):
                json.key("minutes_before")
                json.value(minutes)
            case .at(let date):
                json.key("at")
                json.value(instant: date, offsetSeconds: zone.secondsFromGMT(for: date))
            }
            json.endObject()
        }
        json.endArray()
        json.key("spans")
        json.beginArray()
        for span in result.spans {
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
        return .json(json.bytes)
    }

    /// The sentence of `body` read in its `timezone` (default UTC) at its `now` (default: the
    /// server's clock).
    static func read(_ body: JSONBody, clock: () -> Date) throws(HTTPError) -> (QuickAddResult, String, TimeZone) {
        let text = try body.required("text", expected: "a string", JSONRead.string)
        guard !text.trimmingWhitespace().isEmpty else { throw .validation(field: "text", "text must not be empty") }
        guard text.utf16.count <= maxTextLength else {
            throw .validation(field: "text", "text must be at most \(maxTextLength) characters (it has \(text.utf16.count))")
        }
        let zoneName = try body.optional("timezone", expected: "an IANA time zone name", JSONRead.string) ?? "UTC"
        guard let zone = ZonedTime.zone(named: zoneName) else {
            throw .validation(field: "timezone", TaskValidationError.unknownTimeZone(zoneName).description)
        }
        var now = clock()
        if let given = try body.optional("now", expected: "an RFC 3339 date-time", JSONRead.string) {
            guard let parsed = RFC3339.parse(given) else {
                throw .validation(field: "now", "now must be an RFC 3339 date-time such as 2026-12-05T17:00:00+01:00")
            }
            now = parsed
        }
        return (QuickAddParser(now: now, zone: zone).parse(text), zoneName, zone)
    }
}
