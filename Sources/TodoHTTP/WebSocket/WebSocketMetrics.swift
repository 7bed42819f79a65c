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
         ("todo_websocket_ping_floods_total", pingFloods.load(ordering: .relaxed))]
    }

    func countRefusal(_ code: WebSocketCloseCode) {
        switch code {
        case .invalidPayload: invalidPayloads.add(1, ordering: .relaxed)
        case .messageTooBig: oversized.add(1, ordering: .relaxed)
        default: protocolErrors.add(1, ordering: .relaxed)
        }
    }
}
