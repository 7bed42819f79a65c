import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// Probes and the API description: `/healthz`, `/readyz`, `/openapi.json`.
struct OpsController: Sendable {
    let store: any TaskStore

    func addRoutes(to router: Router<AppContext>) {
        router.get("/healthz") { _, _ in .json(#"{"service":"backend","status":"healthy"}"#) }
        router.get("/readyz", use: ready)
        router.get("/openapi.json") { _, _ in HTTPResponse.json(OpenAPIDocument.bytes) }
    }

    /// Ready when the database answers a query.
    @Sendable func ready(_ request: HTTPRequest, _ context: AppContext) throws -> HTTPResponse {
        do {
            _ = try store.user(id: UUID.random())
        } catch {
            throw HTTPError(.serviceUnavailable, code: "not_ready", message: "the database does not answer: \(error)")
        }
        return .json(#"{"service":"backend","status":"ready"}"#)
    }
}
