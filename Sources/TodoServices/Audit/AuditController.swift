import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// `GET /api/v1/audit` and `GET /api/v1/audit/verify` (DESIGN §6.3): the authenticated user's
/// own trail. A `task_id` of another user's task (or of none) is an empty trail, as a filter
/// of one's own entries finds nothing there (docs/decisions.md).
struct AuditController: Sendable {
    let store: AuditLogStore

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/audit", documentation: Self.trailDocumentation, use: trail)
        group.get("/audit/verify", documentation: Self.verifyDocumentation, use: verify)
    }

    static let trailDocumentation = OperationDocumentation(
        "The user's audit trail, oldest first", id: "listAuditEntries", tags: ["audit"],
        description: "Every change of the user's tasks as appended by the audit-log service, hash-chained per user "
            + "(docs/audit.md). A task_id of another user's task, or of none, gives an empty trail.",
        parameters: [
            .query("task_id", .string(format: "uuid"), description: "Only this task's entries."),
            .query("limit", JSONSchema.integer(minimum: 1, maximum: AuditTrailRequest.maxLimit)
                .defaulting(to: .integer(AuditTrailRequest.defaultLimit)), description: "Page size."),
            .query("cursor", .string(pattern: "^" + AuditTrailRequest.cursorPrefix.replacingOccurrences(of: ".", with: "\\.") + "[1-9][0-9]{0,17}$"),
                   description: "next_cursor of the previous page, with the same task_id."),
        ],
        responses: [.json(.ok, AuditPageResponse.self, "A page of entries in seq order."), APIDocumentation.validation, APIDocumentation.error])

    static let verifyDocumentation = OperationDocumentation(
        "Check the user's audit chain", id: "verifyAuditChain", tags: ["audit"],
        description: "Walks the chain in seq order: seq contiguous from 1, each prev_hash the previous hash, each hash "
            + "recomputed, the last entry the recorded head. Detects entries edited, deleted or inserted in the database.",
        responses: [.json(.ok, AuditVerificationResponse.self, "What the walk found."), APIDocumentation.error])

    @Sendable func trail(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> AuditPageResponse {
        let query = try AuditTrailRequest(request.query)
        let page = try store.page(userID: context.userID, taskID: query.taskID, after: query.after, limit: query.limit)
        return AuditPageResponse(page: page)
    }

    @Sendable func verify(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> AuditVerificationResponse {
        AuditVerificationResponse(verification: try store.verify(userID: context.userID))
    }
}

/// The query string of `GET /api/v1/audit`: `task_id` (a UUID), `limit` (1–500, default 100)
/// and `cursor` (a `next_cursor` this server gave). A bad value is a 422 naming it.
struct AuditTrailRequest {
    static let maxLimit = 500
    static let defaultLimit = 100
    /// Cursors name the seq to continue after, behind a version tag.
    static let cursorPrefix = "a1."

    var taskID: UUID?
    var limit = Self.defaultLimit
    var after: Int64 = 0

    init(_ parameters: QueryParameters) throws(HTTPError) {
        if let text = parameters["task_id"] {
            guard let id = UUID.parse(text) else {
                throw .validation(field: "task_id", "task_id must be a task's id, a UUID (got \"\(text.prefix(40))\")")
            }
            taskID = id
        }
        if let value = try parameters.integer("limit", in: 1...Self.maxLimit) { limit = value }
        if let text = parameters["cursor"] {
            guard text.hasPrefix(Self.cursorPrefix), let seq = Int64(text.dropFirst(Self.cursorPrefix.count)), seq > 0 else {
                throw .validation(field: "cursor", "cursor is not one this server issued; start again without a cursor")
            }
            after = seq
        }
    }

    static func cursor(after seq: Int64) -> String { cursorPrefix + String(seq) }
}
