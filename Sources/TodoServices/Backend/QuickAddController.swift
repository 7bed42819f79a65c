import Foundation
import TodoCore
import TodoHTTP

/// `POST /api/v1/tasks/parse`: what a quick-add sentence means, without creating anything
/// (DESIGN §6.1). The same reading serves `POST /api/v1/tasks {"text": …}`.
struct QuickAddController: Sendable {
    static let maxTextLength = 2_000
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("/tasks/parse", documentation: Self.parseDocumentation, use: parse)
    }

    /// The body of parse: what `read(_:clock:)` reads.
    enum RequestBody: SchemaDescribed {
        static let schemaName = "ParseRequest"
        static var schema: JSONSchema {
            .object([
                .required("text", .string(minLength: 1, maxLength: QuickAddController.maxTextLength)),
                .optional("timezone", TaskFieldSchema.timezone.nullable()),
                .optional("now", JSONSchema.string(format: "date-time").nullable()
                    .described("When and where the user typed: the calendar is timezone's at now.")),
                .optional("date_order", JSONSchema.enumeration(DateOrder.self).nullable()
                    .described("How 5/12 is read: mdy (May 12, the default) or dmy (5 December).")),
            ])
        }
    }

    static let parseDocumentation = OperationDocumentation(
        "What a quick-add sentence means, creating nothing", id: "parseTask", tags: ["tasks"], body: .json(RequestBody.self),
        responses: [.json(.ok, QuickAddResponse.self, "The task fields and the spans understood.")]
            + APIDocumentation.bodyErrors + [APIDocumentation.error])

    @Sendable func parse(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> QuickAddResponse {
        let (result, zoneName, zone) = try Self.read(JSONBody(request), clock: clock)
        return QuickAddResponse(result: result, zoneName: zoneName, zone: zone)
    }

    /// The sentence of `body` read in its `timezone` (default UTC) at its `now` (default: the
    /// server's clock), numeric dates in its `date_order` (default mdy).
    static func read(_ body: JSONBody, clock: () -> Date) throws(HTTPError) -> (QuickAddResult, String, TimeZone) {
        let text = try body.required("text", expected: "a string", JSONRead.string)
        guard !text.trimmingWhitespace().isEmpty else { throw .validation(field: "text", "text must not be empty") }
        guard text.utf16.count <= maxTextLength else {
            throw .validation(field: "text", "text must be at most \(maxTextLength) characters (it has \(text.utf16.count))")
        }
        let time = try ClientTime(body, clock: clock)
        let dateOrder = try body.optional("date_order", expected: "\"mdy\" or \"dmy\"", JSONRead.enumeration(DateOrder.self)) ?? .monthFirst
        return (QuickAddParser(now: time.now, zone: time.zone, dateOrder: dateOrder).parse(text), time.zoneName, time.zone)
    }
}
