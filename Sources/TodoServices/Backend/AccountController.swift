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

    @Sendable func register(_ request: HTTPRequest, _ context: AppContext) throws -> HTTPResponse {
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

    @Sendable func login(_ request: HTTPRequest, _ context: AppContext) throws -> HTTPResponse {
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

    @Sendable func me(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        guard let user = try store.user(id: context.userID) else { throw StoreError.userNotFound }
        var json = JSONWriter()
        Self.write(user, to: &json)
        return .json(json.bytes)
    }

    @Sendable func createToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        let name = try JSONBody(request).required("name", expected: "a string", JSONRead.string)
        let issued = try store.createAccessToken(userID: user, name: name, now: clock())
        var json = JSONWriter()
        Self.write(issued.token, secret: issued.secret, to: &json)
        return .json(json.bytes, status: .created)
    }

    @Sendable func tokens(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        var json = JSONWriter()
        json.beginObject()
        json.key("tokens")
        json.beginArray()
        for token in try store.accessTokens(userID: user) { Self.write(token, secret: nil, to: &json) }
        json.endArray()
        json.endObject()
        return .json(json.bytes)
    }

    @Sendable func revokeToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        let id = try context.parameters.require("id", as: AccessTokenID.self).uuid
        guard try store.revokeAccessToken(id: id, userID: user) else { throw HTTPError.notFound("token \(id.lowercasedString) not found") }
        return .noContent
    }

    private func session(for user: User, now: Date, status: HTTPStatus) throws -> HTTPResponse {
        let session = try authenticator.session(for: user, now: now)
        var json = JSONWriter()
        json.beginObject()
        json.key("user")
        Self.write(user, to: &json)
        json.key("token")
        json.value(session.token)
        json.key("expires_at")
        json.value(RFC3339.format(session.expiresAt))
        json.endObject()
        return .json(json.bytes, status: status)
    }

    static func write(_ user: User, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.value(user.id.lowercasedString)
        json.key("email")
        json.value(user.email)
        json.key("name")
        json.value(user.name)
        json.key("created_at")
        json.value(RFC3339.format(user.createdAt))
        json.endObject()
    }

    static func write(_ token: AccessToken, secret: String?, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.value(token.id.lowercasedString)
        json.key("name")
        json.value(token.name)
        json.key("created_at")
        json.value(RFC3339.format(token.createdAt))
        json.key("last_used_at")
        json.value(token.lastUsedAt.map { RFC3339.format($0) })
        if let secret {
            json.key("token")
            json.value(secret)
        }
        json.endObject()
    }

    /// A valid hash of a random password, verified against when the email is unknown.
    private static let decoyHash = PasswordHasher().hash(UUID.random().lowercasedString)
}
