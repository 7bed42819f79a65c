import Foundation

/// RFC 3339 timestamps, formatted and parsed without `DateFormatter` (which is slow and
/// locale-sensitive). All instants carry millisecond precision: that is what every store keeps.
public enum RFC3339 {
    /// Formats `date` at the given UTC offset: `Z` when the offset is zero (or not whole
    /// minutes), `±HH:MM` otherwise. Milliseconds are written only when non-zero.
    public static func format(_ date: Date, offsetSeconds: Int = 0) -> String {
        format(milliseconds: Timestamp.milliseconds(date), offsetSeconds: offsetSeconds)
    }

    public static func format(milliseconds ms: Int64, offsetSeconds: Int = 0) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        append(milliseconds: ms, offsetSeconds: offsetSeconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the formatted instant's bytes: JSON output writes them without making a String.
    /// The text is built in a small stack buffer and appended at once (a listing writes three
    /// instants a task; byte-by-byte appends cost a capacity check each).
    public static func append(milliseconds ms: Int64, offsetSeconds given: Int = 0, to bytes: inout [UInt8]) {
        // An offset RFC 3339 cannot write (a zone's local mean time before about 1900, such as
        // Berlin's +00:53:28): cut to minutes it would name another instant, so it is said in UTC.
        let offsetSeconds = given % 60 == 0 ? given : 0
        let local = ms + Int64(offsetSeconds) * 1000
        var days = local / 86_400_000
        var rem = local % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let date = CivilDate(daysSinceEpoch: Int(days))
        let millis = Int(rem % 1000)
        let secs = Int(rem / 1000)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func two(_ value: Int) {
                put(UInt8(truncatingIfNeeded: 0x30 + value / 10))
                put(UInt8(truncatingIfNeeded: 0x30 + value % 10))
            }
            if (0..<10_000).contains(date.year) {
                two(date.year / 100)
                two(date.year % 100)
            } else {
                // Not RFC 3339 (years 0000–9999); written in full rather than wrapped.
                for byte in String(date.year).utf8 { put(byte) }
            }
            put(UInt8(ascii: "-"))
            two(date.month)
            put(UInt8(ascii: "-"))
            two(date.day)
            put(UInt8(ascii: "T"))
            two(secs / 3600)
            put(UInt8(ascii: ":"))
            two(secs / 60 % 60)
            put(UInt8(ascii: ":"))
            two(secs % 60)
            if millis != 0 {
                put(UInt8(ascii: "."))
                put(UInt8(truncatingIfNeeded: 0x30 + millis / 100))
                two(millis % 100)
            }
            if offsetSeconds == 0 {
                put(UInt8(ascii: "Z"))
            } else {
                let off = min(abs(offsetSeconds), 99 * 3600)
                put(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                two(off / 3600)
                put(UInt8(ascii: ":"))
                two(off / 60 % 60)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Formats `date` with the offset that `timeZone` has at that instant.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        format(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`, `z` and a space separator are
    /// accepted too. Returns nil for anything else, including impossible dates.
    public static func parse(_ text: String) -> Date? {
        guard let fields = fields(of: text), let offset = fields.offsetSeconds else { return nil }
        let seconds = Int64(fields.day.daysSinceEpoch) * 86_400 + Int64(fields.secondOfDay) - Int64(offset)
        return Timestamp.date(milliseconds: seconds * 1000 + Int64(fields.milliseconds))
    }

    /// Parses a wall time without an offset, `YYYY-MM-DDTHH:MM:SS[.fraction]` (the fraction is
    /// dropped): a local date and time whose zone the caller knows. Nil for anything else,
    /// including a text with an offset.
    public static func parseWallTime(_ text: String) -> (day: CivilDate, secondOfDay: Int)? {
        guard let fields = fields(of: text), fields.offsetSeconds == nil else { return nil }
        return (fields.day, fields.secondOfDay)
    }

    private struct Fields {
        var day: CivilDate
        var secondOfDay: Int
        var milliseconds: Int
        /// Nil when the text has none.
        var offsetSeconds: Int?
    }

    private static func fields(of text: String) -> Fields? {
        let u = Array(text.utf8)
        guard u.count >= 19, u.count <= 40 else { return nil }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = u[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ chars: UInt8...) -> Bool {
            guard i < u.count, chars.contains(u[i]) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
              expect(0x54, 0x74, 0x20), let hour = digits(2), expect(0x3A), let minute = digits(2),
              expect(0x3A), let second = digits(2)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid, hour < 24, minute < 60, second < 60 else { return nil }
        var millis = 0
        if i < u.count, u[i] == 0x2E {
            i += 1
            var n = 0
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                if n < 3 { millis = millis * 10 + Int(u[i] - 0x30) }
                n += 1
                i += 1
            }
            guard n > 0, n <= 9 else { return nil }
            for _ in n..<max(n, 3) { millis *= 10 }
        }
        var offset: Int?
        if expect(0x5A, 0x7A) {
            offset = 0
        } else if i < u.count, u[i] == 0x2B || u[i] == 0x2D {
            let sign = u[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(0x3A), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        }
        guard i == u.count else { return nil }
        return Fields(day: date, secondOfDay: hour * 3600 + minute * 60 + second, milliseconds: millis, offsetSeconds: offset)
    }

    /// Parses a calendar date `YYYY-MM-DD`; nil when malformed or impossible.
    public static func parseDate(_ text: String) -> CivilDate? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                guard u[k] >= 0x30, u[k] <= 0x39 else { return nil }
                v = v * 10 + Int(u[k] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        let date = CivilDate(year: y, month: m, day: d)
        return date.isValid ? date : nil
    }

    static func appendPadded(_ value: Int, width: Int, to s: inout String) {
        let digits = String(value)
        if digits.count < width { s.append(String(repeating: "0", count: width - digits.count)) }
        s.append(digits)
    }
}

/// Millisecond instants: the precision every store keeps, so a value survives a round trip.
public enum Timestamp {
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(milliseconds ms: Int64) -> Date {
        Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// `date` rounded to the millisecond.
    public static func truncated(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }
}
