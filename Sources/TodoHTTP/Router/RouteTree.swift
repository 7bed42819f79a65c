/// Routes by path segment: literal segments first, then a `:name` parameter. Built once,
/// read concurrently afterwards.
final class RouteTree<Context: RequestContext>: @unchecked Sendable {
    final class Node {
        var literals: [(segment: String, node: Node)] = []
        var parameter: (name: String, node: Node)?
        var handlers: [HTTPMethod: RouteHandler<Context>] = [:]
    }

    private let root = Node()

    func insert(_ method: HTTPMethod, path: String, handler: @escaping RouteHandler<Context>) {
        var node = root
        for segment in path.split(separator: "/") {
            if segment.first == ":" {
                let name = String(segment.dropFirst())
                if let parameter = node.parameter {
                    precondition(parameter.name == name, "route \(path): parameter :\(name) conflicts with :\(parameter.name)")
                    node = parameter.node
                } else {
                    let child = Node()
                    node.parameter = (name, child)
                    node = child
                }
            } else if let existing = node.literals.first(where: { $0.segment == segment }) {
                node = existing.node
            } else {
                let child = Node()
                node.literals.append((String(segment), child))
                node = child
            }
        }
        precondition(node.handlers[method] == nil, "route \(method) \(path) is declared twice")
        node.handlers[method] = handler
    }

    /// The handler for `method` on `path`; 404 when no route has the path, 405 (with `Allow`)
    /// when routes have it but not for this method.
    func handler(for method: HTTPMethod, path: String, parameters: inout RouteParameters) throws -> RouteHandler<Context> {
        var node = root
        for segment in path.split(separator: "/") {
            if let literal = node.literals.first(where: { $0.segment == segment }) {
                node = literal.node
            } else if let parameter = node.parameter {
                parameters.append(parameter.name, String(segment))
                node = parameter.node
            } else {
                throw HTTPError.notFound("no route for \(path)")
            }
        }
        if let handler = node.handlers[method] ?? (method == .head ? node.handlers[.get] : nil) {
            return handler
        }
        guard !node.handlers.isEmpty else { throw HTTPError.notFound("no route for \(path)") }
        let allowed = node.handlers.keys.map(\.rawValue).sorted().joined(separator: ", ")
        throw HTTPError(.methodNotAllowed, code: "method_not_allowed",
                        message: "\(method) is not allowed on \(path); allowed: \(allowed)", headers: ["Allow": allowed])
    }
}
