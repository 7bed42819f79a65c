/// A route as the router holds it, without its handler: what the OpenAPI document and the
/// checks that every route is documented read.
public struct RouteDeclaration: Sendable {
    public var method: HTTPMethod
    /// As registered: `:name` segments and a trailing `*`.
    public var path: String
    public var documentation: OperationDocumentation?

    public init(method: HTTPMethod, path: String, documentation: OperationDocumentation?) {
        self.method = method
        self.path = path
        self.documentation = documentation
    }

    /// The path as OpenAPI writes it: `/tasks/{id}` for `/tasks/:id`, `{path}` for a `*`.
    public var pathTemplate: String {
        "/" + path.split(separator: "/").map { segment in
            if segment == "*" { return "{path}" }
            return segment.first == ":" ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    /// The names of the path's parameters, in order (`path` for a `*`).
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            if segment == "*" { return "path" }
            return segment.first == ":" ? String(segment.dropFirst()) : nil
        }
    }
}
