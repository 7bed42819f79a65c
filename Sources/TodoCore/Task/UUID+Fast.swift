import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension UUID {
    /// A version 4 UUID from the C library's CSPRNG (`arc4random_buf`, seeded by the kernel).
    /// Foundation's `UUID()` on Linux opens /dev/urandom on every call, which costs more than
    /// the rest of a task insert.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { arc4random_buf($0.baseAddress!, 16) }
        bytes.6 = (bytes.6 & 0x0F) | 0x40 // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(uuid: bytes)
    }
}

extension UUID {
    /// The id's last eight bytes, random in version 4 and version 7 ids alike: a cache keyed by
    /// id hashes this one word instead of the sixteen bytes (SipHash over each listing's ids and
    /// versions was a tenth of a listing's instructions).
    public var randomWord: UInt64 {
        withUnsafeBytes(of: uuid) { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
    }
}

extension UUID {
    /// The canonical lower-case text form used in storage, JSON and events.
    public var lowercasedString: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        appendLowercased(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the lower-case text form (Foundation's `uuidString` formats with `sprintf`).
    /// Built in a stack buffer and appended at once: a listing writes one or two ids a task.
    public func appendLowercased(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            UUID.writeLowercased(uuid, to: text.baseAddress!)
            bytes.append(contentsOf: text)
        }
    }

    /// Writes the 36 bytes of the text form of `uuid` at `text`.
    private static func writeLowercased(_ uuid: uuid_t, to text: UnsafeMutablePointer<UInt8>) {
        Hex.pairs.withUnsafeBufferPointer { pairs in
            withUnsafeBytes(of: uuid) { raw in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let pair = Int(raw[index]) &* 2
                    text[position] = pairs[pair]
                    text[position + 1] = pairs[pair + 1]
                    position += 2
                }
            }
        }
    }

    /// A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made
    /// this way sort by creation time, so the indexes that hold them grow at one end instead of
    /// touching a random page for every insert.
    public static func timeOrdered(at date: Date) -> UUID {
        var id = random().uuid
        let ms = UInt64(max(0, Timestamp.milliseconds(date)))
        withUnsafeMutableBytes(of: &id) { bytes in
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(index))) }
            bytes[6] = (bytes[6] & 0x0F) | 0x70
        }
        return UUID(uuid: id)
    }

    /// Parses the 36-character text form (either case). Foundation's `UUID(uuidString:)` goes
    /// through `sscanf` on Linux, which made id parsing the largest cost of reading a listing.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses the text form from its UTF-8 bytes: a database row's text, read without making a String.
    public static func parse(utf8: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard utf8.count == 36, utf8[8] == UInt8(ascii: "-"), utf8[13] == UInt8(ascii: "-"), utf8[18] == UInt8(ascii: "-"),
              utf8[23] == UInt8(ascii: "-") else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let invalid = hexValues.withUnsafeBufferPointer { values in
            withUnsafeMutableBytes(of: &bytes) { out -> UInt8 in
                var invalid: UInt8 = 0
                // Written out: the digits' places are fixed, so no counter or dash test per byte.
                func byte(_ index: Int, at offset: Int) {
                    let high = values[Int(utf8[offset])], low = values[Int(utf8[offset + 1])]
                    invalid |= high | low
                    out[index] = high << 4 | low
                }
                byte(0, at: 0); byte(1, at: 2); byte(2, at: 4); byte(3, at: 6)
                byte(4, at: 9); byte(5, at: 11)
                byte(6, at: 14); byte(7, at: 16)
                byte(8, at: 19); byte(9, at: 21)
                byte(10, at: 24); byte(11, at: 26); byte(12, at: 28); byte(13, at: 30); byte(14, at: 32); byte(15, at: 34)
                return invalid
            }
        }
        return invalid & Self.notHex == 0 ? UUID(uuid: bytes) : nil
    }

    /// Marks a byte that is not a hexadecimal digit in `hexValues`.
    private static let notHex: UInt8 = 0x10

    /// Every byte's value as a hexadecimal digit (either case), or `notHex`: a listing parses
    /// an id a row, and a look-up a digit (one check for all 32 at the end) costs less than
    /// comparing each with the ranges.
    private static let hexValues: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x30...0x39: UInt8(byte - 0x30)
        case 0x61...0x66: UInt8(byte - 0x61 + 10)
        case 0x41...0x46: UInt8(byte - 0x41 + 10)
        default: notHex
        }
    }
}
