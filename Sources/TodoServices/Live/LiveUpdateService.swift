import Foundation
import TodoCore
import TodoEvents
import TodoHTTP

/// The websocket service (issue 13 §4, DESIGN §6.3): consumes `task-updates` as
/// `websocket-service`, keeps each user's recent messages for resuming clients, and sends every
/// message to its user's clients over a WebSocket (`/ws`) or server-sent events (`/api/v1/events`).
struct LiveUpdateService: Service {
    let name = ServiceName.websocket
    /// Events handed over per transaction from a backlog.
    static let maxBatch = 256
    let dependencies: ServiceDependencies
    let live: LiveUpdates

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
        live = LiveUpdates(history: LiveHistory(database: dependencies.store.eventLog.database), metrics: dependencies.events.metrics,
                           logger: dependencies.logger, clock: dependencies.clock)
    }

    func addRoutes(to routes: ServiceRoutes) {
        let live = live
        let authenticate = routes.authenticate
        routes.root.ws("/ws", documentation: Self.webSocketDocumentation) { request, _ in
            let signedIn = try request.query["token"].map { token in (user: try authenticate(token, live.clock()), token: token) }
            let resume = try request.query["resume_from"].map { try live.resumePoint($0, from: "resume_from") }
            return LiveWebSocketSession(live: live, signedIn: signedIn, resumeFrom: resume, authenticate: authenticate)
        }
        routes.api.get("/events", documentation: Self.eventsDocumentation) { request, _ in
            guard let token = request.bearerToken ?? request.query["token"] else {
                throw HTTPError.unauthorized("send Authorization: Bearer TOKEN (or ?token= where headers cannot be set)")
            }
            let user = try authenticate(token, live.clock())
            // An empty Last-Event-ID is the SSE specification's "no last event": no resume point.
            let resume = try (request.headers["Last-Event-ID"] ?? request.query["last_event_id"]).flatMap { $0.isEmpty ? nil : $0 }.map {
                try live.resumePoint($0, from: "Last-Event-ID")
            }
            if let resume { try live.checkResumePoint(resume, of: user, field: "Last-Event-ID") }
            let stream = EventStream()
            let access = LiveAccess(token: token, of: user, live: live, authenticate: authenticate) {
                live.logger.warning("live event stream ended: \(LiveAccess.revokedReason)")
                stream.finish()
            }
            let client = LiveClient(userID: user, resumeFrom: resume, access: access) { message in
                stream.send(ServerSentEvent(id: String(message.sequence), data: message.json))
            }
            stream.onTermination { [hub = live.hub] _ in hub.remove(client) }
            if let resume {
                live.hub.add(client)
                live.replay(client, from: resume, field: "Last-Event-ID") { reason in
                    live.logger.warning("live event stream ended: \(reason)")
                    stream.finish()
                }
            } else {
                live.attachLive(client)
            }
            return HTTPResponse.eventStream(stream)
        }
    }

    static let messageDescription = "Messages are `{\"type\": \"task.created|task.updated|task.completed|task.reopened|"
        + "task.deleted|notification\", \"sequence\": N, \"task\": {…}}` for the user's own changes, in sequence order."

    static let webSocketDocumentation = OperationDocumentation(
        "Open a WebSocket of live updates", id: "openLiveWebSocket", tags: ["live"],
        description: "An RFC 6455 upgrade. Authenticate with `?token=` or a first message `{\"token\": …}` within 10 s; "
            + "`?resume_from=N`, or a first message `{\"resume_from\": N}`, replays every later message, once and in order. "
            + messageDescription,
        parameters: [.query("token", .string(minLength: 1), description: "A session JWT or personal access token."),
                     .query("resume_from", .string(pattern: "^[0-9]+$"),
                            description: "The sequence of the last message the client has: later ones are replayed first.")],
        responses: [
            .init(.switchingProtocols, "The connection is now a WebSocket."),
            APIDocumentation.errorResponse(.upgradeRequired, "Not a WebSocket upgrade request, or a version other than 13."),
            APIDocumentation.errorResponse(.badRequest, "A Sec-WebSocket-Key that is not 16 bytes in base64, or a `resume_from` that is not a number."),
            APIDocumentation.errorResponse(.unauthorized, "A `token` that is not valid."),
            APIDocumentation.error,
        ])

    static let eventsDocumentation = OperationDocumentation(
        "Stream live updates (server-sent events)", id: "streamLiveEvents", tags: ["live"],
        description: "A `text/event-stream`: each message's `id:` is its sequence, `data:` its JSON. `Last-Event-ID` (or "
            + "`?last_event_id=`) replays every later message first. " + messageDescription,
        parameters: [
            .query("token", .string(minLength: 1), description: "Where an Authorization header cannot be sent (EventSource)."),
            .query("last_event_id", .string(pattern: "^[0-9]+$"), description: "As the Last-Event-ID header."),
            .header("Last-Event-ID", .string(pattern: "^[0-9]+$"), description: "The sequence of the last message received."),
        ],
        responses: [
            .init(.ok, "The stream, until the client leaves or the server stops.", contentType: "text/event-stream", schema: .string()),
            APIDocumentation.errorResponse(.badRequest, "A resume point that is not a number or is after the latest message (invalid_resume_point)."),
            APIDocumentation.errorResponse(.unauthorized, "No token, or one that is not valid."),
            APIDocumentation.error,
        ])

    func start() throws {
        let live = live
        // The batch form of `ServiceDependencies.subscribe` (the same consumer group): a backlog
        // is recorded in one transaction per batch.
        let started = try dependencies.events.bus.subscribe(topic: EventTopic.taskUpdates, group: name.consumerGroup,
                                                            maxBatch: Self.maxBatch) { events in try live.handle(events) }
        live.subscription.withLock { $0 = started }
        live.trimIfDue(now: live.clock())
    }

    func stop() {
        live.subscription.withLock { subscription in
            subscription?.stop()
            subscription = nil
        }
    }

    func healthFields() -> [(String, JSONValue)] { [("connections", .int(Int64(live.hub.connections)))] }
}
