import Foundation
import TodoCore

/// What a verified session token says.
public struct JWTClaims: Hashable, Sendable {
    public var subject: String
    /// The login session the token belongs to (`sid`); nil in tokens from before sessions
    /// could be ended.
    public var sessionID: String?
    public var issuedAt: Date
    public var expiresAt: Date
}

/// Why a session token was refused.
public enum JWTError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case badSignature
    case expired
    case notYetValid

    public var description: String {
        switch self {
        case .malformed(let reason): "the session token is malformed (\(reason)); log in again"
        case .badSignature: "the session token's signature is not valid; log in again"
        case .expired: "the session token has expired; log in again"
        case .notYetValid: "the session token is not valid yet (its nbf is in the future); check this machine's clock, or log in again"
        }
    }
}

/// HS256 JSON Web Tokens (RFC 7519) for sessions: `{"sub", "sid", "iat", "exp"}` signed with
/// HMAC-SHA256. The signature is checked, in constant time, before anything in the payload
/// is believed; only `alg: HS256` is accepted (never `none`).
public struct JWTSigner: Sendable {
    private let secret: [UInt8]
    static let header = Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8).base64URLEncodedString()
    static let maxLength = 4096

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public func sign(subject: String, sessionID: String? = nil, issuedAt: Date, expiresAt: Date) -> String {
        var payload = JSONWriter()
        payload.beginObject()
        payload.key("sub")
        payload.value(subject)
        if let sessionID {
            payload.key("sid")
            payload.value(sessionID)
        }
        payload.key("iat")
        payload.value(Int64(issuedAt.timeIntervalSince1970.rounded(.down)))
        payload.key("exp")
        payload.value(Int64(expiresAt.timeIntervalSince1970.rounded(.down)))
        payload.endObject()
        let signingInput = Self.header + "." + Data(payload.bytes).base64URLEncodedString()
        return signingInput + "." + Data(mac(Array(signingInput.utf8))).base64URLEncodedString()
    }

    public func verify(_ token: String, now: Date) throws(JWTError) -> JWTClaims {
        guard token.utf8.count <= Self.maxLength else { throw .malformed("too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("not three parts") }
        // A header that is not an object has no "alg" member: refused like a wrong algorithm.
        guard let headerData = Data(base64URLEncoded: String(parts[0])),
              let header = try? JSONParser.parse(Array(headerData)),
              case .string("HS256")? = header["alg"] else {
            throw .malformed("the algorithm must be HS256")
        }
        guard let signature = Data(base64URLEncoded: String(parts[2])), signature.count == 32 else { throw .badSignature }
        let expected = mac(Array("\(parts[0]).\(parts[1])".utf8))
        guard ConstantTime.equal(Array(signature), expected) else { throw .badSignature }
        guard let payloadData = Data(base64URLEncoded: String(parts[1])), let payload = try? JSONParser.parse(Array(payloadData)),
              case .string(let subject)? = payload["sub"], case .int(let expires)? = payload["exp"] else {
            throw .malformed("the payload needs sub and exp")
        }
        let issued: Int64 = if case .int(let value)? = payload["iat"] { value } else { 0 }
        let sessionID: String? = if case .string(let value)? = payload["sid"] { value } else { nil }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(expires))
        guard now < expiresAt else { throw .expired }
        // RFC 7519 §4.1.5; we issue no nbf, but a token that has one is held to it (a minute
        // of leeway for clocks that disagree).
        if case .int(let notBefore)? = payload["nbf"], now.timeIntervalSince1970 + 60 < TimeInterval(notBefore) { throw .notYetValid }
        return JWTClaims(subject: subject, sessionID: sessionID, issuedAt: Date(timeIntervalSince1970: TimeInterval(issued)), expiresAt: expiresAt)
    }

    private func mac(_ message: [UInt8]) -> [UInt8] {
        HMACSHA256.mac(key: secret, message: message)
    }
}
