import CCrypto
import Foundation
import TodoCore

/// Personal access token secrets: random, shown once, stored only as a SHA-256 digest.
enum TokenSecret {
    static let prefix = "todo_pat_"

    /// 32 random bytes (256 bits) from the system's CSPRNG, base64url-encoded.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64URLEncodedString()
    }

    /// Hex SHA-256 of the secret. A fast hash is right here: the secret has 256 bits of
    /// entropy, so there is nothing to brute-force, and every request checks one.
    static func digest(_ secret: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var bytes = Array(secret.utf8)
        _ = SHA256(&bytes, bytes.count, &digest)
        return Hex.encode(digest)
    }
}
