/// A step that hands the rest of the chain a context of another type, made from the one it
/// gets: it authenticates, say, and gives its routes a context whose user is not optional.
/// Added with `RouterGroup.group(context:)`; the routes of that group take the child context.
public protocol ChildContextMiddleware<ParentContext, ChildContext>: Sendable {
    associatedtype ParentContext: RequestContext
    associatedtype ChildContext: RequestContext
    func handle(_ request: HTTPRequest, context: ParentContext,
                next: (HTTPRequest, ChildContext) throws -> HTTPResponse) throws -> HTTPResponse
    /// Adds what this middleware does to the documentation of each route of its group: an
    /// authentication middleware adds its security scheme and its 401, so a route is documented
    /// as protected exactly when it is.
    func document(_ operation: inout OperationDocumentation)
}

extension ChildContextMiddleware {
    public func document(_ operation: inout OperationDocumentation) {}
}
