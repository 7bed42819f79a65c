import Foundation

/// Checks on the request target as the client sent it. libmicrohttpd percent-decodes the path
/// in place into a C string, so a `%00` silently cuts it there (`/api/v1/tasks/%00` would be
/// routed as `/api/v1/tasks/`); the raw target is the only place that still shows it, and the
/// only one whose length is the URI's as sent.
enum RequestPath {
    /// Why a request for `rawTarget` (`length` bytes as a C string) is refused before routing:
    /// 414 when the target is longer than `maxLength` bytes as sent (percent-encoding included:
    /// a limit on what was decoded would let through targets three times as long), 400 when its
    /// path cannot be routed.
    static func refusal(rawTarget: UnsafePointer<CChar>, length: Int, maxLength: Int) -> HTTPError? {
        if length > maxLength {
            return HTTPError(.uriTooLong, code: "uri_too_long", message: "the request URI is longer than \(maxLength) bytes")
        }
        return problem(rawTarget: rawTarget).map { HTTPError.badRequest($0) }
    }

    /// Why the percent-decoded path of `rawTarget` (up to any `?`) cannot be routed: it holds
    /// a NUL or is not UTF-8. Nil when it can.
    static func problem(rawTarget: UnsafePointer<CChar>) -> String? {
        var cursor = UnsafeRawPointer(rawTarget).assumingMemoryBound(to: UInt8.self)
        if isPlainASCII(cursor) { return nil }
        var decoded: [UInt8] = []
        while cursor.pointee != 0 && cursor.pointee != UInt8(ascii: "?") {
            // Decoded as libmicrohttpd does: `%` and two hex digits is a byte, any other `%` is itself.
            if cursor.pointee == UInt8(ascii: "%"), let high = hexValue(cursor[1]), let low = hexValue(cursor[2]) {
                decoded.append(high << 4 | low)
                cursor += 3
            } else {
                decoded.append(cursor.pointee)
                cursor += 1
            }
        }
        if decoded.contains(0) { return "the request path holds a NUL character (%00)" }
        if String(validating: decoded, as: UTF8.self) == nil { return "the request path is not valid UTF-8 once percent-decoded" }
        return nil
    }

    /// The path holds neither `%` nor a byte past ASCII: nothing to decode, and valid UTF-8 (the
    /// common case, checked without copying it).
    private static func isPlainASCII(_ path: UnsafePointer<UInt8>) -> Bool {
        var cursor = path
        while cursor.pointee != 0 && cursor.pointee != UInt8(ascii: "?") {
            if cursor.pointee == UInt8(ascii: "%") || cursor.pointee >= 0x80 { return false }
            cursor += 1
        }
        return true
    }

    /// The path to route for a decoded target: an origin-form target (`/tasks`) is one; an
    /// absolute-form target (`http://host:8080/tasks`, RFC 9112 §3.2.2: what clients send to
    /// proxies, and a server must accept) gives what follows its authority, `/` when nothing does.
    static func routable(_ target: String) -> String {
        guard target.utf8.first != UInt8(ascii: "/"), let separator = target.range(of: "://") else { return target }
        let scheme = target[..<separator.lowerBound].utf8
        let isScheme = !scheme.isEmpty && scheme.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
        guard isScheme else { return target }
        let rest = target[separator.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
