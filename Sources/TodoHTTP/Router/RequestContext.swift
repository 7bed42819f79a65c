/// What a handler knows about its request beyond the request itself. Each application
/// declares its own context types instead of a dictionary of loose values: one the router
/// starts every request with (`RootRequestContext`), and more that middleware derive from it
/// for a group of routes (`ChildContextMiddleware`), such as one that has the authenticated user.
public protocol RequestContext: Sendable {
    /// Set by `RequestIDMiddleware`; echoed in the `X-Request-Id` response header and the log.
    var requestID: String { get set }
    /// The values of the matched route's `:name` segments and of its trailing `*`.
    var parameters: RouteParameters { get set }
}

/// The context the router creates for every request, before any middleware runs.
public protocol RootRequestContext: RequestContext {
    init()
}

/// The path parameters of the matched route.
public struct RouteParameters: Sendable {
    private var values: [HTTPField] = []
    /// What a route's trailing `*` matched: the remaining path segments joined by `/` (empty
    /// segments dropped), nil for a route without one. It may hold `..` segments: a handler
    /// that maps it onto files must refuse them.
    public internal(set) var wildcard: String?

    public init() {}

    public subscript(name: String) -> String? {
        values.first { $0.name == name }?.value
    }

    var count: Int { values.count }

    mutating func append(_ name: String, _ value: String) {
        values.append(HTTPField(name: name, value: value))
    }

    /// Forgets the values captured after the first `count` (a route that did not match after all).
    mutating func truncate(to count: Int) {
        values.removeLast(values.count - count)
    }
}

/// A handler: the last step of a route, as the router runs it. Routes are declared with
/// handlers that return any `ResponseGenerator`; the router makes them return the response.
public typealias RouteHandler<Context: RequestContext> = @Sendable (HTTPRequest, Context) throws -> HTTPResponse

/// Anything that answers requests; what the server calls.
public protocol HTTPResponder: Sendable {
    /// Never throws: every failure has become a response.
    func respond(to request: HTTPRequest) -> HTTPResponse
}
