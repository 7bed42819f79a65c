import Synchronization

/// Counters of a server's WebSocket connections, for `/healthz` and `/metrics`.
public final class WebSocketMetrics: Sendable {
    let open = Atomic<Int>(0)
    let opened = Atomic<Int>(0)
    let protocolErrors = Atomic<Int>(0)
    let invalidPayloads = Atomic<Int>(0)
    let oversized = Atomic<Int>(0)
    let slowClientsDropped = Atomic<Int>(0)
    let pingFloods = Atomic<Int>(0)
    let silentPeersEnded = Atomic<Int>(0)

    init() {}

    /// Connections open now.
    public var connections: Int { open.load(ordering: .relaxed) }

    /// Every counter by its Prometheus name (`todo_websocket_…`), in a stable order.
    public var snapshot: [(name: String, value: Int)] {
        [("todo_websocket_connections", open.load(ordering: .relaxed)),
         ("todo_websocket_connections_opened_total", opened.load(ordering: .relaxed)),
         ("todo_websocket_protocol_errors_total", protocolErrors.load(ordering: .relaxed)),
         ("todo_websocket_invalid_payloads_total", invalidPayloads.load(ordering: .relaxed)),
         ("todo_websocket_oversized_messages_total", oversized.load(ordering: .relaxed)),
         ("todo_websocket_slow_clients_dropped_total", slowClientsDropped.load(ordering: .relaxed)),
         ("todo_websocket_ping_floods_total", pingFloods.load(ordering: .relaxed)),
         ("todo_websocket_silent_peers_ended_total", silentPeersEnded.load(ordering: .relaxed))]
    }

    /// The counters in the Prometheus text format, for `/metrics`.
    public func prometheusText() -> String {
        let help = [
            "todo_websocket_connections": ("gauge", "WebSocket connections open now."),
            "todo_websocket_connections_opened_total": ("counter", "WebSocket connections upgraded."),
            "todo_websocket_protocol_errors_total": ("counter", "Connections closed with 1002: unmasked, reserved or malformed frames."),
            "todo_websocket_invalid_payloads_total": ("counter", "Connections closed with 1007: text that is not UTF-8."),
            "todo_websocket_oversized_messages_total": ("counter", "Connections closed with 1009: a frame or message over the limit."),
            "todo_websocket_slow_clients_dropped_total": ("counter", "Clients dropped because their send queue passed the limit (they do not read)."),
            "todo_websocket_ping_floods_total": ("counter", "Connections closed with 1008 for pinging faster than allowed."),
            "todo_websocket_silent_peers_ended_total": ("counter", "Connections ended because the client answered no ping (it is gone)."),
        ]
        return snapshot.map { name, value in
            let (type, text) = help[name] ?? ("counter", name)
            return "# HELP \(name) \(text)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }.joined()
    }

    func countRefusal(_ code: WebSocketCloseCode) {
        switch code {
        case .invalidPayload: invalidPayloads.add(1, ordering: .relaxed)
        case .messageTooBig: oversized.add(1, ordering: .relaxed)
        default: protocolErrors.add(1, ordering: .relaxed)
        }
    }
}
