import Foundation
import TodoCore
import TodoHTTP

/// The request context of the backend's public routes: request id and route parameters.
/// Routes behind authentication get an `AuthenticatedContext` instead.
public struct AppContext: RootRequestContext {
    public var requestID = ""
    public var parameters = RouteParameters()

    public init() {}
}
