import Foundation

/// Routes by path segment. A segment is matched by a literal first, then by a `:name`
/// parameter (one segment), then by a trailing `*` wildcard (every remaining segment, at least
/// one). The first of these under which the whole path reaches a route owns the path, so a
/// literal that leads nowhere does not hide a parameter route (`/a/b/c` reaches `/a/:x/c`
/// despite `/a/b`). The owner answers every method: 405 when it lacks the one asked for, rather
/// than falling through to a less specific route. Built once, read concurrently afterwards.
final class RouteTree<Context: RequestContext>: @unchecked Sendable {
    final class Node {
        /// A level has a few literals, compared by length and then bytes with the path's own
        /// bytes: hashing each segment as a `Substring` (SipHash), after splitting the path into
        /// Substrings, was a tenth of a GET of one task's instructions (callgrind).
        var literals: [(segment: [UInt8], node: Node)] = []
        var parameter: (name: String, node: Node)?
        var wildcard: Node?
        var handlers: [HTTPMethod: RouteHandler<Context>] = [:]

        /// The literal child named `segment`, which is not empty (nor is any literal).
        func literal(_ segment: UnsafeBufferPointer<UInt8>) -> Node? {
            for literal in literals where literal.segment.count == segment.count {
                let same = literal.segment.withUnsafeBufferPointer { memcmp($0.baseAddress!, segment.baseAddress!, segment.count) == 0 }
                if same { return literal.node }
            }
            return nil
        }
    }

    private let root = Node()
    /// The nodes of routes without parameters or wildcards, by their path as written: the tree
    /// would reach the same node through literals first, and a health check or a listing is
    /// then one hash look-up instead of a walk (~1 µs of a 10 µs /healthz).
    private var literalPaths: [String: Node] = [:]

    func insert(_ method: HTTPMethod, path: String, handler: @escaping RouteHandler<Context>) {
        var node = root
        let segments = path.split(separator: "/")
        var isLiteral = true
        for (index, segment) in segments.enumerated() {
            if segment == "*" {
                isLiteral = false
                precondition(index == segments.count - 1, "route \(path): * must be the last segment")
                let child = node.wildcard ?? Node()
                node.wildcard = child
                node = child
            } else if segment.first == ":" {
                isLiteral = false
                let name = String(segment.dropFirst())
                if let parameter = node.parameter {
                    precondition(parameter.name == name, "route \(path): parameter :\(name) conflicts with :\(parameter.name)")
                    node = parameter.node
                } else {
                    let child = Node()
                    node.parameter = (name, child)
                    node = child
                }
            } else if let existing = Array(segment.utf8).withUnsafeBufferPointer(node.literal) {
                node = existing
            } else {
                let child = Node()
                node.literals.append((Array(segment.utf8), child))
                node = child
            }
        }
        precondition(node.handlers[method] == nil, "route \(method) \(path) is declared twice")
        node.handlers[method] = handler
        if isLiteral {
            literalPaths["/" + segments.joined(separator: "/")] = node
        }
    }

    /// The handler for `method` on `path`; 404 when no route has the path, 405 (with `Allow`)
    /// when routes have it but not for this method.
    func handler(for method: HTTPMethod, path: String, parameters: inout RouteParameters) throws -> RouteHandler<Context> {
        var path = path
        guard let node = literalPaths[path] ?? path.withUTF8({ owner(of: $0, from: 0, below: root, parameters: &parameters) }) else {
            throw HTTPError.notFound("no route for \(path)")
        }
        if let handler = node.handlers[method] ?? (method == .head ? node.handlers[.get] : nil) {
            return handler
        }
        // HEAD is answered wherever GET is (above), so it is allowed there too (RFC 9110 §9.3.2).
        var methods = Set(node.handlers.keys.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        let allowed = methods.sorted().joined(separator: ", ")
        throw HTTPError(.methodNotAllowed, code: "method_not_allowed",
                        message: "\(method) is not allowed on \(path); allowed: \(allowed)", headers: ["Allow": allowed])
    }

    /// The node with routes that owns the path's non-empty segments from byte `start` on, below
    /// `node`; nil when no route matches them. `parameters` gains the values captured on the
    /// way (and only those of the owner's path).
    private func owner(of path: UnsafeBufferPointer<UInt8>, from start: Int, below node: Node,
                       parameters: inout RouteParameters) -> Node? {
        let slash = UInt8(ascii: "/")
        var start = start
        while start < path.count, path[start] == slash { start += 1 }
        guard start < path.count else { return node.handlers.isEmpty ? nil : node }
        var end = start + 1
        while end < path.count, path[end] != slash { end += 1 }
        let segment = UnsafeBufferPointer(rebasing: path[start..<end])
        if let literal = node.literal(segment), let found = owner(of: path, from: end, below: literal, parameters: &parameters) {
            return found
        }
        if let parameter = node.parameter {
            let captured = parameters.count
            parameters.append(parameter.name, String(decoding: segment, as: UTF8.self))
            if let found = owner(of: path, from: end, below: parameter.node, parameters: &parameters) { return found }
            parameters.truncate(to: captured)
        }
        if let wildcard = node.wildcard {
            parameters.wildcard = UnsafeBufferPointer(rebasing: path[start...]).split(separator: slash)
                .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
            return wildcard
        }
        return nil
    }
}
