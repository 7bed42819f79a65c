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
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var start = 0, i = 0
            while i < count {
                // Eight bytes at a time while none of them needs escaping: most text has no
                // byte to escape, and a long reply or title was a loop over every byte.
                if i + 8 <= count, !Self.anyNeedsEscaping(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let c = base[i]
                i += 1
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                if start < i - 1 { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - 1 - start)) }
                start = i
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
            if start < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start)) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\`: the
    /// byte-in-word tests of "Bit Twiddling Hacks" (exact for "is there one", which is all
    /// that is asked; bytes of 0x80 and above never count).
    static func anyNeedsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below0x20 = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        return below0x20 | hasQuote | hasBackslash != 0
    }
}
