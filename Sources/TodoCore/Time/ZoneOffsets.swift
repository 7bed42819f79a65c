import Foundation
import Synchronization

/// A zone's offset from UTC, remembered until the zone's next transition. Wording a listing
/// asks for the offset of every task's date, most of them between the same two transitions,
/// and ICU's look-up (a lock and a calendar walk) was a sixth of a 50-task listing's wording.
public final class ZoneOffsets: Sendable {
    public let zone: TimeZone
    /// The last look-up: `offset` holds from `start` (the date asked for) up to `end`, the
    /// zone's next transition after it.
    private let span = Mutex<(start: Date, end: Date, offset: Int)?>(nil)

    public init(_ zone: TimeZone) {
        self.zone = zone
    }

    /// Seconds east of UTC at `date`, as `zone.secondsFromGMT(for:)` gives them.
    public func secondsFromGMT(for date: Date) -> Int {
        if let known = span.withLock({ $0 }), date >= known.start, date < known.end { return known.offset }
        let offset = zone.secondsFromGMT(for: date)
        // Every change of offset is a transition to ICU, of standard time as well as of DST.
        let end = zone.nextDaylightSavingTimeTransition(after: date) ?? .distantFuture
        span.withLock { $0 = (date, end, offset) }
        return offset
    }

    /// The date and the time of day `date` shows on a clock in `zone` (`ZonedTime.wallTime`).
    public func wallTime(of date: Date) -> (day: CivilDate, secondOfDay: Int) {
        ZonedTime.wallTime(of: date, offsetSeconds: secondsFromGMT(for: date))
    }
}
