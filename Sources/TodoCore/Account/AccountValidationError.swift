/// Why account input (an email, a password, a name, a token name) was refused. Each case names
/// the field and says what to fix.
public enum AccountValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidEmail(String)
    case passwordTooShort(field: String)
    case passwordTooLong(field: String)
    case invalidName(String)
    case invalidTokenName(String)

    /// The input field at fault, as named in the API.
    public var field: String {
        switch self {
        case .invalidEmail: "email"
        case .passwordTooShort(let field), .passwordTooLong(let field): field
        case .invalidName, .invalidTokenName: "name"
        }
    }

    public var description: String {
        switch self {
        case .invalidEmail(let email):
            "\"\(email)\" is not an email address"
        case .passwordTooShort:
            "the password must have at least \(AccountValidator.minPasswordLength) characters"
        case .passwordTooLong:
            "the password must be at most \(AccountValidator.maxPasswordBytes) bytes"
        case .invalidName:
            "name must be at most \(AccountValidator.maxNameLength) characters without control characters"
        case .invalidTokenName(let name):
            "token name \"\(name)\" must be 1–\(AccountValidator.maxTokenNameLength) characters without control characters"
        }
    }
}
