import Foundation
import Testing
import TodoHTTP
import TodoServices
import TodoStore
import TodoTestSupport

/// /openapi.json is generated from the routes' documentation, and the router and the document
/// describe the same API: every route is documented with its method and its path parameters,
/// and every documented operation is routed.
@Suite struct OpenAPIDocumentTests {
    /// The router as `todo serve` builds it, with the event backbone on `bus`.
    static func withRouter(bus: EventBackbone.BusKind, _ body: (Router<AppContext>) throws -> Void) throws {
        let database = try TestDatabase(.sqlite)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let events = try EventBackbone(store: store, kind: bus, environment: [:], logger: .disabled)
        // With every service, as `todo serve` runs them all: their routes are documented too.
        let services = try ServiceCatalog.services(for: .allInOne, dependencies: ServiceDependencies(
            store: store, events: events, logger: .disabled, environment: [:]))
        try body(BackendAPI(store: store, jwtSecret: Array(repeating: 7, count: 32), logger: .disabled, events: events)
            .makeRouter(services: services))
    }

    /// The Dapr bus adds the sidecar's routes; the embedded one is the default.
    @Test(arguments: [EventBackbone.BusKind.embedded, .dapr])
    func everyRouteDeclaresItsDocumentationWithEveryPathParameter(_ bus: EventBackbone.BusKind) throws {
        try Self.withRouter(bus: bus) { router in
            #expect(router.declarations.count >= 20)
            #expect(OpenAPIDocument.problems(in: router.declarations) == [])
        }
    }

    @Test func theDaprRoutesAreDocumentedOnlyWhereTheyAreServed() throws {
        try Self.withRouter(bus: .dapr) { router in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(Self.servedDocument(router))) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(paths["/dapr/events/{topic}"] != nil && paths["/dapr/subscribe"] != nil && paths["/cron-binding"] != nil)
        }
        let server = try ServerProcess(database: try TestDatabase(.sqlite))
        let paths = try #require(try server.client().get("/openapi.json").json()["paths"] as? [String: Any])
        #expect(paths["/dapr/subscribe"] == nil)
    }

    /// What the router's `/openapi.json` route answers.
    static func servedDocument(_ router: Router<AppContext>) -> [UInt8] {
        router.buildResponder().respond(to: HTTPRequest(method: .get, path: "/openapi.json")).body
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws {
        // As `todo serve` builds it: with the event backbone (embedded bus), so /metrics is routed.
        var routed = Set<String>()
        try Self.withRouter(bus: .embedded) { router in routed = Set(router.declarations.map { "\($0.method) \($0.pathTemplate)" }) }

        let server = try ServerProcess(database: try TestDatabase(.sqlite))
        let document = try server.client().get("/openapi.json").json()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routed == documented, "routed but not documented: \(routed.subtracting(documented).sorted()); documented but not routed: \(documented.subtracting(routed).sorted())")
    }
}
