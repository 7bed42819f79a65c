import Foundation
import TodoCore
import TodoEvents
import TodoHTTP
import TodoLog
import TodoStore

/// The user's webhooks: `POST|GET /api/v1/webhooks`, `DELETE /api/v1/webhooks/{id}`.
struct WebhookController: Sendable {
    let store: any WebhookRepository
    let policy: WebhookAddressPolicy
    let metrics: EventMetrics
    let logger: Logger
    let clock: @Sendable () -> Date

    /// Webhooks a user may have at once.
    static let maxPerUser = 10

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("/webhooks", use: create)
        group.get("/webhooks", use: list)
        group.delete("/webhooks/:id", use: delete)
    }

    @Sendable func create(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> CreatedWebhookResponse {
        let url = try JSONBody(request).required("url", expected: "a string", JSONRead.string)
        do throws(WebhookAddressError) {
            _ = try policy.check(url)
        } catch {
            metrics.increment("todo_webhooks_refused_total")
            logger.info("webhook refused", [("user_id", context.userID.lowercasedString), ("reason", error.description)])
            throw HTTPError.validation(field: "url", error.description)
        }
        guard try store.webhooks(userID: context.userID).count < Self.maxPerUser else {
            throw HTTPError.validation(field: "url", "a user can have at most \(Self.maxPerUser) webhooks; delete one first")
        }
        return CreatedWebhookResponse(created: try store.createWebhook(userID: context.userID, url: url, now: clock()))
    }

    @Sendable func list(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> WebhookListResponse {
        WebhookListResponse(webhooks: try store.webhooks(userID: context.userID))
    }

    @Sendable func delete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let id = try context.parameters.require("id", as: WebhookID.self).uuid
        guard try store.deleteWebhook(id: id, userID: context.userID) else {
            throw HTTPError.notFound("webhook \(id.lowercasedString) not found")
        }
        return HTTPResponse(status: .noContent)
    }
}

/// A webhook as the `:id` of a route names it.
struct WebhookID: RouteParameter {
    let uuid: UUID

    /// A malformed id is the 404 of an unknown webhook, since none can have it.
    init(routeParameter text: String) throws {
        guard let uuid = UUID.parse(text) else { throw HTTPError.notFound("webhook \(text.prefix(40)) not found") }
        self.uuid = uuid
    }
}

/// A webhook just created (201), with its secret: the only time it is shown.
struct CreatedWebhookResponse: JSONResponse {
    let created: CreatedWebhook

    var status: HTTPStatus { .created }

    func write(to json: inout JSONWriter) { WebhookListResponse.write(created.webhook, secret: created.secret, to: &json) }
}

/// `{"webhooks": […]}`, without secrets; a disabled one says why.
struct WebhookListResponse: JSONResponse {
    let webhooks: [Webhook]

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("webhooks")
        json.beginArray()
        for webhook in webhooks { Self.write(webhook, secret: nil, to: &json) }
        json.endArray()
        json.endObject()
    }

    static func write(_ webhook: Webhook, secret: String?, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.value(uuid: webhook.id)
        json.key("url")
        json.value(webhook.url)
        json.key("created_at")
        json.value(instant: webhook.createdAt)
        json.key("enabled")
        json.value(webhook.isEnabled)
        json.key("disabled_at")
        if let disabledAt = webhook.disabledAt { json.value(instant: disabledAt) } else { json.null() }
        json.key("disabled_reason")
        json.value(webhook.disabledReason)
        json.key("consecutive_failures")
        json.value(webhook.consecutiveFailures)
        json.key("last_delivery_at")
        if let last = webhook.lastDeliveryAt { json.value(instant: last) } else { json.null() }
        if let secret {
            json.key("secret")
            json.value(secret)
        }
        json.endObject()
    }
}
