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

    func addRoutes(to router: Router<AppContext>) {
        router.get("/healthz") { [role, services] _, _ in HTTPResponse.json(role.healthBody(status: "healthy", services: services)) }
        router.get("/readyz", use: ready)
        router.get("/openapi.json") { _, _ in HTTPResponse.json(OpenAPIDocument.bytes) }
    }

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
