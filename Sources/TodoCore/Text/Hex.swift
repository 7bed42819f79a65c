/// Lower-case hexadecimal, the one encoder for digests, keys, ids and `\u00XX` escapes.
public enum Hex {
    /// The digit of a value 0–15, as an ASCII byte.
    @inlinable
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    /// Appends the two digits of `byte`.
    @inlinable
    public static func append(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(digit(byte >> 4))
        bytes.append(digit(byte & 0x0F))
    }

    /// "00" to "ff": the two digits of every byte, for writers of many bytes (ids, digests): a
    /// look-up a byte instead of two digit computations (an id cost ~510 instructions a digit at a
    /// time, ~370 so; a chat listing writes over a hundred).
    public static let pairs: [UInt8] = (0...255).flatMap { (byte: Int) in [digit(UInt8(byte) >> 4), digit(UInt8(byte) & 0x0F)] }

    /// `[0xde, 0xad]` → `"dead"`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &text) }
        return String(decoding: text, as: UTF8.self)
    }
}
