import Foundation
import TodoCore

/// The zone "today" and wall times are read in: `TZ` when set, else the system's zone.
///
/// A `TZ` that names no IANA zone (`Bogus/Zone`, `EST`) would make the C library and
/// Foundation fall back to UTC without a word, and every due time would be off by hours; it
/// still means UTC here, but the user is told once per command.
enum LocalTimeZone {
    struct Resolution {
        var zone: TimeZone
        /// Set when `TZ` was not usable: one line for standard error.
        var warning: String?
    }

    static let utc = TimeZone(identifier: "UTC")!

    static func resolve(environment: [String: String]) -> Resolution {
        guard let setting = environment["TZ"] else {
            return Resolution(zone: ZonedTime.zone(named: TimeZone.current.identifier) ?? utc)
        }
        // POSIX: an empty TZ is UTC; ":Europe/Berlin" and a path into the zoneinfo tree name a zone file.
        var name = setting.hasPrefix(":") ? String(setting.dropFirst()) : setting
        if name.isEmpty { return Resolution(zone: utc) }
        if let range = name.range(of: "zoneinfo/") { name = String(name[range.upperBound...]) }
        if let zone = ZonedTime.zone(named: name) { return Resolution(zone: zone) }
        return Resolution(
            zone: utc,
            warning: "TZ: \"\(setting)\" is not an IANA time zone, so times are read and shown in UTC; set TZ to a name like Europe/Berlin")
    }
}

extension TimeZone {
    /// The name tasks store: Foundation on Linux calls UTC "GMT" (`TimeZone(identifier: "UTC")`
    /// answers `identifier == "GMT"`), while `--timezone UTC` stores "UTC"; one spelling for both.
    var taskZoneName: String { identifier == "GMT" ? "UTC" : identifier }
}
