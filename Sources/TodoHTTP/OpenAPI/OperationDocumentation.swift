/// What one route does, declared beside its handler and registered with it
/// (`group.get("/tasks/:id", documentation: Self.showDocumentation, use: show)`): the OpenAPI
/// operation `OpenAPIDocument` writes for the route.
public struct OperationDocumentation: Sendable, Equatable {
    public var summary: String
    /// Unique across the API: clients generated from the document name their methods by it.
    public var operationID: String
    public var description: String?
    public var tags: [String]
    public var parameters: [Parameter]
    public var requestBody: RequestBody?
    public var responses: [Response]
    /// The schemes of which a request needs one. Not declared by the route: the group's
    /// authentication middleware adds it (`ChildContextMiddleware.document(_:)`), so a route
    /// is documented as protected exactly when it is.
    public var security: [SecurityScheme] = []

    /// Adds `response` before the `default` one (a middleware's 401, say), keeping the list in
    /// the order statuses are usually read.
    public mutating func add(_ response: Response) {
        responses.insert(response, at: responses.firstIndex { $0.status == "default" } ?? responses.endIndex)
    }

    public init(_ summary: String, id operationID: String, tags: [String] = [], description: String? = nil,
                parameters: [Parameter] = [], body requestBody: RequestBody? = nil, responses: [Response]) {
        self.summary = summary
        self.operationID = operationID
        self.description = description
        self.tags = tags
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
    }

    /// A path, query or header parameter.
    public struct Parameter: Sendable, Equatable {
        public enum Location: String, Sendable { case path, query, header }

        public var name: String
        public var location: Location
        public var isRequired: Bool
        public var description: String?
        public var schema: JSONSchema
        /// When set, the parameter is listed once under `components/parameters` by this name.
        public var componentName: String?

        /// A `:name` segment of the route's path (always required).
        public static func path(_ name: String, _ schema: JSONSchema, description: String? = nil) -> Parameter {
            Parameter(name: name, location: .path, isRequired: true, description: description, schema: schema)
        }

        /// A query parameter; an array schema means the parameter may be repeated (`?tag=a&tag=b`).
        public static func query(_ name: String, _ schema: JSONSchema, required: Bool = false, description: String? = nil) -> Parameter {
            Parameter(name: name, location: .query, isRequired: required, description: description, schema: schema)
        }

        public static func header(_ name: String, _ schema: JSONSchema, required: Bool = false, description: String? = nil) -> Parameter {
            Parameter(name: name, location: .header, isRequired: required, description: description, schema: schema)
        }

        /// The same parameter, listed once under `components/parameters` as `name`.
        public func component(_ name: String) -> Parameter {
            var copy = self
            copy.componentName = name
            return copy
        }
    }

    /// The body a request sends.
    public struct RequestBody: Sendable, Equatable {
        /// One media type the operation takes, with the shape of its body.
        public struct Content: Sendable, Equatable {
            public var contentType: String
            public var schema: JSONSchema

            public init(_ contentType: String, _ schema: JSONSchema) {
                self.contentType = contentType
                self.schema = schema
            }
        }

        /// In the order the document lists them; the first is the usual one.
        public var contents: [Content]

        public init(contentType: String, schema: JSONSchema) {
            contents = [Content(contentType, schema)]
        }

        /// A body the operation takes in any of several media types.
        public init(_ contents: [Content]) {
            self.contents = contents
        }

        /// A JSON body of `type`'s shape.
        public static func json<Body: SchemaDescribed>(_ type: Body.Type) -> RequestBody {
            RequestBody(contentType: "application/json", schema: .reference(to: type))
        }
    }

    /// One answer of the operation.
    public struct Response: Sendable, Equatable {
        /// "200", "404", … or "default" (any other status).
        public var status: String
        public var description: String
        public var contentType: String?
        public var schema: JSONSchema?
        public var headers: [Header]
        /// When set, the response is listed once under `components/responses` by this name.
        public var componentName: String?

        public init(_ status: HTTPStatus, _ description: String, contentType: String? = nil, schema: JSONSchema? = nil, headers: [Header] = []) {
            self.init(status: String(status.code), description: description, contentType: contentType, schema: schema, headers: headers)
        }

        init(status: String, description: String, contentType: String?, schema: JSONSchema?, headers: [Header]) {
            self.status = status
            self.description = description
            self.contentType = schema == nil ? contentType : contentType ?? "application/json"
            self.schema = schema
            self.headers = headers
        }

        /// A JSON document of `type`'s shape.
        public static func json<Body: SchemaDescribed>(_ status: HTTPStatus, _ type: Body.Type, _ description: String,
                                                        headers: [Header] = []) -> Response {
            Response(status, description, schema: .reference(to: type), headers: headers)
        }

        /// The answer for every status the operation does not list.
        public static func otherwise(_ description: String, schema: JSONSchema) -> Response {
            Response(status: "default", description: description, contentType: nil, schema: schema, headers: [])
        }

        /// The same response, listed once under `components/responses` as `name`.
        public func component(_ name: String) -> Response {
            var copy = self
            copy.componentName = name
            return copy
        }

        /// The same response under another status (one shared error response for 413 and 415, say).
        public func at(_ status: HTTPStatus) -> Response {
            var copy = self
            copy.status = String(status.code)
            return copy
        }
    }

    /// A response header.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var description: String?
        public var schema: JSONSchema

        public init(_ name: String, _ schema: JSONSchema, description: String? = nil) {
            self.name = name
            self.description = description
            self.schema = schema
        }
    }
}

/// A way to authenticate, listed under `components/securitySchemes`.
public struct SecurityScheme: Sendable, Equatable {
    public var name: String
    public var json: OrderedJSON

    /// `Authorization: Bearer …`.
    public static func bearer(_ name: String, description: String) -> SecurityScheme {
        SecurityScheme(name: name, json: .object([.init("type", "http"), .init("scheme", "bearer"), .init("description", .string(description))]))
    }
}
