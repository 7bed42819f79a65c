/// Routes sharing a path prefix, middleware and a context type.
public struct RouterGroup<Context: RequestContext> {
    /// Adds a route below the enclosing group: the router's own `add` for a group of the router,
    /// the parent group's `add` (which prepends its prefix and wraps its middleware) for a
    /// child-context group.
    let register: (HTTPMethod, String, OperationDocumentation?, @escaping RouteHandler<Context>) -> Void
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
    /// that has the user, so their handlers cannot run without one. The routes' documentation
    /// gets what the middleware adds (`ChildContextMiddleware.document(_:)`).
    public func group<Child: ChildContextMiddleware>(_ path: String = "", context middleware: Child) -> RouterGroup<Child.ChildContext>
    where Child.ParentContext == Context {
        let parent = self
        return RouterGroup<Child.ChildContext>(register: { method, path, documentation, handler in
            let documentation = documentation.map { operation in
                var operation = operation
                middleware.document(&operation)
                return operation
            }
            parent.add(method, path, documentation) { request, context in try middleware.handle(request, context: context, next: handler) }
        }, prefix: Self.join("", path), middlewares: [])
    }

    /// Adds a route whose handler already returns the response: below the enclosing group,
    /// inside this group's middleware.
    @usableFromInline func add(_ method: HTTPMethod, _ path: String, _ documentation: OperationDocumentation?,
                               _ handler: @escaping RouteHandler<Context>) {
        register(method, Self.join(prefix, path), documentation, middlewares.wrapping(handler))
    }

    // Inlinable so that the wrapper is specialised for each handler's type: no generic
    // dispatch per request.
    // `documentation` is what /openapi.json says of the route (OperationDocumentation).
    @inlinable public func on<Output: ResponseGenerator>(_ method: HTTPMethod, _ path: String, documentation: OperationDocumentation? = nil,
                                              use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        add(method, path, documentation, { request, context in try handler(request, context).response() })
    }

    public func get<Output: ResponseGenerator>(_ path: String = "", documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.get, path, documentation: documentation, use: handler)
    }

    public func post<Output: ResponseGenerator>(_ path: String = "", documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.post, path, documentation: documentation, use: handler)
    }

    public func patch<Output: ResponseGenerator>(_ path: String = "", documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.patch, path, documentation: documentation, use: handler)
    }

    public func put<Output: ResponseGenerator>(_ path: String = "", documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.put, path, documentation: documentation, use: handler)
    }

    public func delete<Output: ResponseGenerator>(_ path: String = "", documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.delete, path, documentation: documentation, use: handler)
    }

    static func join(_ a: String, _ b: String) -> String {
        "/" + (a.split(separator: "/") + b.split(separator: "/")).joined(separator: "/")
    }
}
