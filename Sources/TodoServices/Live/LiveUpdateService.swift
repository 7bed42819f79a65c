import Foundation
import TodoCore
import TodoEvents
import TodoHTTP

/// The websocket service (issue 13 §4, DESIGN §6.3): consumes `task-updates` as
/// `websocket-service`, keeps each user's recent messages for resuming clients, and sends every
/// message to its user's clients over a WebSocket (`/ws`) or server-sent events (`/api/v1/events`).
struct LiveUpdateService: Service {
    let name = ServiceName.websocket
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
        routes.root.ws("/ws") { request, _ in
            let user = try request.query["token"].map { try authenticate($0, live.clock()) }
            return LiveWebSocketSession(live: live, user: user, authenticate: authenticate)
        }
        routes.api.get("/events") { request, _ in
            guard let token = request.bearerToken ?? request.query["token"] else {
                throw HTTPError.unauthorized("send Authorization: Bearer TOKEN (or ?token= where headers cannot be set)")
            }
            let user = try authenticate(token, live.clock())
            let resume = try (request.headers["Last-Event-ID"] ?? request.query["last_event_id"]).map {
                try live.resumePoint($0, from: "Last-Event-ID")
            }
            if let resume { try live.checkResumePoint(resume, of: user, field: "Last-Event-ID") }
            let stream = EventStream()
            let client = LiveClient(userID: user, resumeFrom: resume) { message in
                stream.send(ServerSentEvent(id: String(message.sequence), data: message.json))
            }
            stream.onTermination { [hub = live.hub] _ in hub.remove(client) }
            live.hub.add(client)
            if let resume {
                live.replay(client, from: resume, field: "Last-Event-ID") { _ in stream.finish() }
            }
            return HTTPResponse.eventStream(stream)
        }
    }

    func start() throws {
        let live = live
        let started = try dependencies.subscribe(name, to: EventTopic.taskUpdates) { event in try live.handle(event) }
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
