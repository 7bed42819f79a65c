import Foundation
import TodoCore

/// MCP session ids that any replica can check without storing them: a random part and an
/// HMAC-SHA256 of it and the user's id under the server's secret (the JWT secret, which every
/// replica shares). An id this server did not issue to this user is unknown, and the
/// specification's answer to an unknown session is 404 (docs/decisions.md, "MCP: … stateless
/// sessions").
struct MCPSessionIDs: Sendable {
    private let secret: [UInt8]

    init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A new session id for `userID`: 22 + 1 + 22 characters of base64url.
    func issue(for userID: UUID) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let nonce = Data(random).base64URLEncodedString()
        return nonce + "." + Data(mac(nonce, userID)).base64URLEncodedString()
    }

    /// Whether `id` is one `issue(for: userID)` made.
    func isIssued(_ id: String, to userID: UUID) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let tag = Data(base64URLEncoded: String(parts[1])), tag.count == Self.tagLength else { return false }
        return ConstantTime.equal(Array(tag), mac(String(parts[0]), userID))
    }

    /// 128 bits of the HMAC: as hard to forge as the random part is to guess.
    private static let tagLength = 16

    private func mac(_ nonce: String, _ userID: UUID) -> [UInt8] {
        let message = Array("mcp-session:\(userID.lowercasedString):\(nonce)".utf8)
        return Array(HMACSHA256.mac(key: secret, message: message).prefix(Self.tagLength))
    }
}
