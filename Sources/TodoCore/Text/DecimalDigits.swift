/// Decimal digits written straight into a byte buffer, the one writer for numbers in JSON,
/// replies, the audit's canonical form and the CLI's tables (no temporary string).
public enum DecimalDigits {
    /// Appends `value`, most significant digit first.
    @inlinable
    public static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor % 10) + UInt8(ascii: "0"))
            divisor /= 10
        } while divisor > 0
    }

    /// Appends 0...99 as two digits: "07".
    @inlinable
    public static func appendTwoDigits(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value / 10 % 10) + UInt8(ascii: "0"))
        bytes.append(UInt8(truncatingIfNeeded: value % 10) + UInt8(ascii: "0"))
    }
}
