import CCrypto

/// HMAC-SHA256 (RFC 2104), the one MAC the server signs with: session tokens, MCP session ids
/// and webhook requests.
enum HMACSHA256 {
    static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        _ = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &digest, &length)
        return digest
    }
}
