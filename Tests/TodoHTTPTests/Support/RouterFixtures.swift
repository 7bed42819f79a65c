import Foundation
import TodoHTTP

/// The context of the router tests: besides the protocol's fields, the names of the middleware
/// a request passed through, in order, so a handler can show them.
struct TestContext: RootRequestContext {
    var requestID = ""
    var parameters = RouteParameters()
    var passedThrough: [String] = []
}

/// A middleware that records its name in the context on the way in and adds it to the
/// response's `X-After` fields on the way out: the order of both shows how chains nest.
struct NamedMiddleware: Middleware {
    let name: String

    init(_ name: String) { self.name = name }

    func handle(_ request: HTTPRequest, context: TestContext,
                next: (HTTPRequest, TestContext) throws -> HTTPResponse) throws -> HTTPResponse {
        var context = context
        context.passedThrough.append(name)
        var response = try next(request, context)
        response.headers.add("X-After", name)
        return response
    }
}

/// A handler answering `text` with the middleware the request passed through:
/// `"show [auth]"`.
func answer(_ text: String) -> RouteHandler<TestContext> {
    { _, context in HTTPResponse(body: Array("\(text) \(context.passedThrough)".utf8)) }
}

extension RouterResponder {
    /// Shorthand for the tests: a request with no query and no body.
    func respond(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        respond(to: HTTPRequest(method: method, path: path, headers: headers))
    }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// `error.code` of a JSON error body, nil for any other body.
    var errorCode: String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    /// Every value of the field `name`, in order.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// A child context with a field its parent lacks, as an authenticated context has its user.
struct SignedInContext: RequestContext {
    var requestID: String
    var parameters: RouteParameters
    let user: String
    var passedThrough: [String]
}

/// Makes a `SignedInContext` for a request with an `X-User` header, refuses one without.
struct SignInMiddleware: ChildContextMiddleware {
    func handle(_ request: HTTPRequest, context: TestContext,
                next: (HTTPRequest, SignedInContext) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let user = request.headers["X-User"] else { throw HTTPError.unauthorized("send X-User") }
        return try next(request, SignedInContext(requestID: context.requestID, parameters: context.parameters, user: user,
                                                 passedThrough: context.passedThrough + ["sign-in"]))
    }
}

/// Records its name in a `SignedInContext`, as `NamedMiddleware` does in a `TestContext`.
struct SignedInNamedMiddleware: Middleware {
    let name: String

    func handle(_ request: HTTPRequest, context: SignedInContext,
                next: (HTTPRequest, SignedInContext) throws -> HTTPResponse) throws -> HTTPResponse {
        var context = context
        context.passedThrough.append(name)
        return try next(request, context)
    }
}
