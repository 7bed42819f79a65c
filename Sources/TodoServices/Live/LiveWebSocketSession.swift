import Foundation
import Synchronization
import TodoCore
import TodoHTTP
import TodoLog

/// One WebSocket client at `/ws`. Authenticated by `?token=` at the upgrade or by a first
/// message `{"token": …}`; `?resume_from=N` at the upgrade, or a first `{"resume_from": N}`
/// (with the token, or alone after `?token=`, before any message arrived), replays every later
/// message of the user. The query's form cannot lose a race with the user's changes. A client
/// that has not authenticated within `authenticationTimeout` is closed (1008): an anonymous
/// connection may not hold a place for ever.
final class LiveWebSocketSession: WebSocketSession {
    private let live: LiveUpdates
    private let authenticate: @Sendable (String, Date) throws -> UUID
    private let authenticationTimeout: Duration
    /// `?resume_from=` of the upgrade: where the client is attached from, unless its first
    /// message says otherwise.
    private let resumeAtUpgrade: Int64?
    /// Who authenticated, with the token they did it with, and the client once attached.
    private let state: Mutex<(signedIn: SignedIn?, client: LiveClient?)>

    typealias SignedIn = (user: UUID, token: String)

    /// `signedIn`: the user `?token=` authenticated, when it was given.
    init(live: LiveUpdates, signedIn: SignedIn?, resumeFrom: Int64? = nil, authenticationTimeout: Duration = .seconds(10),
         authenticate: @escaping @Sendable (String, Date) throws -> UUID) {
        self.live = live
        resumeAtUpgrade = resumeFrom
        self.authenticate = authenticate
        self.authenticationTimeout = authenticationTimeout
        state = Mutex((signedIn, nil))
    }

    func opened(_ connection: WebSocketConnection) {
        if let signedIn = state.withLock({ $0.signedIn }) { return attach(signedIn, resumeFrom: resumeAtUpgrade, on: connection) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(authenticationTimeout.inMilliseconds)) {
            [weak self, weak connection] in
            guard let self, let connection, state.withLock({ $0.signedIn == nil }) else { return }
            refuse(connection, "authenticate within \(authenticationTimeout) of connecting: connect with ?token= or send {\"token\": …}")
        }
    }

    func received(_ message: WebSocketMessage, on connection: WebSocketConnection) {
        guard case .text(let text) = message, let json = try? JSONParser.parse(text), json.objectMembers != nil else {
            return refuse(connection, "send a JSON object: {\"token\": …} or {\"resume_from\": N}")
        }
        var resume: Int64?
        if let value = json["resume_from"] {
            let text: String
            switch value {
            case .int(let number): text = String(number)
            case .string(let string): text = string
            case .double(let number): text = String(number)
            default: text = "a JSON value of another kind"
            }
            do { resume = try live.resumePoint(text, from: "resume_from") } catch { return refuse(connection, error.message) }
        }
        let (signedIn, client) = state.withLock { ($0.signedIn, $0.client) }
        if let client {
            guard let resume else { return } // nothing else is asked of a client
            guard client.beginResume(from: resume) else {
                return refuse(connection, live.refuseResume("resume_from must come before any message was received; "
                                                            + "reconnect with /ws?token=…&resume_from=N, or send it with the token first").message)
            }
            live.replay(client, from: resume, field: "resume_from") { [weak self] reason in self?.refuse(connection, reason) }
            return
        }
        if let signedIn {
            // ?token= was given, and the connection is being attached; a resume is its own.
            attach(signedIn, resumeFrom: resume, on: connection)
            return
        }
        guard case .string(let token)? = json["token"] else {
            return refuse(connection, "authenticate first: connect with ?token= or send {\"token\": …}")
        }
        do {
            let signedIn = (user: try authenticate(token, live.clock()), token: token)
            state.withLock { $0.signedIn = signedIn }
            attach(signedIn, resumeFrom: resume ?? resumeAtUpgrade, on: connection)
        } catch {
            refuse(connection, (error as? HTTPError)?.message ?? "the token is not valid")
        }
    }

    func closed(_ connection: WebSocketConnection, code: WebSocketCloseCode) {
        // Forgetting the client breaks the cycle connection → session → client → connection.
        if let client = state.withLock({ state in defer { state.client = nil }; return state.client }) { live.hub.remove(client) }
    }

    private func attach(_ signedIn: SignedIn, resumeFrom: Int64?, on connection: WebSocketConnection) {
        let (user, token) = signedIn
        let access = LiveAccess(token: token, of: user, live: live, authenticate: authenticate) { [weak self, weak connection] in
            guard let connection else { return }
            self?.refuse(connection, LiveAccess.revokedReason)
        }
        let client = LiveClient(userID: user, resumeFrom: resumeFrom, access: access, unsent: { connection.unsentBytes }) { message in
            connection.send(.text(message.json))
        }
        state.withLock { $0.client = client }
        if let resumeFrom {
            live.hub.add(client)
            live.replay(client, from: resumeFrom, field: "resume_from") { [weak self] reason in self?.refuse(connection, reason) }
        } else {
            live.attachLive(client)
        }
    }

    private func refuse(_ connection: WebSocketConnection, _ reason: String) {
        live.logger.warning("live websocket client refused: \(reason)", [("connection", String(connection.id))])
        connection.close(.policyViolation, reason: reason)
    }
}
