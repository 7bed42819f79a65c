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
        group.get("/notifications", use: list)
        group.post("/notifications/:id/read", use: markRead)
    }

    @Sendable func list(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> NotificationPageResponse {
        var limit = Self.defaultLimit
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...TaskQuery.maxLimit).contains(value) else {
                throw HTTPError.validation(field: "limit",
                                           "limit must be a whole number from 1 to \(TaskQuery.maxLimit) (got \"\(text.prefix(40))\")")
            }
            limit = value
        }
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
struct NotificationID: RouteParameter {
    let uuid: UUID

    /// A malformed id is the 404 of an unknown notification, since none can have it.
    init(routeParameter text: String) throws {
        guard let uuid = UUID.parse(text) else { throw HTTPError.notFound("notification \(text.prefix(40)) not found") }
        self.uuid = uuid
    }
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
