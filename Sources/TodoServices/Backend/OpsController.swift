import Foundation
import TodoCore
import TodoHTTP
import TodoLog
import TodoStore

/// Probes and the API description: `/healthz`, `/readyz`, `/openapi.json`.
struct OpsController: Sendable {
    let store: any TaskStore
    let logger: Logger

    func addRoutes(to router: Router<AppContext>) {
        router.get("/healthz") { _, _ in HTTPResponse.json(#"{"service":"backend","status":"healthy"}"#) }
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
        return .json(#"{"service":"backend","status":"ready"}"#)
    }
}
