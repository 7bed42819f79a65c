/// What takes a connection over once a response's head is sent, instead of the next request:
/// a WebSocket after a 101.
public enum ResponseTakeover: Sendable {
    case webSocket(any WebSocketSession)
}
