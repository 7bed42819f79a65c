import Foundation
import Testing
@testable import TodoCore

@Suite struct JSONWriterTests {
    /// The escaping of RFC 8259, one byte at a time: what the writer's eight-bytes-at-a-time
    /// scan must produce.
    private static func escapedByteByByte(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func written(_ text: String) -> String {
        var writer = JSONWriter()
        writer.value(text)
        return writer.string
    }

    @Test func escapesEveryByteThatNeedsItWhereverItFallsInAWord() {
        let specials: [String] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\t", "é", "€", "😀", " ", "~", "\u{7F}"]
        for length in 0..<20 {
            for special in specials {
                for position in 0...length {
                    var characters = Array(repeating: "a", count: length)
                    characters.insert(special, at: position)
                    let text = characters.joined()
                    #expect(Self.written(text) == Self.escapedByteByByte(text), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func escapesRandomTextAsByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{20}", "\u{21}", "\u{22}",
                                          "\u{5B}", "\u{5C}", "\u{5D}", "\u{7F}", "\u{80}", "\u{DC}", "\u{2028}", "\u{1F600}"]
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
            let string = String(text)
            #expect(Self.written(string) == Self.escapedByteByByte(string), "\(string.debugDescription)")
        }
    }

    @Test func aWordNeedsEscapingExactlyWhenOneOfItsBytesDoes() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xFF]
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator) }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            #expect(JSONWriter.anyNeedsEscaping(word) == expected, "\(bytes)")
        }
    }
}
