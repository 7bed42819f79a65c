import Foundation
import TodoCore

/// How a quick-add sentence reads, in the time zone it was read in (DESIGN §6.1).
struct QuickAddResponse: JSONResponse {
    let result: QuickAddResult
    let zoneName: String
    let zone: TimeZone

    func write(to json: inout JSONWriter) { result.write(to: &json, zoneName: zoneName, zone: zone) }
}
