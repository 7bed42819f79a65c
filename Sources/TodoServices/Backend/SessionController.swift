import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// Ending sessions before they expire: logout ends the session of the token sent; a password
/// change ends every other session of the user (DESIGN §6 "Auth").
struct SessionController: Sendable {
    let store: any AccountRepository
    let authenticator: Authenticator
    let hasher: PasswordHasher
    /// A wrong current password counts as a failed sign-in: a stolen token must not let its
    /// holder guess the password faster than a login could.
    let signIn: SignInThrottle

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("/auth/logout", documentation: Self.logoutDocumentation, use: logout)
        group.post("/auth/password", documentation: Self.changePasswordDocumentation, use: changePassword)
    }

    static let logoutDocumentation = OperationDocumentation(
        "Sign out: end the session of the token sent", id: "logout", tags: ["auth"],
        description: "The session token stops working at once on this server, and on every replica within 10 seconds. A personal access token is not a session: revoke it with DELETE /api/v1/tokens/{id}.",
        responses: [.init(.noContent, "The session has ended."),
                    APIDocumentation.errorResponse(.badRequest, "The token is a personal access token, not a session (not_a_session)."),
                    APIDocumentation.error])

    @Sendable func logout(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let user = context.userID
        guard let session = context.sessionID else {
            throw HTTPError.badRequest(
                "this is a personal access token, not a session; revoke it with DELETE /api/v1/tokens/{id}", code: "not_a_session")
        }
        _ = try store.endSession(id: session, userID: user)
        authenticator.sessions.forget(session)
        return .noContent
    }

    /// The body of a password change.
    enum PasswordChangeBody: SchemaDescribed {
        static let schemaName = "PasswordChange"
        static var schema: JSONSchema {
            .object([
                .required("current_password", .string()),
                .required("new_password", JSONSchema.string(minLength: AccountValidator.minPasswordLength).described("At least 8 characters.")),
            ])
        }
    }

    static let changePasswordDocumentation = OperationDocumentation(
        "Change the password; every other session ends", id: "changePassword", tags: ["auth"],
        description: "The session of the token sent stays; every other session of the user ends. Personal access tokens stay valid. Only a session may change the password (not a personal access token); wrong current passwords count against the sign-in limits (429 with Retry-After).",
        body: .json(PasswordChangeBody.self),
        responses: [.init(.noContent, "The password is changed."), APIDocumentation.badRequest,
                    APIDocumentation.errorResponse(.forbidden, "The current password is wrong (wrong_password), or the token is a personal access token (session_required)."),
                    APIDocumentation.error.at(.unsupportedMediaType), APIDocumentation.validation, APIDocumentation.tooManySignIns,
                    APIDocumentation.error])

    @Sendable func changePassword(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let userID = context.userID
        guard context.sessionID != nil else { throw Self.sessionRequired("change the password") }
        let body = try JSONBody(request)
        let current = try body.required("current_password", expected: "a string", JSONRead.string)
        let new = try body.required("new_password", expected: "a string", JSONRead.string)
        try AccountValidator.password(new, field: "new_password")
        guard new != current else { throw HTTPError.validation(field: "new_password", "new_password must differ from the current password") }
        guard let user = try store.user(id: userID) else { throw StoreError.userNotFound }
        try signIn.admit(address: request.remoteAddress)
        try signIn.admitLogin(email: user.email)
        let stored = user.passwordHash
        let matches = try signIn.hash(for: request.remoteAddress) { [hasher] in stored.map { hasher.verify(current, against: $0) } ?? false }
        guard matches else {
            signIn.recordFailedLogin(email: user.email)
            throw HTTPError(.forbidden, code: "wrong_password", message: "the current password is wrong")
        }
        try store.changePassword(userID: userID, passwordHash: hasher.hash(new), keepingSession: context.sessionID)
        authenticator.sessions.forgetSessions(of: userID, except: context.sessionID)
        return .noContent
    }

    /// What a personal access token may not do: manage the account's credentials. A token
    /// handed to an MCP client or a script must not outlive its revocation by minting others,
    /// nor lock its owner out.
    static func sessionRequired(_ action: String) -> HTTPError {
        HTTPError(.forbidden, code: "session_required",
                  message: "a personal access token cannot \(action); sign in (todo login, or POST /api/v1/auth/login) and use the session's token")
    }
}
