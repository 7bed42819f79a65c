/// The application's side of one WebSocket connection, chosen by a `ws` route's handler when it
/// accepts the upgrade. Its methods run on the server's WebSocket loop thread, one connection's
/// calls in order: they must return quickly (hand slow work to another thread) and may send.
public protocol WebSocketSession: AnyObject, Sendable {
    /// The handshake is done: the connection can send.
    func opened(_ connection: WebSocketConnection)
    func received(_ message: WebSocketMessage, on connection: WebSocketConnection)
    /// The connection is gone: `code` is the peer's close code, ours, or 1006 when it just vanished.
    /// Called once; sends are refused from then on.
    func closed(_ connection: WebSocketConnection, code: WebSocketCloseCode)
}

extension WebSocketSession {
    public func opened(_ connection: WebSocketConnection) {}
    public func closed(_ connection: WebSocketConnection, code: WebSocketCloseCode) {}
}

extension Router {
    /// A WebSocket endpoint, in the manner of Hummingbird's `router.ws`: `handler` sees the
    /// upgrade request once its handshake is valid (426/400 otherwise) and either returns the
    /// session that will own the connection or throws to refuse it with an HTTP error.
    public func ws(_ path: String, documentation: OperationDocumentation? = nil,
                   use handler: @escaping @Sendable (HTTPRequest, Context) throws -> any WebSocketSession) {
        add(.get, path, documentation, WebSocketUpgrade.handler(handler))
    }
}

extension RouterGroup {
    /// See `Router.ws(_:documentation:use:)`.
    public func ws(_ path: String = "", documentation: OperationDocumentation? = nil,
                   use handler: @escaping @Sendable (HTTPRequest, Context) throws -> any WebSocketSession) {
        add(.get, path, documentation, WebSocketUpgrade.handler(handler))
    }
}

enum WebSocketUpgrade {
    static func handler<Context>(_ accept: @escaping @Sendable (HTTPRequest, Context) throws -> any WebSocketSession) -> RouteHandler<Context> {
        { request, context in
            let headers = try WebSocketHandshake.responseHeaders(for: request)
            let session = try accept(request, context)
            var response = HTTPResponse(status: .switchingProtocols, headers: headers)
            response.takeover = .webSocket(session)
            return response
        }
    }
}
