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

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("occurrences")
        json.beginArray()
        for occurrence in rule.occurrences(from: start, in: zone).prefix(count) {
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
