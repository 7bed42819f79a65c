import CCrypto
import Foundation
import TodoCore

/// The bytes an audit entry's hash covers (docs/audit.md, so that an auditor can re-verify a
/// chain outside this program):
///
///     hash = SHA-256(prev_hash ‖ canonical entry)
///
/// `prev_hash` is the previous entry's hash as 32 raw bytes (32 zero bytes before the first
/// entry); the canonical entry is this compact JSON text with the members in this order (the
/// sorted order of their names):
///
///     {"action":"…","actor":"…","at":"…","changes":{…},"seq":N,"task_id":"…","user_id":"…"}
///
/// `at` is RFC 3339 in UTC (`2026-12-05T14:44:09.123Z`, the fraction only when non-zero),
/// `changes` is the stored canonical JSON text (members sorted by their UTF-8 bytes at every
/// level, no white space), ids are lower-case UUIDs. No value needs escaping: the strings are
/// UUIDs, action words, timestamps and service names (checked on append).
public enum AuditCanonicalForm {
    public static let zeroHash = String(repeating: "0", count: 64)

    /// Appends the canonical entry to `bytes` without making a String of anything.
    public static func append(userID: String, seq: Int64, taskID: String, action: String, atMilliseconds: Int64, actor: String,
                              changesJSON: some Collection<UInt8>, to bytes: inout [UInt8]) {
        append(#"{"action":""#, to: &bytes)
        bytes.append(contentsOf: action.utf8)
        append(#"","actor":""#, to: &bytes)
        bytes.append(contentsOf: actor.utf8)
        append(#"","at":""#, to: &bytes)
        RFC3339.append(milliseconds: atMilliseconds, to: &bytes)
        append(#"","changes":"#, to: &bytes)
        bytes.append(contentsOf: changesJSON)
        append(#","seq":"#, to: &bytes)
        appendDecimal(seq, to: &bytes)
        append(#","task_id":""#, to: &bytes)
        bytes.append(contentsOf: taskID.utf8)
        append(#"","user_id":""#, to: &bytes)
        bytes.append(contentsOf: userID.utf8)
        append(#""}"#, to: &bytes)
    }

    /// `changes` with the members of every object sorted by their names' UTF-8 bytes, compact.
    public static func changesJSON(_ changes: JSONValue) -> String {
        var writer = JSONWriter(capacity: 256)
        sorted(changes).write(to: &writer)
        return writer.string
    }

    /// True when `text` can stand in the canonical form without escaping.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 < 0x7F }
    }

    private static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(members.map { ($0.0, sorted($0.1)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        case .array(let items): .array(items.map(sorted))
        default: value
        }
    }

    private static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(0 - value, to: &bytes)
            return
        }
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}

/// SHA-256 over `prev_hash ‖ canonical entry`, reusing one buffer: the verify of a long chain
/// allocates nothing per entry.
public struct AuditHasher {
    private var input: [UInt8] = []
    private var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    /// The last digest as lower-case hex.
    public private(set) var hex = [UInt8](repeating: 0, count: 64)

    public init() {
        input.reserveCapacity(4096)
    }

    /// Hashes the entry after `prevHashHex` (64 hex digits); false when that is not hex.
    public mutating func hash(prevHashHex: some Collection<UInt8>, entry: (inout [UInt8]) -> Void) -> Bool {
        input.removeAll(keepingCapacity: true)
        guard prevHashHex.count == 64 else { return false }
        var high: UInt8 = 0
        for (index, digit) in prevHashHex.enumerated() {
            guard let nibble = Self.nibble(digit) else { return false }
            if index % 2 == 0 { high = nibble } else { input.append(high << 4 | nibble) }
        }
        entry(&input)
        input.withUnsafeBufferPointer { bytes in
            digest.withUnsafeMutableBufferPointer { _ = SHA256(bytes.baseAddress, bytes.count, $0.baseAddress) }
        }
        for (index, byte) in digest.enumerated() {
            hex[2 * index] = Hex.digit(byte >> 4)
            hex[2 * index + 1] = Hex.digit(byte & 0x0F)
        }
        return true
    }

    public var hexString: String { String(decoding: hex, as: UTF8.self) }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
