import Foundation
import TodoCore
import TodoHTTP

/// `GET /api/v1/recurrence/preview`: the first occurrences of a rule (DESIGN §6.1), so a client
/// can show what "every 2 weeks on Tuesday" will mean before saving it.
struct RecurrenceController: Sendable {
    static let maxCount = 1000

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/recurrence/preview", documentation: Self.previewDocumentation, use: preview)
    }

    static let previewDocumentation = OperationDocumentation(
        "The first occurrences of a recurrence rule", id: "previewRecurrence", tags: ["tasks"],
        parameters: [
            .query("rule", .string(minLength: 1, maxLength: 1000), required: true,
                   description: "An RRULE value, e.g. FREQ=MONTHLY;BYDAY=-1FR. FREQ=SECONDLY, which no task may have, is refused (422)."),
            .query("start", .string(format: "date-time"), required: true,
                   description: "DTSTART, RFC 3339: the first occurrence when it matches the rule."),
            .query("timezone", .string(), description: "IANA zone whose wall clock the rule follows (default UTC)."),
            .query("count", .integer(minimum: 1, maximum: maxCount), description: "How many (default 10), among those within a century of start (longer when count periods of the rule span more)."),
        ],
        responses: [.json(.ok, OccurrencesResponse.self, "Occurrences in the zone's offset; empty when the rule never matches."),
                    APIDocumentation.validation, APIDocumentation.error])

    @Sendable func preview(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> OccurrencesResponse {
        guard let text = request.query["rule"], !text.isEmpty else {
            throw HTTPError.validation(field: "rule", "rule is required: an RRULE such as FREQ=WEEKLY;BYDAY=MO")
        }
        let rule: RecurrenceRule
        do {
            // The rules a task can have: FREQ=SECONDLY is refused as it is for tasks,
            // not previewed as an empty list.
            rule = try TaskValidator.recurrenceRule(text)
        } catch {
            throw HTTPError.validation(field: "rule", error.description)
        }
        guard let startText = request.query["start"] else {
            throw HTTPError.validation(field: "start", "start is required: the first due date, RFC 3339")
        }
        guard let start = RFC3339.parse(startText) else {
            throw HTTPError.validation(field: "start", "start must be an RFC 3339 date-time such as 2026-12-01T09:00:00Z (got \"\(startText.prefix(40))\")")
        }
        let zoneName = request.query["timezone"] ?? "UTC"
        guard let zone = ZonedTime.zone(named: zoneName) else {
            throw HTTPError.validation(field: "timezone", TaskValidationError.unknownTimeZone(zoneName).description)
        }
        let count = try request.query.integer("count", in: 1...Self.maxCount) ?? 10
        // A rule that never matches answers an empty list (DESIGN §6.1), found so within a century
        // rather than by walking an event thread to the year 9999 (0.1 s for a minutely rule).
        let occurs = (try? TaskValidator.checkOccurs(rule, written: text, from: start, in: zone)) != nil
        return OccurrencesResponse(rule: rule, start: start, zone: zone, count: occurs ? count : 0)
    }
}
