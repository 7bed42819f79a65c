import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// Registration, login, the current user and personal access tokens (DESIGN §6 "Auth").
struct AccountController: Sendable {
    let store: any AccountRepository
    let authenticator: Authenticator
    let hasher: PasswordHasher
    let signIn: SignInThrottle
    let clock: @Sendable () -> Date

    /// Routes that need no token.
    func addPublicRoutes(to group: RouterGroup<AppContext>) {
        group.post("/auth/register", use: register)
        group.post("/auth/login", use: login)
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/me", use: me)
        group.post("/tokens", use: createToken)
        group.get("/tokens", use: tokens)
        group.delete("/tokens/:id", use: revokeToken)
    }

    @Sendable func register(_ request: HTTPRequest, _ context: AppContext) throws -> SessionResponse {
        let body = try JSONBody(request)
        let email = try body.required("email", expected: "a string", JSONRead.string)
        let password = try body.required("password", expected: "a string", JSONRead.string)
        let name = try body.optional("name", expected: "a string", JSONRead.string)
        // Checked before the costly hash; the store checks the email and name again.
        try AccountValidator.password(password)
        _ = try AccountValidator.name(name)
        _ = try AccountValidator.email(email)
        try signIn.admit(address: request.remoteAddress)
        let hash = try signIn.hash { [hasher] in hasher.hash(password) }
        let now = clock()
        let user = try store.createUser(email: email, name: name, passwordHash: hash, now: now)
        return try session(for: user, now: now, status: .created)
    }

    @Sendable func login(_ request: HTTPRequest, _ context: AppContext) throws -> SessionResponse {
        let body = try JSONBody(request)
        let email = try body.required("email", expected: "a string", JSONRead.string)
        let password = try body.required("password", expected: "a string", JSONRead.string)
        // An email registration would refuse is simply unknown (PostgreSQL cannot even compare
        // a NUL); the local user's placeholder email is not an address either.
        let plausible = AccountValidator.isPlausibleEmail(email.trimmingWhitespace())
        try signIn.admit(address: request.remoteAddress)
        try signIn.admitLogin(email: email)
        let user = plausible ? try store.user(email: email) : nil
        // An unknown email costs the same hash as a wrong password, so timing tells nothing.
        let stored = user?.passwordHash ?? Self.decoyHash
        let matches = try signIn.hash { [hasher] in hasher.verify(password, against: stored) }
        guard matches, let user, user.passwordHash != nil else {
            signIn.recordFailedLogin(email: email)
            throw HTTPError.unauthorized("the email or the password is wrong")
        }
        return try session(for: user, now: clock(), status: .ok)
    }

    @Sendable func me(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> UserResponse {
        guard let user = try store.user(id: context.userID) else { throw StoreError.userNotFound }
        return UserResponse(user: user)
    }

    @Sendable func createToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> CreatedAccessTokenResponse {
        let name = try JSONBody(request).required("name", expected: "a string", JSONRead.string)
        let issued = try store.createAccessToken(userID: context.userID, name: name, now: clock())
        return CreatedAccessTokenResponse(token: issued.token, secret: issued.secret)
    }

    @Sendable func tokens(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> AccessTokenListResponse {
        AccessTokenListResponse(tokens: try store.accessTokens(userID: context.userID))
    }

    @Sendable func revokeToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        let id = try context.parameters.require("id", as: AccessTokenID.self).uuid
        guard try store.revokeAccessToken(id: id, userID: user) else { throw HTTPError.notFound("token \(id.lowercasedString) not found") }
        return .noContent
    }

    private func session(for user: User, now: Date, status: HTTPStatus) throws -> SessionResponse {
        let session = try authenticator.session(for: user, now: now)
        return SessionResponse(user: user, token: session.token, expiresAt: session.expiresAt, status: status)
    }

    /// A valid hash of a random password, verified against when the email is unknown.
    private static let decoyHash = PasswordHasher().hash(UUID.random().lowercasedString)
}
