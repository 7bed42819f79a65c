import Foundation

/// How many sign-in attempts (login, register) are let through before 429. Every attempt costs
/// a PBKDF2 hash (~0.2 s of a core), so these bound what one client can make the server spend,
/// and how fast anyone can guess one account's password (docs/decisions.md).
public struct SignInLimits: Sendable, Equatable {
    /// `attempts` at once, refilled evenly over `period` seconds.
    public struct Rate: Sendable, Equatable, CustomStringConvertible {
        public var attempts: Int
        public var period: TimeInterval

        public init(attempts: Int, period: TimeInterval) {
            self.attempts = attempts
            self.period = period
        }

        /// `N/Ss`, e.g. `20/60s`: N attempts per S seconds.
        public init(parsing text: String) throws(SignInLimitError) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let attempts = Int(parts[0]), attempts >= 1, parts[1].hasSuffix("s"),
                  let seconds = Int(parts[1].dropLast()), seconds >= 1 else {
                throw SignInLimitError(text: text)
            }
            self.init(attempts: attempts, period: TimeInterval(seconds))
        }

        public var description: String { "\(attempts)/\(Int(period))s" }
    }

    /// Every attempt from one client address (an IPv6 client: its /64).
    public var perAddress: Rate
    /// Failed logins of one email address, from anywhere.
    public var perEmail: Rate

    public init(perAddress: Rate = Rate(attempts: 20, period: 60), perEmail: Rate = Rate(attempts: 5, period: 300)) {
        self.perAddress = perAddress
        self.perEmail = perEmail
    }

    /// The defaults, overridden by `TODO_SIGNIN_LIMIT_ADDRESS` and `TODO_SIGNIN_LIMIT_EMAIL`.
    public init(environment: [String: String]) throws(SignInLimitError) {
        self.init()
        do {
            if let text = environment[Self.addressSetting], !text.isEmpty { perAddress = try Rate(parsing: text) }
        } catch { throw SignInLimitError(setting: Self.addressSetting, text: error.text) }
        do {
            if let text = environment[Self.emailSetting], !text.isEmpty { perEmail = try Rate(parsing: text) }
        } catch { throw SignInLimitError(setting: Self.emailSetting, text: error.text) }
    }

    public static let addressSetting = "TODO_SIGNIN_LIMIT_ADDRESS"
    public static let emailSetting = "TODO_SIGNIN_LIMIT_EMAIL"
}

/// A sign-in limit that cannot be read.
public struct SignInLimitError: Error, Sendable, CustomStringConvertible {
    public var setting = ""
    public var text: String

    public var reason: String { "\"\(text)\" is not a rate such as 20/60s (attempts per seconds, both at least 1)" }
    public var description: String { setting.isEmpty ? reason : "\(setting): \(reason)" }
}
