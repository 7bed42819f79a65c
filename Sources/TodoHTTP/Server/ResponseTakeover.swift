/// What takes a connection over once a response's head is sent, instead of the next request:
/// a WebSocket after a 101, or an event stream that sends as long as it lasts.
public enum ResponseTakeover: Sendable {
    case webSocket(any WebSocketSession)
    case eventStream(EventStream)
}
