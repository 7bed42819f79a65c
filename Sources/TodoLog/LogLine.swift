import Foundation

/// One logfmt line built straight as bytes (`time=… level=… logger=… msg=… key=value…`), so a
/// request's log line costs no intermediate strings.
public struct LogLine {
    private(set) var bytes: [UInt8]

    init(level: Logger.Level, label: String, message: String) {
        bytes = []
        bytes.reserveCapacity(224)
        append(raw: "time=")
        appendTimestamp()
        append(raw: " level=")
        bytes.append(contentsOf: level.description.utf8)
        append(raw: " logger=")
        appendValue(label)
        append(raw: " msg=")
        appendValue(message)
    }

    /// ` key=value`, the value quoted when logfmt needs it.
    public mutating func field(_ key: StaticString, _ value: String) {
        appendKey(key)
        appendValue(value)
    }

    /// ` key=N`.
    public mutating func field(_ key: StaticString, _ value: Int) {
        appendKey(key)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude), width: 1)
    }

    /// ` key=S.mmm`: a duration given in microseconds, written in milliseconds.
    public mutating func field(_ key: StaticString, microsecondsAsMilliseconds micros: UInt64) {
        appendKey(key)
        appendDigits(micros / 1000, width: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(micros % 1000, width: 3)
    }

    private mutating func appendKey(_ key: StaticString) {
        bytes.append(UInt8(ascii: " "))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "="))
    }

    private mutating func append(raw text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Values with spaces, quotes or `=` are quoted, as logfmt readers expect; control
    /// characters never reach the log as such.
    private mutating func appendValue(_ value: String) {
        let utf8 = value.utf8
        let needsQuotes = utf8.isEmpty || utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == 0x7F }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(contentsOf: Logger.quoted(value).utf8)
    }

    private mutating func appendDigits(_ value: UInt64, width: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                rest /= 10
                count += 1
            } while rest > 0 || count < width
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// UTC with millisecond precision (`2026-12-05T12:00:00.123Z`), from the epoch by the civil
    /// calendar's arithmetic: no C library calendar (its time zone lock) on the hot path.
    private mutating func appendTimestamp() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int64(now.tv_sec)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = UInt64(seconds - days * 86_400)
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
        appendDigits(UInt64(max(0, year)), width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(UInt64(month), width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(UInt64(day), width: 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2)
        bytes.append(UInt8(ascii: "."))
        appendDigits(UInt64(now.tv_nsec / 1_000_000), width: 3)
        bytes.append(UInt8(ascii: "Z"))
    }
}
