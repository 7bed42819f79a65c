import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// Who a bearer token speaks for: a personal access token (`todo_pat_…`, looked up by its
/// hash) or a session JWT (verified by signature and expiry, no database read).
struct Authenticator: Sendable {
    let store: any TaskStore
    let signer: JWTSigner
    /// How long a session from register/login lasts.
    static let sessionLifetime: TimeInterval = 7 * 24 * 3600

    func userID(for token: String, now: Date) throws -> UUID {
        if token.hasPrefix("todo_pat_") {
            guard let user = try store.user(forAccessToken: token, now: now) else {
                throw HTTPError.unauthorized("the access token is not valid (revoked or mistyped); create a new one")
            }
            return user.id
        }
        let claims: JWTClaims
        do {
            claims = try signer.verify(token, now: now)
        } catch {
            throw HTTPError.unauthorized(error.description)
        }
        guard let id = UUID.parse(claims.subject) else {
            throw HTTPError.unauthorized("the session token names no user; log in again")
        }
        return id
    }

    /// A new session token for `user`.
    func session(for user: User, now: Date) -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(Self.sessionLifetime)
        return (signer.sign(subject: user.id.lowercasedString, issuedAt: now, expiresAt: expiresAt), expiresAt)
    }
}

/// Requires `Authorization: Bearer TOKEN` and puts its user in the context; 401 otherwise.
struct AuthenticationMiddleware: Middleware {
    let authenticator: Authenticator
    let clock: @Sendable () -> Date

    func handle(_ request: HTTPRequest, context: AppContext,
                next: (HTTPRequest, AppContext) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let token = request.bearerToken else {
            throw HTTPError.unauthorized("this route needs a token: send Authorization: Bearer TOKEN (from /api/v1/auth/login or /api/v1/tokens)")
        }
        var context = context
        context.userID = try authenticator.userID(for: token, now: clock())
        return try next(request, context)
    }
}
