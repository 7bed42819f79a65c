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
        group.post("/webhooks", documentation: Self.createDocumentation, use: create)
        group.get("/webhooks", documentation: Self.listDocumentation, use: list)
        group.delete("/webhooks/:id", documentation: Self.deleteDocumentation, use: delete)
    }

    static let createDocumentation = OperationDocumentation(
        "Create a webhook", id: "createWebhook", tags: ["webhooks"],
        description: "Each fired reminder is POSTed to url as its CloudEvent (Content-Type application/cloudevents+json) with the "
            + "headers Webhook-Id (the event id), Webhook-Timestamp (unix seconds) and Webhook-Signature: t=<timestamp>,v1=<hex "
            + "HMAC-SHA256 keyed with the secret over \"<timestamp>.<body>\">. url must be http or https and must not resolve to a "
            + "loopback, private, link-local or unique-local address. Failed deliveries are retried with exponential backoff; the "
            + "webhook is disabled when a delivery has failed all its \(WebhookSettings().maxAttempts) attempts with nothing delivered "
            + "since (disabled_reason counts the failed attempts since the last delivery).",
        body: .json(WebhookCreateBody.self),
        responses: [.json(.created, CreatedWebhookResponse.self, "The webhook with its signing secret, shown once.")]
            + APIDocumentation.bodyErrors + [APIDocumentation.error])

    static let listDocumentation = OperationDocumentation(
        "The user's webhooks (without secrets)", id: "listWebhooks", tags: ["webhooks"],
        description: "A webhook disabled after repeated failed deliveries has enabled false and says why in disabled_reason.",
        responses: [.json(.ok, WebhookListResponse.self, "The webhooks."), APIDocumentation.error])

    static let deleteDocumentation = OperationDocumentation(
        "Delete a webhook and its queued deliveries", id: "deleteWebhook", tags: ["webhooks"],
        parameters: [.path("id", .string(minLength: 1), description: "The webhook's id.")],
        responses: [.init(.noContent, "Deleted."), APIDocumentation.errorResponse(.notFound, "No such webhook for this user."),
                    APIDocumentation.error])

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
struct WebhookID: ResourceID {
    static let resourceName = "webhook"
    let uuid: UUID
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

/// The body of `POST /api/v1/webhooks`.
enum WebhookCreateBody: SchemaDescribed {
    static let schemaName = "WebhookCreate"
    static var schema: JSONSchema { .object([.required("url", .string(minLength: 1, maxLength: 2048))]) }
}

extension WebhookListResponse: SchemaDescribed {
    static let schemaName = "WebhookList"

    /// One webhook as listed; created, it also has its `secret`.
    static func webhookSchema(withSecret: Bool) -> JSONSchema {
        var properties: [JSONSchema.Property] = [
            .required("id", .string(format: "uuid")),
            .required("url", .string()),
            .required("created_at", .string(format: "date-time")),
            .required("enabled", .boolean),
            .required("disabled_at", JSONSchema.string(format: "date-time").nullable()),
            .required("disabled_reason", JSONSchema.string().nullable()),
            .required("consecutive_failures", .integer(minimum: 0)),
            .required("last_delivery_at", JSONSchema.string(format: "date-time").nullable()),
        ]
        if withSecret { properties.append(.required("secret", .string())) }
        return .object(properties)
    }

    static var schema: JSONSchema { .object([.required("webhooks", .array(of: webhookSchema(withSecret: false)))]) }
}

extension CreatedWebhookResponse: SchemaDescribed {
    static let schemaName = "CreatedWebhook"
    static var schema: JSONSchema { WebhookListResponse.webhookSchema(withSecret: true) }
}
