import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// The user's in-app notifications (DESIGN §6.3): listed newest first, marked read.
struct NotificationController: Sendable {
    let store: any NotificationRepository
    let clock: @Sendable () -> Date

    static let defaultLimit = 50

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/notifications", documentation: Self.listDocumentation, use: list)
        group.post("/notifications/:id/read", documentation: Self.markReadDocumentation, use: markRead)
    }

    static let listDocumentation = OperationDocumentation(
        "The user's notifications, newest first", id: "listNotifications", tags: ["notifications"],
        description: "One notification per reminder fired (channel in_app). late is true when the reminder fired more than a "
            + "second after its instant (the notification service was down or behind).",
        parameters: [
            .query("limit", JSONSchema.integer(minimum: 1, maximum: TaskQuery.maxLimit).defaulting(to: .integer(defaultLimit))),
            .query("cursor", .string(format: "uuid"), description: "next_cursor of the previous page."),
        ],
        responses: [.json(.ok, NotificationPageResponse.self, "A page of notifications."), APIDocumentation.validation, APIDocumentation.error])

    static let markReadDocumentation = OperationDocumentation(
        "Mark a notification read", id: "markNotificationRead", tags: ["notifications"],
        description: "Idempotent: a notification read before stays read.",
        parameters: [.path("id", .string(minLength: 1), description: "The notification's id.")],
        responses: [.json(.ok, NotificationResponse.self, "The notification, read."),
                    APIDocumentation.errorResponse(.notFound, "No such notification for this user."), APIDocumentation.error])

    @Sendable func list(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> NotificationPageResponse {
        let limit = try request.query.integer("limit", in: 1...TaskQuery.maxLimit) ?? Self.defaultLimit
        return NotificationPageResponse(page: try store.notifications(userID: context.userID, limit: limit, cursor: request.query["cursor"]))
    }

    @Sendable func markRead(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> NotificationResponse {
        let id = try context.parameters.require("id", as: NotificationID.self).uuid
        guard let notification = try store.markNotificationRead(id: id, userID: context.userID, now: clock()) else {
            throw HTTPError.notFound("notification \(id.lowercasedString) not found")
        }
        return NotificationResponse(notification: notification)
    }
}

/// A notification as the `:id` of a route names it.
struct NotificationID: ResourceID {
    static let resourceName = "notification"
    let uuid: UUID
}

/// One notification (`POST /api/v1/notifications/{id}/read`).
struct NotificationResponse: JSONResponse {
    let notification: UserNotification

    var expectedSize: Int { 256 }

    func write(to json: inout JSONWriter) { notification.write(to: &json) }
}

/// `{"notifications": […], "next_cursor"}`, newest first.
struct NotificationPageResponse: JSONResponse {
    let page: NotificationPage

    var expectedSize: Int { 64 + 240 * page.notifications.count }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("notifications")
        json.beginArray()
        for notification in page.notifications { notification.write(to: &json) }
        json.endArray()
        json.key("next_cursor")
        json.value(page.nextCursor)
        json.endObject()
    }
}

extension NotificationResponse: SchemaDescribed {
    static let schemaName = "Notification"

    static var schema: JSONSchema {
        .object([
            .required("id", .string(format: "uuid")),
            .required("task_id", .string(format: "uuid")),
            .required("kind", .enumeration(["reminder"])),
            .required("channel", .enumeration(["in_app"])),
            .required("due_at", .string(format: "date-time")),
            .required("fired_at", .string(format: "date-time")),
            .required("late", .boolean),
            .required("read", .boolean),
        ])
    }
}

extension NotificationPageResponse: SchemaDescribed {
    static let schemaName = "NotificationPage"

    static var schema: JSONSchema {
        .object([
            .required("notifications", .array(of: .reference(to: NotificationResponse.self))),
            .required("next_cursor", JSONSchema.string(format: "uuid").nullable()),
        ])
    }
}
