/// Routes sharing a path prefix, middleware and a context type.
public struct RouterGroup<Context: RequestContext> {
    /// Adds a route below the enclosing group: the router's own `on` for a group of the router,
    /// the parent group's `on` (which prepends its prefix and wraps its middleware) for a
    /// child-context group.
    let register: (HTTPMethod, String, @escaping RouteHandler<Context>) -> Void
    let prefix: String
    let middlewares: [any Middleware<Context>]

    /// A copy of this group whose routes added from now on also pass through `middleware`.
    public func add(middleware: any Middleware<Context>) -> RouterGroup {
        RouterGroup(register: register, prefix: prefix, middlewares: middlewares + [middleware])
    }

    public func group(_ path: String) -> RouterGroup {
        RouterGroup(register: register, prefix: Self.join(prefix, path), middlewares: middlewares)
    }

    /// A group under `path` whose routes get the context `middleware` makes from this group's,
    /// after this group's middleware: an authentication middleware gives its routes a context
    /// that has the user, so their handlers cannot run without one.
    public func group<Child: ChildContextMiddleware>(_ path: String = "", context middleware: Child) -> RouterGroup<Child.ChildContext>
    where Child.ParentContext == Context {
        let parent = self
        return RouterGroup<Child.ChildContext>(register: { method, path, handler in
            parent.on(method, path) { request, context in try middleware.handle(request, context: context, next: handler) }
        }, prefix: Self.join("", path), middlewares: [])
    }

    public func on(_ method: HTTPMethod, _ path: String, use handler: @escaping RouteHandler<Context>) {
        register(method, Self.join(prefix, path), middlewares.wrapping(handler))
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
