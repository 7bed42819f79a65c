import Foundation
import TodoCore
import TodoHTTP

/// The request context of the backend: request id, route parameters and, behind
/// `AuthenticationMiddleware`, the user the request acts for.
public struct AppContext: RequestContext {
    public var requestID = ""
    public var parameters = RouteParameters()
    /// Set by `AuthenticationMiddleware`; nil on public routes.
    public var userID: UUID?
    /// The login session of the request's token; nil for a personal access token.
    public var sessionID: UUID?

    public init() {}

    /// The authenticated user; routes behind the middleware always have one.
    func requireUser() throws(HTTPError) -> UUID {
        guard let userID else { throw .unauthorized("sign in: send Authorization: Bearer TOKEN") }
        return userID
    }

    /// The `:name` route parameter as a UUID; a malformed id is a 404 like a missing one, since
    /// no resource can have it.
    func uuidParameter(_ name: String, resource: String) throws(HTTPError) -> UUID {
        guard let text = parameters[name], let id = UUID.parse(text) else {
            throw .notFound("\(resource) \(parameters[name] ?? "") not found")
        }
        return id
    }
}
