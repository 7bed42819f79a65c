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
        group.post("/auth/register", documentation: Self.registerDocumentation, use: register)
        group.post("/auth/login", documentation: Self.loginDocumentation, use: login)
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/me", documentation: Self.meDocumentation, use: me)
        group.post("/tokens", documentation: Self.createTokenDocumentation, use: createToken)
        group.get("/tokens", documentation: Self.tokensDocumentation, use: tokens)
        group.delete("/tokens/:id", documentation: Self.revokeTokenDocumentation, use: revokeToken)
    }

    /// The body of register: what `register` reads, with `AccountValidator`'s rules.
    enum RegisterBody: SchemaDescribed {
        static let schemaName = "Register"
        static var schema: JSONSchema {
            .object([
                .required("email", .string(format: "email")),
                .required("password", JSONSchema.string(minLength: AccountValidator.minPasswordLength)
                    .described("At least 8 characters, at most 1024 bytes.")),
                .optional("name", JSONSchema.string(maxLength: AccountValidator.maxNameLength,
                                                     pattern: APIDocumentation.TextPattern.withoutControlCharacters).nullable()
                    .described("At most 200 characters; no control characters (C0, DEL, C1, U+2028, U+2029).")),
            ])
        }
    }

    /// The body of login. Any strings: a malformed email is simply unknown (401).
    enum LoginBody: SchemaDescribed {
        static let schemaName = "Login"
        static var schema: JSONSchema { .object([.required("email", .string()), .required("password", .string())]) }
    }

    /// The body of `POST /api/v1/tokens`.
    enum TokenCreateBody: SchemaDescribed {
        static let schemaName = "TokenCreate"
        static var schema: JSONSchema {
            .object([
                .required("name", JSONSchema.string(pattern: APIDocumentation.TextPattern.trimmed(maxLength: AccountValidator.maxTokenNameLength))
                    .described("1–100 characters after trimming spaces; no control characters (C0, DEL, C1, U+2028, U+2029).")),
            ])
        }
    }

    static let registerDocumentation = OperationDocumentation(
        "Create an account", id: "register", tags: ["auth"], body: .json(RegisterBody.self),
        responses: [.json(.created, SessionResponse.self, "The account and a session."), APIDocumentation.badRequest,
                    APIDocumentation.errorResponse(.conflict, "The email has an account."), APIDocumentation.error.at(.unsupportedMediaType),
                    APIDocumentation.validation, APIDocumentation.tooManySignIns, APIDocumentation.error])

    @Sendable func register(_ request: HTTPRequest, _ context: AppContext) throws -> SessionResponse {
        let body = try JSONBody(request)
        let email = try body.required("email", expected: "a string", JSONRead.string)
        let password = try body.required("password", expected: "a string", JSONRead.string)
        let name = try body.optional("name", expected: "a string", JSONRead.string)
        // Checked before the costly hash; the store checks the email and name again.
        try AccountValidator.password(password)
        _ = try AccountValidator.name(name)
        _ = try AccountValidator.newAccountEmail(email)
        try signIn.admit(address: request.remoteAddress)
        let hash = try signIn.hash(for: request.remoteAddress) { [hasher] in hasher.hash(password) }
        let now = clock()
        let user = try store.createUser(email: email, name: name, passwordHash: hash, now: now)
        return try session(for: user, now: now, status: .created)
    }

    static let loginDocumentation = OperationDocumentation(
        "Sign in", id: "login", tags: ["auth"], body: .json(LoginBody.self),
        responses: [.json(.ok, SessionResponse.self, "A session."), APIDocumentation.badRequest, APIDocumentation.unauthorized,
                    APIDocumentation.error.at(.unsupportedMediaType), APIDocumentation.validation, APIDocumentation.tooManySignIns,
                    APIDocumentation.error])

    @Sendable func login(_ request: HTTPRequest, _ context: AppContext) throws -> SessionResponse {
        let body = try JSONBody(request)
        let email = try body.required("email", expected: "a string", JSONRead.string)
        let password = try body.required("password", expected: "a string", JSONRead.string)
        // An email registration would refuse is simply unknown (PostgreSQL cannot even compare
        // a NUL); the local user's placeholder email is not an address either.
        let plausible = (try? AccountValidator.email(email)) != nil
        try signIn.admit(address: request.remoteAddress)
        try signIn.admitLogin(email: email)
        let user = plausible ? try store.user(email: email) : nil
        // An unknown email costs the same hash as a wrong password, so timing tells nothing.
        let stored = user?.passwordHash ?? Self.decoyHash
        let matches = try signIn.hash(for: request.remoteAddress) { [hasher] in hasher.verify(password, against: stored) }
        guard matches, let user, user.passwordHash != nil else {
            signIn.recordFailedLogin(email: email)
            throw HTTPError.unauthorized("the email or the password is wrong")
        }
        return try session(for: user, now: clock(), status: .ok)
    }

    static let meDocumentation = OperationDocumentation(
        "The signed-in user", id: "getCurrentUser", tags: ["auth"],
        responses: [.json(.ok, UserResponse.self, "The user."), APIDocumentation.error])

    @Sendable func me(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> UserResponse {
        guard let user = try store.user(id: context.userID) else { throw StoreError.userNotFound }
        return UserResponse(user: user)
    }

    static let createTokenDocumentation = OperationDocumentation(
        "Create a personal access token", id: "createAccessToken", tags: ["tokens"],
        description: "Only a session may create tokens (a personal access token gets 403 session_required).",
        body: .json(TokenCreateBody.self),
        responses: [.json(.created, CreatedAccessTokenResponse.self, "The token with its secret, shown once."),
                    APIDocumentation.errorResponse(.forbidden, "The token sent is a personal access token (session_required).")]
            + APIDocumentation.bodyErrors + [APIDocumentation.error])

    @Sendable func createToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> CreatedAccessTokenResponse {
        guard context.sessionID != nil else { throw SessionController.sessionRequired("create tokens") }
        let name = try JSONBody(request).required("name", expected: "a string", JSONRead.string)
        let issued = try store.createAccessToken(userID: context.userID, name: name, now: clock())
        return CreatedAccessTokenResponse(token: issued.token, secret: issued.secret)
    }

    static let tokensDocumentation = OperationDocumentation(
        "Personal access tokens (without secrets)", id: "listAccessTokens", tags: ["tokens"],
        responses: [.json(.ok, AccessTokenListResponse.self, "The tokens."), APIDocumentation.error])

    @Sendable func tokens(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> AccessTokenListResponse {
        AccessTokenListResponse(tokens: try store.accessTokens(userID: context.userID))
    }

    static let revokeTokenDocumentation = OperationDocumentation(
        "Revoke a token at once", id: "revokeAccessToken", tags: ["tokens"],
        description: "Only a session may revoke tokens (a personal access token gets 403 session_required).",
        parameters: [.path("id", .string(), description: "The token's id.")],
        responses: [.init(.noContent, "Revoked."), APIDocumentation.errorResponse(.notFound, "No such token for this user."),
                    APIDocumentation.errorResponse(.forbidden, "The token sent is a personal access token (session_required)."),
                    APIDocumentation.error])

    @Sendable func revokeToken(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        guard context.sessionID != nil else { throw SessionController.sessionRequired("revoke tokens") }
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
