import Foundation

/// The rules every account field satisfies (DESIGN §6 "Auth"), beside `TaskValidator`'s rules
/// for tasks. Text fields follow the one control-character rule (`isControlCharacter`).
public enum AccountValidator {
    public static let maxEmailLength = 254
    public static let minPasswordLength = 8
    /// PBKDF2 hashes every byte; an unbounded password would be an unbounded cost.
    public static let maxPasswordBytes = 1024
    public static let maxNameLength = 200
    public static let maxTokenNameLength = 100

    /// The email as stored: trimmed, in Unicode's compatibility form (NFKC: "ａｌｉｃｅ" typed
    /// full-width is "alice", a decomposed "é" the composed one). Deliberately loose — one `@`
    /// with something on both sides and a dot in the domain, no spaces, nothing invisible —
    /// since whether an address works is only known by mailing it.
    public static func email(_ raw: String) throws(AccountValidationError) -> String {
        let email = normalizedEmail(raw)
        guard isPlausibleEmail(email) else { throw .invalidEmail(email) }
        return email
    }

    /// The email of a new account: `email(_:)`'s rules, and an address a reminder can be mailed
    /// to as it is, with no character mail would need quoted (`"(),:;<>[\]`: "a,b@example.com"
    /// and "<a@example.com>" were registered, and every reminder to them refused by the mail
    /// server) and no dot at either end of the part before `@` nor two in a row. Addresses
    /// registered before this rule still sign in: sign-in asks only `email(_:)`.
    public static func newAccountEmail(_ raw: String) throws(AccountValidationError) -> String {
        let email = try email(raw)
        let local = email.prefix { $0 != "@" }
        guard !email.unicodeScalars.contains(where: { Self.quotedInMail.contains($0) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw .invalidEmail(email) }
        return email
    }

    private static let quotedInMail = Set("\"(),:;<>[\\]".unicodeScalars)

    /// What two emails are compared by: one account per key ("Alice@Example.com" and a
    /// full-width "alice@example.com" are one).
    public static func emailKey(_ raw: String) -> String { normalizedEmail(raw).lowercased() }

    private static func normalizedEmail(_ raw: String) -> String {
        let email = raw.trimmingWhitespace()
        return email.utf8.allSatisfy { $0 < 0x80 } ? email : email.precomposedStringWithCompatibilityMapping.trimmingWhitespace()
    }

    /// Whether `email` could have been registered; an email that could not is simply unknown.
    public static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && email.count <= maxEmailLength
            && !email.unicodeScalars.contains {
                // Invisible ones (a zero-width space, a bidi mark) would make look-alike accounts.
                $0.properties.isWhitespace || $0.isControlCharacter || $0.properties.isDefaultIgnorableCodePoint
                    || $0.properties.generalCategory == .format
            }
    }

    /// A new password; `field` is where it was given (`password`, `new_password`).
    public static func password(_ password: String, field: String = "password") throws(AccountValidationError) {
        if password.count < minPasswordLength { throw .passwordTooShort(field: field) }
        if password.utf8.count > maxPasswordBytes { throw .passwordTooLong(field: field) }
    }

    /// A user's display name, kept as given.
    public static func name(_ name: String?) throws(AccountValidationError) -> String? {
        guard let name else { return nil }
        guard name.unicodeScalars.count <= maxNameLength, !name.containsControlCharacters() else { throw .invalidName(name) }
        return name
    }

    /// An access token's name as stored: trimmed, 1–100 code points.
    public static func tokenName(_ raw: String) throws(AccountValidationError) -> String {
        let name = raw.trimmingWhitespace()
        guard !name.isEmpty, name.unicodeScalars.count <= maxTokenNameLength, !name.containsControlCharacters() else {
            throw .invalidTokenName(name)
        }
        return name
    }
}
