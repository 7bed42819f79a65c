import CCrypto
import Foundation
import TodoCore

/// Passwords as PBKDF2-HMAC-SHA256 with 600 000 iterations (OWASP 2023) and a 16-byte random
/// salt, stored self-describing as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (base64url) so the
/// cost can rise later without breaking stored hashes (docs/decisions.md).
public struct PasswordHasher: Sendable {
    public let iterations: Int
    static let scheme = "pbkdf2-sha256"
    static let keyLength = 32
    /// Stored hashes outside this range are refused: too weak, or a denial of service.
    static let acceptedIterations = 1_000...10_000_000

    public init(iterations: Int = 600_000) {
        self.iterations = iterations
    }

    /// The hash of `password` in Unicode's composed form (NFC): "pässwörd" typed with a combining
    /// accent (as some keyboards and systems send it) is the same password.
    public func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        precondition(RAND_bytes(&salt, Int32(salt.count)) == 1, "the system's random generator failed")
        let key = Self.derive(password: Array(Self.composed(password).utf8), salt: salt, iterations: iterations, length: Self.keyLength)
        return "\(Self.scheme)$\(iterations)$\(Data(salt).base64URLEncodedString())$\(Data(key).base64URLEncodedString())"
    }

    /// Whether `password`, in either Unicode form, matches `stored`; false for anything malformed.
    /// A hash made before passwords were composed holds the bytes as typed: a password that
    /// composition changes is also tried as it came.
    public func verify(_ password: String, against stored: String) -> Bool {
        let composed = Self.composed(password)
        if verifyBytes(Array(composed.utf8), against: stored) { return true }
        return composed.utf8.elementsEqual(password.utf8) ? false : verifyBytes(Array(password.utf8), against: stored)
    }

    static func composed(_ password: String) -> String {
        password.utf8.allSatisfy { $0 < 0x80 } ? password : password.precomposedStringWithCanonicalMapping
    }

    private func verifyBytes(_ password: [UInt8], against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let rounds = Int(parts[1]), Self.acceptedIterations.contains(rounds),
              let salt = Data(base64URLEncoded: String(parts[2])), !salt.isEmpty,
              let expected = Data(base64URLEncoded: String(parts[3])), (16...64).contains(expected.count) else { return false }
        let key = Self.derive(password: password, salt: Array(salt), iterations: rounds, length: expected.count)
        return ConstantTime.equal(Array(expected), key)
    }


    static func derive(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let characters = password.map { CChar(bitPattern: $0) }
        let ok = PKCS5_PBKDF2_HMAC(characters, Int32(characters.count), salt, Int32(salt.count), Int32(iterations),
                                   EVP_sha256(), Int32(length), &key)
        precondition(ok == 1, "PBKDF2 failed")
        return key
    }
}
