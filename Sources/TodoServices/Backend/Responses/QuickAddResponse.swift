import Foundation
import TodoCore
import TodoHTTP

/// How a quick-add sentence reads, in the time zone it was read in (DESIGN §6.1).
struct QuickAddResponse: JSONResponse {
    let result: QuickAddResult
    let zoneName: String
    let zone: TimeZone

    func write(to json: inout JSONWriter) { result.write(to: &json, zoneName: zoneName, zone: zone) }
}

extension QuickAddResponse: SchemaDescribed {
    static let schemaName = "ParseResult"

    /// What `QuickAddResult.write(to:zoneName:zone:)` writes.
    static var schema: JSONSchema {
        .object([
            .required("title", .string()),
            .required("due_at", JSONSchema.string(format: "date-time").nullable()),
            .required("all_day", .boolean),
            .required("timezone", .string()),
            .required("recurrence", JSONSchema.string().nullable()),
            .required("recurrence_from", .enumeration(RecurrenceAnchor.self)),
            .required("priority", .enumeration(Priority.self)),
            .required("tags", .array(of: .string())),
            .required("reminders", .array(of: .reference(to: ReminderSchema.self))),
            .required("spans", .array(of: .object([
                .required("kind", .enumeration(QuickAddResult.SpanKind.self)),
                .required("start", JSONSchema.integer(minimum: 0).described("UTF-16 offset, as JavaScript counts.")),
                .required("end", .integer(minimum: 0)),
                .required("text", .string()),
            ]))),
        ])
    }
}
