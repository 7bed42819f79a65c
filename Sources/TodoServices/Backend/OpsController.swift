import Foundation
import TodoCore
import TodoHTTP
import TodoLog
import TodoStore

/// Probes and the API description: `/healthz`, `/readyz`, `/openapi.json`.
struct OpsController: Sendable {
    let store: any TaskStore
    let logger: Logger
    let role: ServiceRole
    let services: [any Service]

    /// The probes' paths, which the access log leaves out when they answer 2xx.
    static let probePaths: Set<String> = ["/healthz", "/readyz"]

    func addRoutes(to router: Router<AppContext>) {
        // All in one process the answer never changes: written once, not per probe (a tenth
        // of what a probe cost above libmicrohttpd's own work, by callgrind).
        let unchanging = role == .allInOne ? role.healthBody(status: "healthy", services: services) : nil
        router.get("/healthz", documentation: Self.healthDocumentation) { [role, services] _, _ in
            HTTPResponse.json(unchanging ?? role.healthBody(status: "healthy", services: services))
        }
        router.get("/readyz", documentation: Self.readyDocumentation, use: ready)
    }

    /// Adds `/openapi.json`, generated from the routes added before it (and itself): so it is
    /// added last.
    static func addDocumentRoute(to router: Router<AppContext>) {
        let own = RouteDeclaration(method: .get, path: "/openapi.json", documentation: documentDocumentation)
        let document = APIDocumentation.document(of: router.declarations + [own]).bytes
        router.get(own.path, documentation: documentDocumentation) { _, _ in HTTPResponse.json(document) }
    }

    /// What the probes answer when all is well.
    enum Health: SchemaDescribed {
        static let schemaName = "Health"
        static var schema: JSONSchema {
            .object([.required("service", .enumeration(ServiceName.self)), .required("status", .string()),
                     .optional("connections", .integer(minimum: 0))])
        }
    }

    static let healthDocumentation = OperationDocumentation(
        "Liveness", id: "health", tags: ["operations"], responses: [.json(.ok, Health.self, "Alive."), APIDocumentation.error])

    static let readyDocumentation = OperationDocumentation(
        "Readiness: the database answers", id: "ready", tags: ["operations"],
        responses: [.json(.ok, Health.self, "Ready."),
                    .init(.serviceUnavailable, "Not ready: the database does not answer (why is in the server's log only).",
                          schema: .object([.required("status", .constant("unavailable"))])),
                    APIDocumentation.error])

    static let documentDocumentation = OperationDocumentation(
        "This document", id: "openAPIDocument", tags: ["operations"],
        responses: [.init(.ok, "OpenAPI 3.1", schema: .object()), APIDocumentation.error])

    /// Ready when the database answers a query. Why it does not goes to the log only: the
    /// probe is public, and a database's error text names hosts, users and schemas.
    @Sendable func ready(_ request: HTTPRequest, _ context: AppContext) throws -> HTTPResponse {
        do {
            _ = try store.user(id: UUID.random())
        } catch {
            logger.error("not ready: the database does not answer", [("request_id", context.requestID), ("error", String(describing: error))])
            return .json(#"{"status":"unavailable"}"#, status: .serviceUnavailable)
        }
        return .json(role.healthBody(status: "ready", services: []))
    }
}
