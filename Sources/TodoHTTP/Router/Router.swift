/// Routes built from values, in the manner of Hummingbird:
///
///     let router = Router<AppContext>()
///     router.add(middleware: RequestIDMiddleware())
///     router.get("/healthz") { _, _ in .json(#"{"status":"healthy"}"#) }
///     let api = router.group("/api/v1").add(middleware: authentication)
///     api.get("/tasks/:id") { request, context in … }
///     router.get("/assets/*") { request, context in … }   // context.parameters.wildcard
///     let responder = router.buildResponder()
///
/// A `:name` segment matches any one segment, a trailing `*` the rest of the path; a literal
/// segment wins over both (`RouteTree` has the precedence rules). Middleware added to the
/// router wraps every request, including those no route matches; middleware added to a group
/// wraps that group's routes only, inside the router's.
public final class Router<Context: RequestContext> {
    struct Route {
        var method: HTTPMethod
        var path: String
        var handler: RouteHandler<Context>
    }

    private var routes: [Route] = []
    private var middlewares: [any Middleware<Context>] = []

    public init(context: Context.Type = Context.self) {}

    @discardableResult
    public func add(middleware: any Middleware<Context>) -> Router {
        middlewares.append(middleware)
        return self
    }

    /// A group of routes under `prefix`, sharing the middleware added to it.
    public func group(_ prefix: String = "") -> RouterGroup<Context> {
        RouterGroup(router: self, prefix: prefix, middlewares: [])
    }

    public func on(_ method: HTTPMethod, _ path: String, use handler: @escaping RouteHandler<Context>) {
        routes.append(Route(method: method, path: path, handler: handler))
    }

    public func get(_ path: String, use handler: @escaping RouteHandler<Context>) { on(.get, path, use: handler) }
    public func post(_ path: String, use handler: @escaping RouteHandler<Context>) { on(.post, path, use: handler) }
    public func patch(_ path: String, use handler: @escaping RouteHandler<Context>) { on(.patch, path, use: handler) }
    public func put(_ path: String, use handler: @escaping RouteHandler<Context>) { on(.put, path, use: handler) }
    public func delete(_ path: String, use handler: @escaping RouteHandler<Context>) { on(.delete, path, use: handler) }

    /// Every route as "METHOD /path" (`:name` and `*` segments as declared), for documentation checks.
    public var routeDescriptions: [String] { routes.map { "\($0.method) \($0.path)" } }

    /// The immutable responder the server runs. Later changes to the router do not affect it.
    public func buildResponder() -> RouterResponder<Context> {
        let tree = RouteTree<Context>()
        for route in routes { tree.insert(route.method, path: route.path, handler: route.handler) }
        let dispatch: RouteHandler<Context> = { request, context in
            var context = context
            let handler = try tree.handler(for: request.method, path: request.path, parameters: &context.parameters)
            return try handler(request, context)
        }
        return RouterResponder(handler: middlewares.wrapping(dispatch))
    }
}

/// Routes sharing a path prefix and middleware.
public struct RouterGroup<Context: RequestContext> {
    let router: Router<Context>
    let prefix: String
    let middlewares: [any Middleware<Context>]

    /// A copy of this group whose routes added from now on also pass through `middleware`.
    public func add(middleware: any Middleware<Context>) -> RouterGroup {
        RouterGroup(router: router, prefix: prefix, middlewares: middlewares + [middleware])
    }

    public func group(_ path: String) -> RouterGroup {
        RouterGroup(router: router, prefix: Self.join(prefix, path), middlewares: middlewares)
    }

    public func on(_ method: HTTPMethod, _ path: String, use handler: @escaping RouteHandler<Context>) {
        router.on(method, Self.join(prefix, path), use: middlewares.wrapping(handler))
    }

    public func get(_ path: String = "", use handler: @escaping RouteHandler<Context>) { on(.get, path, use: handler) }
    public func post(_ path: String = "", use handler: @escaping RouteHandler<Context>) { on(.post, path, use: handler) }
    public func patch(_ path: String = "", use handler: @escaping RouteHandler<Context>) { on(.patch, path, use: handler) }
    public func put(_ path: String = "", use handler: @escaping RouteHandler<Context>) { on(.put, path, use: handler) }
    public func delete(_ path: String = "", use handler: @escaping RouteHandler<Context>) { on(.delete, path, use: handler) }

    static func join(_ a: String, _ b: String) -> String {
        "/" + (a.split(separator: "/") + b.split(separator: "/")).joined(separator: "/")
    }
}

/// The built router: answers every request, turning anything thrown into a response.
public struct RouterResponder<Context: RequestContext>: HTTPResponder {
    let handler: RouteHandler<Context>

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        do {
            return try handler(request, Context())
        } catch let error as any HTTPResponseError {
            return error.response
        } catch {
            return HTTPError(.internalServerError, code: "internal_error", message: "the server failed to answer").response
        }
    }
}
