import Foundation
import TodoCore
import TodoHTTP

/// Decides whether a sign-in attempt may spend a password hash: within the limits of its client
/// address (every attempt) and of its email (failed logins), and with room on the hashing pool.
struct SignInThrottle: Sendable {
    let limits: SignInLimits
    let pool: PasswordHashingPool
    private let addresses: AttemptBuckets
    private let emails: AttemptBuckets

    init(limits: SignInLimits, pool: PasswordHashingPool) {
        self.limits = limits
        self.pool = pool
        addresses = AttemptBuckets(rate: limits.perAddress)
        emails = AttemptBuckets(rate: limits.perEmail)
    }

    /// Counts an attempt from `address`; refused once the address spent its attempts.
    func admit(address: String) throws(SignInRefusal) {
        if let seconds = addresses.take(Self.key(address: address)) { throw .tooManyFromAddress(retryAfter: seconds) }
    }

    /// Refused while `email` has no failed login left.
    func admitLogin(email: String) throws(SignInRefusal) {
        if let seconds = emails.check(Self.key(email: email)) { throw .tooManyForEmail(retryAfter: seconds) }
    }

    func recordFailedLogin(email: String) {
        emails.spend(Self.key(email: email))
    }

    /// Runs `work` (a hash) for a request from `address` on the hashing pool; refused when the
    /// pool's queue is full, or holds that address's share of it already.
    func hash<T: Sendable>(for address: String, _ work: @escaping @Sendable () -> T) throws(SignInRefusal) -> T {
        guard let result = pool.run(for: Self.key(address: address), work) else { throw .hashingBusy }
        return result
    }

    /// Emails compare as the store compares them; an absurd one is bounded, not kept whole.
    static func key(email: String) -> String {
        String(AccountValidator.emailKey(String(email.prefix(320))).prefix(320))
    }

    /// An IPv6 client usually holds a whole /64: its addresses share one bucket. IPv4 (also
    /// IPv4-mapped IPv6) is keyed by the address.
    static func key(address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }
}

/// Why a sign-in attempt was not even tried. The message is what the client should do.
enum SignInRefusal: HTTPResponseError {
    case tooManyFromAddress(retryAfter: Int)
    case tooManyForEmail(retryAfter: Int)
    /// More sign-ins are waiting for the hashing pool than it queues.
    case hashingBusy

    var status: HTTPStatus {
        switch self {
        case .tooManyFromAddress, .tooManyForEmail: .tooManyRequests
        case .hashingBusy: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .tooManyFromAddress, .tooManyForEmail: "too_many_attempts"
        case .hashingBusy: "busy"
        }
    }

    var message: String {
        switch self {
        case .tooManyFromAddress(let seconds):
            "too many sign-in attempts from this address; try again in \(seconds) s"
        case .tooManyForEmail(let seconds):
            "too many failed logins for this email; try again in \(seconds) s"
        case .hashingBusy:
            "the server is checking too many passwords at once; try again in a second"
        }
    }

    var headers: HTTPHeaders {
        switch self {
        case .tooManyFromAddress(let seconds), .tooManyForEmail(let seconds): ["Retry-After": String(seconds)]
        case .hashingBusy: ["Retry-After": "1"]
        }
    }
}
