import Foundation
import Testing
import TodoHTTP
import TodoServices
import TodoStore
import TodoTestSupport

/// /openapi.json and the router describe the same API: every route is documented with its
/// method, and every documented operation is routed.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws {
        let database = try TestDatabase(.sqlite)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        // As `todo serve` builds it: with the event backbone (embedded bus), so /metrics is routed.
        let events = try EventBackbone(store: store, kind: .embedded, environment: [:], logger: .disabled)
        let services = try ServiceCatalog.services(for: .allInOne, dependencies: ServiceDependencies(
            store: store, events: events, logger: .disabled, environment: [:]))
        let router = BackendAPI(store: store, jwtSecret: Array(repeating: 7, count: 32), logger: .disabled, events: events)
            .makeRouter(services: services)
        let routed = Set(router.routeDescriptions.map { description -> String in
            // `/tasks/:id` in the router is `/tasks/{id}` in the document.
            description.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        })

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
