import Foundation

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5): cursors and token secrets
/// travel in URLs and headers. Hand-written byte loops: a session token is decoded on every
/// request, and Foundation's string replacing costs more than the decoding itself.
private enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Byte → 6-bit value, 0xFF for bytes outside the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()
}

extension Data {
    public func base64URLEncodedString() -> String {
        var out = [UInt8]()
        out.reserveCapacity((count * 4 + 2) / 3)
        let alphabet = Base64URL.alphabet
        withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var index = 0
            while index + 3 <= bytes.count {
                let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                out.append(alphabet[Int(chunk >> 18 & 63)])
                out.append(alphabet[Int(chunk >> 12 & 63)])
                out.append(alphabet[Int(chunk >> 6 & 63)])
                out.append(alphabet[Int(chunk & 63)])
                index += 3
            }
            let rest = bytes.count - index
            if rest > 0 {
                let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                out.append(alphabet[Int(chunk >> 18 & 63)])
                out.append(alphabet[Int(chunk >> 12 & 63)])
                if rest == 2 { out.append(alphabet[Int(chunk >> 6 & 63)]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base64url; nil when `text` is not exactly that.
    public init?(base64URLEncoded text: String) {
        var text = text
        let decoded: [UInt8]? = text.withUTF8 { utf8 in
            guard utf8.count % 4 != 1 else { return nil }
            let values = Base64URL.values
            var out = [UInt8]()
            out.reserveCapacity(utf8.count * 3 / 4)
            var buffer: UInt32 = 0
            var bits = 0
            for byte in utf8 {
                let value = values[Int(byte)]
                guard value != 0xFF else { return nil }
                buffer = buffer << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                }
            }
            // Leftover bits must be zero, as an encoder writes them.
            guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
            return out
        }
        guard let decoded else { return nil }
        self.init(decoded)
    }
}
