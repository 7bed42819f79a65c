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
        let verified = VerifiedSession.lastOnThisThread()
        if verified.token != token || now >= verified.expiresAt {
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
            (verified.token, verified.userID, verified.sessionID, verified.expiresAt) = (token, id, session, claims.expiresAt)
        }
        let bearer = Bearer(userID: verified.userID, sessionID: verified.sessionID)
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

/// The session token this thread verified last. A client sends the same token with each
/// request of a connection, and a connection stays on one server thread: remembering one
/// token per thread spares the signature check on nearly every request, with no shared lock.
/// Only a token that verified is remembered, until it expires; whether its session is still
/// active is asked of `SessionCache` on every request.
private final class VerifiedSession {
    var token = ""
    var userID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    var sessionID: UUID?
    var expiresAt = Date.distantPast

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { if let box = $0 { Unmanaged<VerifiedSession>.fromOpaque(box).release() } }
        return key
    }()

    static func lastOnThisThread() -> VerifiedSession {
        if let stored = pthread_getspecific(key) { return Unmanaged<VerifiedSession>.fromOpaque(stored).takeUnretainedValue() }
        let session = VerifiedSession()
        pthread_setspecific(key, Unmanaged.passRetained(session).toOpaque())
        return session
    }
}
