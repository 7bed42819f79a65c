import Foundation
import TodoCore
import TodoHTTP

/// The first `count` occurrences of a rule from `start`, each with its offset in `zone`.
struct OccurrencesResponse: JSONResponse {
    let rule: RecurrenceRule
    let start: Date
    let zone: TimeZone
    let count: Int

    var expectedSize: Int { 64 + count * 32 }

    /// How far the preview looks: a century, or twice what `count` periods of the rule span
    /// when that is longer. A rule that skips most periods (29 February on a Monday, every
    /// minute) would otherwise be walked to the year 9999 for its count, a second of a thread.
    var horizon: LocalDateTime {
        let periodsPerYear = switch rule.frequency {
        case .yearly: 1
        case .monthly: 12
        case .weekly: 52
        default: 365
        }
        let years = max(100, 2 * count * rule.interval / periodsPerYear + 1)
        let day = ZonedTime.civilDate(of: start, in: zone)
        return LocalDateTime(day: day.adding(days: min(years, 8_000) * 366), secondOfDay: 0)
    }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("occurrences")
        json.beginArray()
        for occurrence in rule.occurrences(from: start, in: zone, before: horizon).prefix(count) {
            json.value(instant: occurrence, offsetSeconds: zone.secondsFromGMT(for: occurrence))
        }
        json.endArray()
        json.endObject()
    }
}

extension OccurrencesResponse: SchemaDescribed {
    static let schemaName = "Occurrences"

    static var schema: JSONSchema {
        .object([.required("occurrences", .array(of: .string(format: "date-time")))])
    }
}
