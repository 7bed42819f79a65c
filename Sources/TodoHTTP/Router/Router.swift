/// Routes built from values, in the manner of Hummingbird:
///
///     let router = Router<AppContext>()
///     router.add(middleware: RequestIDMiddleware())
///     router.get("/healthz") { _, _ in HTTPResponse.json(#"{"status":"healthy"}"#) }
///     let api = router.group("/api/v1")
///     let authenticated = api.group(context: authentication)   // a RouterGroup<UserContext>
///     authenticated.get("/tasks/:id", documentation: show) { request, context in … }  // context.userID
///     router.get("/assets/*") { request, context in … }   // context.parameters.wildcard
///     let responder = router.buildResponder()
///
/// A `:name` segment matches any one segment, a trailing `*` the rest of the path; a literal
/// segment wins over both (`RouteTree` has the precedence rules). Middleware added to the
/// router wraps every request, including those no route matches; middleware added to a group
/// wraps that group's routes only, inside the router's; a child-context middleware
/// (`RouterGroup.group(context:)`) hands the routes of its group a context of another type.
/// A route's `OperationDocumentation` is kept with it (`declarations`): `OpenAPIDocument` is
/// generated from them.
public final class Router<Context: RootRequestContext> {
    struct Route {
        var method: HTTPMethod
        var path: String
        var documentation: OperationDocumentation?
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
        RouterGroup(register: add, prefix: prefix, middlewares: [])
    }

    /// Adds a route whose handler already returns the response.
    @usableFromInline func add(_ method: HTTPMethod, _ path: String, _ documentation: OperationDocumentation?,
                               _ handler: @escaping RouteHandler<Context>) {
        routes.append(Route(method: method, path: path, documentation: documentation, handler: handler))
    }

    // Inlinable so that the wrapper is specialised for each handler's type: no generic
    // dispatch per request.
    // `documentation` is what /openapi.json says of the route (OperationDocumentation).
    @inlinable public func on<Output: ResponseGenerator>(_ method: HTTPMethod, _ path: String, documentation: OperationDocumentation? = nil,
                                              use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        add(method, path, documentation, { request, context in try handler(request, context).response() })
    }

    public func get<Output: ResponseGenerator>(_ path: String, documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.get, path, documentation: documentation, use: handler)
    }

    public func post<Output: ResponseGenerator>(_ path: String, documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.post, path, documentation: documentation, use: handler)
    }

    public func patch<Output: ResponseGenerator>(_ path: String, documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.patch, path, documentation: documentation, use: handler)
    }

    public func put<Output: ResponseGenerator>(_ path: String, documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.put, path, documentation: documentation, use: handler)
    }

    public func delete<Output: ResponseGenerator>(_ path: String, documentation: OperationDocumentation? = nil,
                                                use handler: @escaping @Sendable (HTTPRequest, Context) throws -> Output) {
        on(.delete, path, documentation: documentation, use: handler)
    }

    /// Every route with its documentation, in the order they were added: what `OpenAPIDocument`
    /// is generated from.
    public var declarations: [RouteDeclaration] {
        routes.map { RouteDeclaration(method: $0.method, path: $0.path, documentation: $0.documentation) }
    }

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

/// The built router: answers every request, turning anything thrown into a response.
public struct RouterResponder<Context: RootRequestContext>: HTTPResponder {
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
