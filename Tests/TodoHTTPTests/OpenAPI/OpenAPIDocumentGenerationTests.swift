import Foundation
import Testing
import TodoHTTP

/// The OpenAPI document is generated from the documentation routes are registered with, and
/// `OpenAPIDocument.problems(in:)` names every route that cannot be documented truthfully.
@Suite struct OpenAPIDocumentGenerationTests {
    static let info = OpenAPIDocument.Info(title: "Test", version: "1", description: "Routes of a test.")

    /// A JSON shape described once and referred to by several operations.
    enum Item: SchemaDescribed {
        static let schemaName = "Item"
        static var schema: JSONSchema {
            .object([.required("id", .string(format: "uuid")), .optional("note", JSONSchema.string(maxLength: 10).nullable())])
        }
    }

    static func documentation(_ id: String, parameters: [OperationDocumentation.Parameter] = []) -> OperationDocumentation {
        OperationDocumentation("Does \(id)", id: id, parameters: parameters, responses: [.json(.ok, Item.self, "The item.")])
    }

    static let itemID = OperationDocumentation.Parameter.path("id", .string())

    /// The generated document, parsed back.
    static func parsed(_ router: Router<TestContext>) throws -> [String: Any] {
        let bytes = OpenAPIDocument(info: info, routes: router.declarations).bytes
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func anUndocumentedRouteIsAProblem() {
        let router = Router<TestContext>()
        router.get("/items", documentation: Self.documentation("listItems"), use: answer("list"))
        router.get("/forgotten", use: answer("forgotten"))
        #expect(OpenAPIDocument.problems(in: router.declarations) == ["GET /forgotten has no documentation"])
    }

    @Test func aPathParameterMustBeDeclaredAndADeclaredOneMustBeInThePath() {
        let router = Router<TestContext>()
        router.get("/items/:id", documentation: Self.documentation("getItem"), use: answer("show"))
        router.delete("/items", documentation: Self.documentation("deleteItem", parameters: [Self.itemID]), use: answer("delete"))
        #expect(OpenAPIDocument.problems(in: router.declarations) == [
            "GET /items/:id: path parameter id is not declared",
            "DELETE /items: path parameter id is declared but not in the path",
        ])
    }

    @Test func anOperationIDUsedTwiceIsAProblem() {
        let router = Router<TestContext>()
        router.get("/a", documentation: Self.documentation("same"), use: answer("a"))
        router.get("/b", documentation: Self.documentation("same"), use: answer("b"))
        #expect(OpenAPIDocument.problems(in: router.declarations) == ["GET /b: operation id same is used twice"])
    }

    @Test func routesOfAPathAreOnePathItemWithTheParameterInBraces() throws {
        let router = Router<TestContext>()
        let items = router.group("/api").group("items")
        items.get("/:id", documentation: Self.documentation("getItem", parameters: [Self.itemID]), use: answer("show"))
        items.delete("/:id", documentation: Self.documentation("deleteItem", parameters: [Self.itemID]), use: answer("delete"))
        #expect(OpenAPIDocument.problems(in: router.declarations).isEmpty)

        let paths = try #require(try Self.parsed(router)["paths"] as? [String: [String: Any]])
        #expect(Array(paths.keys) == ["/api/items/{id}"])
        #expect(Set(paths["/api/items/{id}"]?.keys ?? [:].keys) == ["get", "delete"])
    }

    @Test func aSchemaUsedByManyOperationsIsListedOnceAndReferredTo() throws {
        let router = Router<TestContext>()
        router.get("/items", documentation: Self.documentation("listItems"), use: answer("list"))
        router.post("/items", documentation: OperationDocumentation("Adds one", id: "addItem", body: .json(Item.self),
                                                                    responses: [.json(.created, Item.self, "Added.")]), use: answer("add"))
        let document = try Self.parsed(router)

        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        #expect(Array(schemas.keys) == ["Item"])
        let item = try #require(schemas["Item"] as? [String: Any])
        #expect(item["required"] as? [String] == ["id"])
        let note = try #require((item["properties"] as? [String: Any])?["note"] as? [String: Any])
        #expect(note["type"] as? [String] == ["string", "null"])
        let post = try #require((document["paths"] as? [String: [String: [String: Any]]])?["/items"]?["post"])
        let body = (post["requestBody"] as? [String: Any])?["content"] as? [String: [String: [String: String]]]
        #expect(body?["application/json"]?["schema"] == ["$ref": "#/components/schemas/Item"])
    }

    @Test func aChildContextMiddlewareDocumentsWhatItDoesOnItsGroupsRoutes() throws {
        let router = Router<TestContext>()
        router.get("/open", documentation: Self.documentation("open"), use: answer("open"))
        router.group("/api").group(context: DocumentedSignInMiddleware()).get("/me", documentation: Self.documentation("me")) { _, context in
            HTTPResponse(body: Array(context.user.utf8))
        }
        let paths = try #require(try Self.parsed(router)["paths"] as? [String: [String: [String: Any]]])

        #expect(paths["/open"]?["get"]?["security"] == nil)
        #expect(paths["/api/me"]?["get"]?["security"] as? [[String: [String]]] == [["signed-in": []]])
        let responses = try #require(paths["/api/me"]?["get"]?["responses"] as? [String: Any])
        #expect(Set(responses.keys) == ["200", "401"])
    }

    @Test func theSameRoutesGiveTheSameBytesWithKeysInTheOrderDeclared() throws {
        func build() -> [UInt8] {
            let router = Router<TestContext>()
            router.get("/b", documentation: Self.documentation("b"), use: answer("b"))
            router.get("/a", documentation: Self.documentation("a"), use: answer("a"))
            return OpenAPIDocument(info: Self.info, routes: router.declarations).bytes
        }
        let text = String(decoding: build(), as: UTF8.self)
        #expect(build() == build())
        let b = try #require(text.range(of: "\"/b\"")), a = try #require(text.range(of: "\"/a\""))
        #expect(b.lowerBound < a.lowerBound, "paths are written in the order the routes were added")
    }

    @Test func nullableAddsNullToTheTypeAndToAnEnumeration() {
        let schema = JSONSchema.enumeration(["x", "y"]).nullable()
        #expect(schema.json == .object([.init("type", .array(["string", "null"])), .init("enum", .array(["x", "y", nil]))]))
    }
}

/// `SignInMiddleware`, documenting what it does: its scheme and its 401.
struct DocumentedSignInMiddleware: ChildContextMiddleware {
    func handle(_ request: HTTPRequest, context: TestContext,
                next: (HTTPRequest, SignedInContext) throws -> HTTPResponse) throws -> HTTPResponse {
        try SignInMiddleware().handle(request, context: context, next: next)
    }

    func document(_ operation: inout OperationDocumentation) {
        operation.security = [.bearer("signed-in", description: "X-User, in this test.")]
        operation.add(.init(.unauthorized, "No X-User."))
    }
}
