import Foundation
import TodoCore
import TodoHTTP

/// The request context of the routes behind `AuthenticationMiddleware`, which alone makes
/// one: the user is a value, not an optional each handler must check.
public struct AuthenticatedContext: RequestContext {
    public var requestID: String
    public var parameters: RouteParameters
    /// The user the request acts for.
    public let userID: UUID
    /// The login session of the request's token; nil for a personal access token.
    public let sessionID: UUID?

    init(_ context: AppContext, userID: UUID, sessionID: UUID?) {
        requestID = context.requestID
        parameters = context.parameters
        self.userID = userID
        self.sessionID = sessionID
    }
}
