import Foundation

/// A small, fast JSON byte writer for our own response and event types (RFC 8259).
///
/// Foundation's `JSONEncoder` is several times too slow on Linux for list responses and
/// outbox payloads (DESIGN §3); this is the one place JSON text is produced.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value in the current container is its first (no comma before it).
    private var atFirst = true

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        atFirst = true
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        atFirst = false
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        atFirst = true
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        atFirst = false
    }

    /// Writes an object key; the next call writes its value.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        atFirst = true
    }

    /// Writes an object key that is not a literal (map keys), escaped. Literal keys take
    /// `key(_:)`, which copies their bytes as they are: a list writes eighteen keys a task.
    public mutating func key(escaping name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        atFirst = true
    }

    /// An RFC 3339 instant (see `RFC3339.format`), written straight into the output.
    public mutating func value(instant date: Date, offsetSeconds: Int = 0) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(milliseconds: Timestamp.milliseconds(date), offsetSeconds: offsetSeconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A UUID in its lower-case text form.
    public mutating func value(uuid: UUID) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        uuid.appendLowercased(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func value(_ s: String) {
        separate()
        appendEscaped(s)
    }

    public mutating func value(_ n: Int) {
        separate()
        appendInteger(Int64(n))
    }

    public mutating func value(_ n: Int64) {
        separate()
        appendInteger(n)
    }

    public mutating func value(_ d: Double) {
        separate()
        if d.isFinite {
            if d == d.rounded(), abs(d) < 1e15 { appendInteger(Int64(d)) } else { bytes.append(contentsOf: "\(d)".utf8) }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func value(_ b: Bool) {
        separate()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Inserts already-encoded JSON as one value.
    public mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    public mutating func value(_ s: String?) {
        if let s { value(s) } else { null() }
    }

    private mutating func separate() {
        if atFirst { atFirst = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendInteger(_ n: Int64) {
        DecimalDigits.append(Int(n), to: &bytes)
    }

    private mutating func appendEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                start = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    Hex.append(c, to: &bytes)
                }
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
