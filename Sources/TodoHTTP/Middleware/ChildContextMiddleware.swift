/// A step that hands the rest of the chain a context of another type, made from the one it
/// gets: it authenticates, say, and gives its routes a context whose user is not optional.
/// Added with `RouterGroup.group(context:)`; the routes of that group take the child context.
public protocol ChildContextMiddleware<ParentContext, ChildContext>: Sendable {
    associatedtype ParentContext: RequestContext
    associatedtype ChildContext: RequestContext
    func handle(_ request: HTTPRequest, context: ParentContext,
                next: (HTTPRequest, ChildContext) throws -> HTTPResponse) throws -> HTTPResponse
}
