/// The OpenAPI 3.1 document of a router, generated from the `OperationDocumentation` each
/// route was registered with: paths in the order the routes were added, the named schemas,
/// parameters, responses and security schemes they use listed once under `components` (by
/// name), so the same routes always give the same bytes.
public struct OpenAPIDocument: Sendable {
    public struct Info: Sendable {
        public var title: String
        public var version: String
        public var description: String

        public init(title: String, version: String, description: String) {
            self.title = title
            self.version = version
            self.description = description
        }
    }

    public let json: OrderedJSON

    /// The document of the documented `routes` (`problems(in:)` names those that are not).
    public init(info: Info, routes: [RouteDeclaration]) {
        var components = Components()
        var paths: [OrderedJSON.Member] = []
        for route in routes {
            guard let documentation = route.documentation else { continue }
            let operation = OrderedJSON.Member(route.method.rawValue.lowercased(), components.operation(documentation))
            if let index = paths.firstIndex(where: { $0.key == route.pathTemplate }), case .object(var operations) = paths[index].value {
                operations.append(operation)
                paths[index].value = .object(operations)
            } else {
                paths.append(.init(route.pathTemplate, .object([operation])))
            }
        }
        json = .object([
            .init("openapi", "3.1.0"),
            .init("info", .object([.init("title", .string(info.title)), .init("version", .string(info.version)),
                                   .init("description", .string(info.description))])),
            .init("servers", .array([.object([.init("url", "/")])])),
            .init("paths", .object(paths)),
            .init("components", components.json),
        ])
    }

    public var bytes: [UInt8] { json.prettyPrinted }

    /// Why `routes` cannot be documented truthfully, one line a route: no documentation, a path
    /// parameter not declared (or declared but not in the path), an operation id used twice.
    /// Empty when every route is documented.
    public static func problems(in routes: [RouteDeclaration]) -> [String] {
        var problems: [String] = []
        var operationIDs: Set<String> = []
        for route in routes {
            let name = "\(route.method) \(route.path)"
            guard let documentation = route.documentation else {
                problems.append("\(name) has no documentation")
                continue
            }
            let inPath = route.pathParameterNames
            let declared = documentation.parameters.filter { $0.location == .path }.map(\.name)
            for missing in inPath where !declared.contains(missing) {
                problems.append("\(name): path parameter \(missing) is not declared")
            }
            for extra in declared where !inPath.contains(extra) {
                problems.append("\(name): path parameter \(extra) is declared but not in the path")
            }
            if !operationIDs.insert(documentation.operationID).inserted {
                problems.append("\(name): operation id \(documentation.operationID) is used twice")
            }
            if documentation.responses.isEmpty { problems.append("\(name) declares no response") }
        }
        return problems
    }
}

/// The named parts of the document, gathered while the operations are written.
private struct Components {
    var schemas: [String: JSONSchema] = [:]
    var parameters: [String: OrderedJSON] = [:]
    var responses: [String: OrderedJSON] = [:]
    var securitySchemes: [String: OrderedJSON] = [:]

    var json: OrderedJSON {
        func sorted(_ entries: [String: OrderedJSON]) -> OrderedJSON {
            .object(entries.keys.sorted().map { .init($0, entries[$0]!) })
        }
        var members = [OrderedJSON.Member("schemas", sorted(schemas.mapValues(\.json)))]
        if !parameters.isEmpty { members.append(.init("parameters", sorted(parameters))) }
        if !responses.isEmpty { members.append(.init("responses", sorted(responses))) }
        if !securitySchemes.isEmpty { members.append(.init("securitySchemes", sorted(securitySchemes))) }
        return .object(members)
    }

    mutating func operation(_ documentation: OperationDocumentation) -> OrderedJSON {
        var members: [OrderedJSON.Member] = [.init("summary", .string(documentation.summary))]
        if let description = documentation.description { members.append(.init("description", .string(description))) }
        members.append(.init("operationId", .string(documentation.operationID)))
        if !documentation.tags.isEmpty { members.append(.init("tags", .array(documentation.tags.map(OrderedJSON.string)))) }
        if !documentation.security.isEmpty {
            for scheme in documentation.security { add(scheme.json, named: scheme.name, to: \.securitySchemes) }
            members.append(.init("security", .array(documentation.security.map { .object([.init($0.name, .array([]))]) })))
        }
        if !documentation.parameters.isEmpty {
            members.append(.init("parameters", .array(documentation.parameters.map { parameter($0) })))
        }
        if let body = documentation.requestBody {
            members.append(.init("requestBody", .object([
                .init("required", true),
                .init("content", .object(body.contents.map { .init($0.contentType, .object([.init("schema", schema($0.schema))])) })),
            ])))
        }
        members.append(.init("responses", .object(documentation.responses.map { .init($0.status, response($0)) })))
        return .object(members)
    }

    private mutating func parameter(_ parameter: OperationDocumentation.Parameter) -> OrderedJSON {
        var members: [OrderedJSON.Member] = [
            .init("name", .string(parameter.name)), .init("in", .string(parameter.location.rawValue)),
            .init("required", .bool(parameter.isRequired)),
        ]
        if let description = parameter.description { members.append(.init("description", .string(description))) }
        // A repeated query parameter: ?tag=a&tag=b.
        if parameter.location == .query, parameter.schema.json["type"] == "array" {
            members.append(contentsOf: [.init("style", "form"), .init("explode", true)])
        }
        members.append(.init("schema", schema(parameter.schema)))
        return named(.object(members), parameter.componentName, in: \.parameters, kind: "parameters")
    }

    private mutating func response(_ response: OperationDocumentation.Response) -> OrderedJSON {
        var members: [OrderedJSON.Member] = [.init("description", .string(response.description))]
        if !response.headers.isEmpty {
            members.append(.init("headers", .object(response.headers.map { header in
                var fields: [OrderedJSON.Member] = []
                if let description = header.description { fields.append(.init("description", .string(description))) }
                fields.append(.init("schema", schema(header.schema)))
                return .init(header.name, .object(fields))
            })))
        }
        if let contentType = response.contentType {
            let body = response.schema.map { schema($0) } ?? .object([])
            members.append(.init("content", .object([.init(contentType, .object([.init("schema", body)]))])))
        }
        return named(.object(members), response.componentName, in: \.responses, kind: "responses")
    }

    /// The schema's JSON, its named schemas listed under `components/schemas`.
    private mutating func schema(_ schema: JSONSchema) -> OrderedJSON {
        JSONSchema.merge(schema.components, into: &schemas)
        return schema.json
    }

    /// `json` itself, or a `$ref` to it under `components/<kind>/<name>` when it has a name.
    private mutating func named(_ json: OrderedJSON, _ name: String?, in keyPath: WritableKeyPath<Components, [String: OrderedJSON]>,
                                kind: String) -> OrderedJSON {
        guard let name else { return json }
        add(json, named: name, to: keyPath)
        return .object([.init("$ref", .string("#/components/\(kind)/\(name)"))])
    }

    private mutating func add(_ json: OrderedJSON, named name: String, to keyPath: WritableKeyPath<Components, [String: OrderedJSON]>) {
        if let existing = self[keyPath: keyPath][name] {
            precondition(existing == json, "two different components are named \(name)")
        } else {
            self[keyPath: keyPath][name] = json
        }
    }
}
