import Foundation

/// Wall-clock arithmetic in an IANA time zone.
public enum ZonedTime {
    private static let knownIdentifiers: Set<String> = {
        var ids = Set(TimeZone.knownTimeZoneIdentifiers)
        ids.insert("UTC")
        return ids
    }()

    /// The zone for an IANA name; nil for anything that is not one (abbreviations like `EST`
    /// and offsets like `GMT+5` are refused: they do not follow DST rules the user expects).
    public static func zone(named name: String) -> TimeZone? {
        guard knownIdentifiers.contains(name) else { return nil }
        return TimeZone(identifier: name)
    }

    /// The calendar date that `date` falls on in `zone`.
    public static func civilDate(of date: Date, in zone: TimeZone) -> CivilDate {
        let local = Timestamp.milliseconds(date) / 1000 + Int64(zone.secondsFromGMT(for: date))
        return CivilDate(daysSinceEpoch: Int(floorDiv(local, 86_400)))
    }

    /// Seconds since local midnight of `date` in `zone`.
    public static func secondOfDay(of date: Date, in zone: TimeZone) -> Int {
        let local = Timestamp.milliseconds(date) / 1000 + Int64(zone.secondsFromGMT(for: date))
        return Int(local - floorDiv(local, 86_400) * 86_400)
    }

    /// The instant of a wall time in `zone`. A wall time inside a DST gap moves forward by the
    /// gap, and an ambiguous one resolves to its first occurrence (RFC 5545 §3.3.5).
    public static func instant(of day: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, in zone: TimeZone) -> Date {
        let wall = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        // Offsets around the wall time: the earlier instant's offset first (ambiguity → first).
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - 86_400)))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + 86_400)))
        for offset in [before, after] {
            let candidate = wall - Int64(offset)
            let date = Date(timeIntervalSince1970: Double(candidate))
            if Int64(zone.secondsFromGMT(for: date)) == Int64(offset) { return date }
        }
        // In a gap: neither offset maps back; use the offset from before the transition,
        // which lands the same distance past the gap's end.
        return Date(timeIntervalSince1970: Double(wall - Int64(before)))
    }

    /// Local midnight (or the first instant of the day when midnight falls in a gap).
    public static func startOfDay(_ day: CivilDate, in zone: TimeZone) -> Date {
        instant(of: day, in: zone)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
