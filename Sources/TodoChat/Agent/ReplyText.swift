import TodoCore

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

    mutating func append(_ n: Int) {
        DecimalDigits.append(n, to: &bytes)
    }

    /// 0...99 as two digits: "07".
    mutating func appendTwoDigits(_ n: Int) {
        DecimalDigits.appendTwoDigits(n, to: &bytes)
    }
}
