/// A step around a handler: it may change the request or context, answer by itself, or change
/// the response of `next`. Chains are composed once when the responder is built.
public protocol Middleware<Context>: Sendable {
    associatedtype Context: RequestContext
    func handle(_ request: HTTPRequest, context: Context,
                next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse
}

extension Array {
    /// `handler` wrapped by these middlewares, the first outermost.
    func wrapping<Context: RequestContext>(_ handler: @escaping RouteHandler<Context>) -> RouteHandler<Context>
    where Element == any Middleware<Context> {
        reversed().reduce(handler) { next, middleware in
            { request, context in try middleware.handle(request, context: context, next: next) }
        }
    }
}
