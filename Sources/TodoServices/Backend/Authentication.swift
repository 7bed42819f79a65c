import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// Who a bearer token speaks for: a personal access token (`todo_pat_…`, looked up by its
/// hash) or a session JWT (verified by signature and expiry, and its session by the
/// `sessions` table through `SessionCache`).
struct Authenticator: Sendable {
    let store: any AccountRepository
    let signer: JWTSigner
    let sessions = SessionCache()
    /// How long a session from register/login lasts.
    static let sessionLifetime: TimeInterval = 7 * 24 * 3600

    /// Who a token speaks for, and for a session token its session.
    struct Bearer {
        var userID: UUID
        /// Nil for a personal access token.
        var sessionID: UUID?
    }

    func bearer(of token: String, now: Date) throws -> Bearer {
        if token.hasPrefix("todo_pat_") {
            guard let user = try store.user(forAccessToken: token, now: now) else {
                throw HTTPError.unauthorized("the access token is not valid (revoked or mistyped); create a new one")
            }
            return Bearer(userID: user.id)
        }
        let verifiedSessions = VerifiedSessions.onThisThread()
        var verified = verifiedSessions.byToken[token]
        if verified.map({ now >= $0.expiresAt }) ?? true {
            let claims: JWTClaims
            do {
                claims = try signer.verify(token, now: now)
            } catch {
                throw HTTPError.unauthorized(error.description)
            }
            guard let id = UUID.parse(claims.subject) else {
                throw HTTPError.unauthorized("the session token names no user; log in again")
            }
            guard let session = claims.sessionID.flatMap(UUID.parse) else {
                throw HTTPError.unauthorized("the session token is from before sessions could be ended; log in again")
            }
            verified = VerifiedSessions.Verified(userID: id, sessionID: session, expiresAt: claims.expiresAt)
            verifiedSessions.remember(verified!, for: token)
        }
        let bearer = Bearer(userID: verified!.userID, sessionID: verified!.sessionID)
        try requireActive(bearer, now: now)
        return bearer
    }

    /// A session ended by logout or a password change is refused, at once on this server.
    private func requireActive(_ bearer: Bearer, now: Date) throws {
        guard let session = bearer.sessionID, !sessions.isFresh(session, now: now) else { return }
        let mark = sessions.mark
        guard try store.isSessionActive(id: session, userID: bearer.userID, now: now) else {
            throw HTTPError.unauthorized("the session has ended (signed out, or the password was changed); log in again")
        }
        sessions.remember(session, of: bearer.userID, now: now, readSince: mark)
    }

    /// A new session for `user`, recorded so that it can be ended.
    func session(for user: User, now: Date) throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(Self.sessionLifetime)
        let mark = sessions.mark
        let session = try store.createSession(userID: user.id, now: now, expiresAt: expiresAt)
        sessions.remember(session, of: user.id, now: now, readSince: mark)
        let token = signer.sign(subject: user.id.lowercasedString, sessionID: session.lowercasedString, issuedAt: now,
                                expiresAt: expiresAt)
        return (token, expiresAt)
    }
}

/// Requires `Authorization: Bearer TOKEN` and gives the routes of its group an
/// `AuthenticatedContext` with the token's user; 401 otherwise.
struct AuthenticationMiddleware: ChildContextMiddleware {
    let authenticator: Authenticator
    let clock: @Sendable () -> Date

    func handle(_ request: HTTPRequest, context: AppContext,
                next: (HTTPRequest, AuthenticatedContext) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let token = request.bearerToken else {
            throw HTTPError.unauthorized("this route needs a token: send Authorization: Bearer TOKEN (from /api/v1/auth/login or /api/v1/tokens)")
        }
        let bearer = try authenticator.bearer(of: token, now: clock())
        do {
            return try next(request, AuthenticatedContext(context, userID: bearer.userID, sessionID: bearer.sessionID))
        } catch StoreError.userNotFound {
            // A session token is checked without reading the database, so the first sign that
            // its user is gone (deleted, or a database reset under the same secret) is here.
            throw HTTPError.unauthorized("the user of this token no longer exists; register or log in again")
        }
    }

    /// Every route behind this middleware needs the bearer token and may answer 401.
    func document(_ operation: inout OperationDocumentation) {
        operation.security = [APIDocumentation.bearer]
        operation.add(APIDocumentation.unauthorized)
    }
}

/// The session tokens this thread verified lately. Requests of many users reach each server
/// thread (a write worker takes whichever comes next), so one token per thread was verified
/// again on nearly every request under load; a table of the recent ones spares the signature
/// check with no shared lock. Only a token that verified is remembered, until it expires;
/// whether its session is still active is asked of `SessionCache` on every request.
private final class VerifiedSessions {
    struct Verified {
        var userID: UUID
        var sessionID: UUID
        var expiresAt: Date
    }

    /// Beyond this many the table starts afresh: memory stays bounded whatever the clients send.
    static let capacity = 1_024
    private(set) var byToken: [String: Verified] = [:]

    func remember(_ verified: Verified, for token: String) {
        if byToken.count >= Self.capacity { byToken.removeAll(keepingCapacity: true) }
        byToken[token] = verified
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { if let box = $0 { Unmanaged<VerifiedSessions>.fromOpaque(box).release() } }
        return key
    }()

    static func onThisThread() -> VerifiedSessions {
        if let stored = pthread_getspecific(key) { return Unmanaged<VerifiedSessions>.fromOpaque(stored).takeUnretainedValue() }
        let sessions = VerifiedSessions()
        pthread_setspecific(key, Unmanaged.passRetained(sessions).toOpaque())
        return sessions
    }
}
