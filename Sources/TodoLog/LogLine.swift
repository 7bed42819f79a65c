import Foundation

/// One logfmt line built straight as bytes (`level=… logger=… msg=… key=value…`), so a
/// request's log line costs no intermediate strings. The `time=` that starts the line in the
/// log is written by `LogWriter`, under the lock that orders the lines.
public struct LogLine {
    private(set) var bytes: [UInt8]

    init(level: Logger.Level, label: String, message: String) {
        bytes = []
        bytes.reserveCapacity(200)
        append(raw: "level=")
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

    /// ` key=value` with a key known only at run time (a logger's metadata).
    mutating func field(named key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
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
        var value = value
        // Checked on the contiguous bytes: through `String.UTF8View` the check of an access-log
        // line's six values cost more than the rest of writing it.
        let appended = value.withUTF8 { utf8 in
            guard !Logger.needsQuotes(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !appended { bytes.append(contentsOf: Logger.quoted(value).utf8) }
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
}
