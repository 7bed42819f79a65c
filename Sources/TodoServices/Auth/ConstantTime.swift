import CCrypto

/// The one comparison of secrets (password keys, JWT signatures, API tokens): its time does
/// not depend on where the inputs first differ, so a client timing its guesses learns nothing
/// byte by byte. OpenSSL's `CRYPTO_memcmp` does the work; a Swift loop carries no such
/// promise once the optimiser has seen it. Only the length may leak, and it is no secret.
enum ConstantTime {
    static func equal(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        guard given.count == expected.count else { return false }
        guard !expected.isEmpty else { return true }
        return given.withUnsafeBytes { a in expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, b.count) == 0 } }
    }

    static func equal(_ given: String, _ expected: String) -> Bool {
        equal(Array(given.utf8), Array(expected.utf8))
    }
}
