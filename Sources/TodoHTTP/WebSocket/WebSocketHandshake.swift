import CCrypto
import Foundation

/// The server's side of the opening handshake (RFC 6455 §4.2): checks an upgrade request and
/// computes `Sec-WebSocket-Accept`. A request that is not an upgrade at all gets 426 (it should
/// have asked for one); an upgrade request with a bad key gets 400; another version than 13
/// gets 426 naming the version we speak.
public enum WebSocketHandshake {
    /// The GUID RFC 6455 appends to the client's key.
    static let magic = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The headers of the 101 answer to `request`, or the error that refuses it.
    public static func responseHeaders(for request: HTTPRequest) throws(HTTPError) -> HTTPHeaders {
        guard request.method == .get else {
            throw HTTPError(.methodNotAllowed, code: "method_not_allowed", message: "a WebSocket is opened with GET",
                            headers: ["Allow": "GET"])
        }
        guard hasToken("websocket", in: request.headers["Upgrade"]),
              hasToken("upgrade", in: request.headers["Connection"]) else {
            throw HTTPError(.upgradeRequired, code: "upgrade_required",
                            message: "this endpoint speaks WebSocket: send Upgrade: websocket and Connection: Upgrade",
                            headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"])
        }
        guard request.headers["Sec-WebSocket-Version"]?.trimmingCharacters(in: .whitespaces) == "13" else {
            throw HTTPError(.upgradeRequired, code: "unsupported_websocket_version",
                            message: "only WebSocket version 13 (RFC 6455) is supported",
                            headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"])
        }
        guard let key = request.headers["Sec-WebSocket-Key"]?.trimmingCharacters(in: .whitespaces),
              Data(base64Encoded: key)?.count == 16 else {
            throw HTTPError.badRequest("Sec-WebSocket-Key must be 16 random bytes in base64", code: "invalid_websocket_key")
        }
        return ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": acceptValue(forKey: key)]
    }

    /// base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        let input = Array((key + magic).utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        _ = SHA1(input, input.count, &digest)
        return Data(digest).base64EncodedString()
    }

    /// Whether a comma-separated header value holds `token`, compared case-insensitively.
    private static func hasToken(_ token: String, in value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { HTTPHeaders.sameName($0.trimmingCharacters(in: .whitespaces), token) }
    }
}
