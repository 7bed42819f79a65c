/// What a handler returns: a value that becomes the response. Handlers return their result (a
/// task, a page of tasks) and the router makes the response, instead of each writing its own.
public protocol ResponseGenerator: Sendable {
    func response() -> HTTPResponse
}

extension HTTPResponse: ResponseGenerator {
    /// A handler that needs full control (a probe, `204 No Content`) returns the response itself.
    public func response() -> HTTPResponse { self }
}
