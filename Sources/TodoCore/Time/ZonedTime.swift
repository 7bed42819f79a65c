import Foundation

/// Wall-clock arithmetic in an IANA time zone.
public enum ZonedTime {
    /// Zones looked up so far by this thread (nil: not a zone): a lookup happens for every
    /// task written or shown, on many threads at once.
    private static let zones = PerThreadCache<String, TimeZone?>(limit: 1_000)

    /// The zone for an IANA name (`Europe/Berlin`, `UTC`); nil for anything else.
    /// Abbreviations like `EST` and offsets like `GMT+5` are refused: they do not follow the
    /// DST rules of a place, which is what a user's due dates need.
    public static func zone(named name: String) -> TimeZone? {
        zones.value(for: name, lookUp)
    }

    /// The IANA database's names without an area (its `backward` file and a few of its own),
    /// but for EST, MST and HST: fixed offsets that look like the abbreviations people mean
    /// with summer time. Foundation would also take abbreviations such as "PST" and offsets
    /// such as "GMT+5", which are not zones.
    static let namesWithoutArea: Set<String> = [
        "CET", "CST6CDT", "Cuba", "EET", "EST5EDT", "Egypt", "Eire", "GB", "GB-Eire", "GMT", "GMT0", "Greenwich",
        "Hongkong", "Iceland", "Iran", "Israel", "Jamaica", "Japan", "Kwajalein", "Libya", "MET", "MST7MDT", "NZ", "NZ-CHAT",
        "Navajo", "PRC", "PST8PDT", "Poland", "Portugal", "ROC", "ROK", "Singapore", "Turkey", "UCT", "UTC", "Universal", "W-SU",
        "WET", "Zulu",
    ]

    private static func lookUp(_ name: String) -> TimeZone? {
        guard namesWithoutArea.contains(name) || name.contains("/"), name.utf8.count <= 64,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "/_-+0123456789".unicodeScalars.contains($0)) })
        else { return nil }
        return TimeZone(identifier: name)
    }

    /// The calendar date that `date` falls on in `zone`.
    public static func civilDate(of date: Date, in zone: TimeZone) -> CivilDate { wallTime(of: date, in: zone).day }

    /// Seconds since local midnight of `date` in `zone`.
    public static func secondOfDay(of date: Date, in zone: TimeZone) -> Int { wallTime(of: date, in: zone).secondOfDay }

    /// The wall time `date` stands for when it is where a wall time inside a spring-forward gap
    /// lands (RFC 5545: moved forward by the gap; 02:30 on Berlin's change night is 03:30):
    /// that earlier time of day, in seconds; nil for any other instant. Such an instant may also
    /// have been meant as itself; callers decide whether it came out of a gap.
    public static func secondOfDayBeforeGap(of date: Date, in zone: TimeZone) -> Int? {
        let gap = zone.secondsFromGMT(for: date) - zone.secondsFromGMT(for: date.addingTimeInterval(-6 * 3600))
        guard gap > 0 else { return nil }
        let wall = wallTime(of: date, in: zone)
        let candidate = wall.secondOfDay - gap
        guard candidate >= 0 else { return nil }
        // A wall time that exists is where it says; one in the gap is moved onto `date`.
        let moved = instant(of: wall.day, hour: candidate / 3600, minute: candidate / 60 % 60, second: candidate % 60, in: zone)
        guard moved == date else { return nil }
        return candidate
    }

    /// The date and the time of day `date` shows on a clock in `zone`, with one look-up of the
    /// zone's offset (the costly part, in ICU) for both.
    public static func wallTime(of date: Date, in zone: TimeZone) -> (day: CivilDate, secondOfDay: Int) {
        wallTime(of: date, offsetSeconds: zone.secondsFromGMT(for: date))
    }

    /// The date and the time of day of `date` on a clock `offsetSeconds` east of UTC.
    public static func wallTime(of date: Date, offsetSeconds: Int) -> (day: CivilDate, secondOfDay: Int) {
        let local = Timestamp.milliseconds(date) / 1000 + Int64(offsetSeconds)
        let days = floorDiv(local, 86_400)
        return (CivilDate(daysSinceEpoch: Int(days)), Int(local - days * 86_400))
    }

    /// The seconds since 1970 that a clock in `zone` shows at `date` (its wall time as one number).
    public static func wallSeconds(of date: Date, in zone: TimeZone) -> Int64 {
        Timestamp.milliseconds(date) / 1000 + Int64(zone.secondsFromGMT(for: date))
    }

    /// The instant at which a clock in `zone` shows `wallSeconds` (see `wallSeconds(of:in:)`),
    /// resolved as `instant(of:second:in:)` resolves a wall time.
    public static func instant(ofWallSeconds wallSeconds: Int64, in zone: TimeZone) -> Date {
        let days = floorDiv(wallSeconds, 86_400)
        return instant(of: CivilDate(daysSinceEpoch: Int(days)), second: Int(wallSeconds - days * 86_400), in: zone)
    }

    /// The instant of a wall time in `zone`. A wall time inside a DST gap moves forward by the
    /// gap, and an ambiguous one resolves to its first occurrence (RFC 5545 §3.3.5).
    public static func instant(of day: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, in zone: TimeZone) -> Date {
        let wall = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        // Offsets around the wall time: the earlier instant's offset first (ambiguity → first);
        // the later one is looked up (in ICU, the costly part) only when the first does not fit.
        func fitting(_ offset: Int) -> Date? {
            let date = Date(timeIntervalSince1970: Double(wall - Int64(offset)))
            return zone.secondsFromGMT(for: date) == offset ? date : nil
        }
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - 86_400)))
        if let date = fitting(before) { return date }
        if let date = fitting(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + 86_400)))) { return date }
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
