/// A reply being written, as UTF-8 bytes made into a `String` once at the end.
///
/// A listing turn writes a line per task from a dozen pieces. Appending each piece to a
/// `String` re-checked its storage and flags every time: wording a 50-task listing took a
/// quarter of the turn's instructions (callgrind, docs/benchmarks.md "Chat listings").
struct ReplyText {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A decimal integer, most significant digit first (no buffer to reverse).
    mutating func append(_ n: Int) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = n.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor % 10) + UInt8(ascii: "0"))
            divisor /= 10
        } while divisor > 0
    }

    /// 0...99 as two digits: "07".
    mutating func appendTwoDigits(_ n: Int) {
        bytes.append(UInt8(truncatingIfNeeded: n / 10 % 10) + UInt8(ascii: "0"))
        bytes.append(UInt8(truncatingIfNeeded: n % 10) + UInt8(ascii: "0"))
    }
}
