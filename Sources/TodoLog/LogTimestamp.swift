import Foundation

/// The `time=` value of a log line: UTC with millisecond precision (`2026-12-05T12:00:00.123Z`),
/// always `width` bytes, computed from the epoch by the civil calendar's arithmetic — no C
/// library calendar (its time zone lock) and no allocation, since it runs under the writer's lock.
enum LogTimestamp {
    static let width = 24

    /// Reads the wall clock and writes its time at `destination` (`width` bytes).
    static func writeNow(to destination: UnsafeMutablePointer<UInt8>) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int64(now.tv_sec)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // Days to civil date (proleptic Gregorian), after Howard Hinnant's `civil_from_days`.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var cursor = destination
        func digits(_ value: Int, _ count: Int, then separator: UInt8?) {
            var rest = value
            for offset in stride(from: count - 1, through: 0, by: -1) {
                cursor[offset] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                rest /= 10
            }
            cursor += count
            if let separator {
                cursor.pointee = separator
                cursor += 1
            }
        }
        digits(min(9999, max(0, Int(year))), 4, then: UInt8(ascii: "-"))
        digits(Int(month), 2, then: UInt8(ascii: "-"))
        digits(Int(day), 2, then: UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, then: UInt8(ascii: "."))
        digits(Int(now.tv_nsec / 1_000_000), 3, then: UInt8(ascii: "Z"))
    }
}
