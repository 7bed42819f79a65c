/// A value a route's `:name` segment names, read typed with `parameters.require(name, as:)`
/// rather than parsed from a string in each handler.
public protocol RouteParameter {
    /// Throws the error the client gets for a segment that cannot be one: for an id, the 404 of
    /// an unknown id, since no resource can have it.
    init(routeParameter text: String) throws
}

extension RouteParameters {
    /// The `:name` segment's text. A route without that parameter is a mistake in the route
    /// table, answered as a server failure rather than as a client's.
    public func require(_ name: String) throws(HTTPError) -> String {
        guard let text = self[name] else {
            throw HTTPError(.internalServerError, code: "internal_error", message: "the route has no :\(name) parameter")
        }
        return text
    }

    /// The `:name` segment read as a `Value`; what its initializer throws reaches the client.
    public func require<Value: RouteParameter>(_ name: String, as type: Value.Type) throws -> Value {
        try Value(routeParameter: require(name))
    }
}
