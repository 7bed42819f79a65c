import Foundation
import TodoCore
import TodoHTTP

/// When and where the user typed (DESIGN §6: `timezone` and `now` on parse and chat): the
/// body's `timezone` (default UTC) and `now` (default the server's clock).
struct ClientTime {
    let now: Date
    let zoneName: String
    let zone: TimeZone

    init(_ body: JSONBody, clock: () -> Date) throws(HTTPError) {
        zoneName = try body.optional("timezone", expected: "an IANA time zone name", JSONRead.string) ?? "UTC"
        guard let zone = ZonedTime.zone(named: zoneName) else {
            throw .validation(field: "timezone", TaskValidationError.unknownTimeZone(zoneName).description)
        }
        self.zone = zone
        if let given = try body.optional("now", expected: "an RFC 3339 date-time", JSONRead.string) {
            guard let parsed = RFC3339.parse(given) else {
                throw .validation(field: "now", "now must be an RFC 3339 date-time such as 2026-12-05T17:00:00+01:00")
            }
            now = parsed
        } else {
            now = clock()
        }
    }
}
