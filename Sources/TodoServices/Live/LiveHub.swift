import Foundation
import Synchronization

/// The connected clients by user: each message goes to its user's clients only.
final class LiveHub: Sendable {
    private let clients = Mutex<[UUID: [ObjectIdentifier: LiveClient]]>([:])
    private let total = Atomic<Int>(0)

    /// Clients connected now (the websocket service's `connections` in /healthz).
    var connections: Int { total.load(ordering: .relaxed) }

    func add(_ client: LiveClient) {
        clients.withLock { $0[client.userID, default: [:]][ObjectIdentifier(client)] = client }
        total.add(1, ordering: .relaxed)
    }

    func remove(_ client: LiveClient) {
        let removed = clients.withLock { clients in
            let removed = clients[client.userID]?.removeValue(forKey: ObjectIdentifier(client)) != nil
            if clients[client.userID]?.isEmpty == true { clients[client.userID] = nil }
            return removed
        }
        if removed { total.subtract(1, ordering: .relaxed) }
    }

    func publish(_ message: LiveMessage) {
        let targets = clients.withLock { $0[message.userID].map { Array($0.values) } ?? [] }
        for client in targets { client.deliver(message) }
    }
}
