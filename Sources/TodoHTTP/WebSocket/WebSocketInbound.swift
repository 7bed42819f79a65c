/// A complete data message.
public enum WebSocketMessage: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
}

/// What a peer's frames amount to, once reassembled and checked.
public enum WebSocketInboundEvent: Sendable, Equatable {
    case message(WebSocketMessage)
    case ping([UInt8])
    case pong([UInt8])
    /// `code` is nil for a close frame without one (1005).
    case close(code: WebSocketCloseCode?, reason: String)
}

/// The receiving half of the protocol as a value: frames in, events out. Reassembles fragmented
/// messages (control frames may come between the fragments), refuses a continuation with nothing
/// to continue or a new message in the middle of one (1002), text that is not UTF-8 (1007), a
/// message over `maxMessageSize` (1009, as soon as the fragments pass it), and malformed close frames.
public struct WebSocketInbound: Sendable {
    public let maxMessageSize: Int
    private var parser: WebSocketFrameParser
    /// The message being reassembled from fragments.
    private var partial: (opcode: WebSocketOpcode, payload: [UInt8])?

    public init(maxFrameSize: Int, maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
        parser = WebSocketFrameParser(maxFrameSize: min(maxFrameSize, maxMessageSize))
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) { parser.append(bytes) }
    public mutating func append(_ bytes: [UInt8]) { parser.append(bytes) }

    /// The next event, nil until more bytes arrive.
    public mutating func next() throws(WebSocketProtocolError) -> WebSocketInboundEvent? {
        while let frame = try parser.nextFrame() {
            if let event = try take(frame) { return event }
        }
        return nil
    }

    private mutating func take(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketInboundEvent? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.close(frame.payload)
        case .text, .binary:
            if partial != nil {
                throw WebSocketProtocolError(.protocolError, "a new message began before the fragmented one ended")
            }
            if frame.fin { return try Self.message(frame.opcode, frame.payload) }
            partial = (frame.opcode, frame.payload)
            return nil
        case .continuation:
            guard var message = partial else {
                throw WebSocketProtocolError(.protocolError, "a continuation frame came without a message to continue")
            }
            if message.payload.count + frame.payload.count > maxMessageSize {
                throw WebSocketProtocolError(.messageTooBig, "a message is over the limit of \(maxMessageSize) bytes")
            }
            partial = nil
            message.payload += frame.payload
            if frame.fin { return try Self.message(message.opcode, message.payload) }
            partial = message
            return nil
        }
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketInboundEvent {
        guard opcode == .text else { return .message(.binary(payload)) }
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw WebSocketProtocolError(.invalidPayload, "a text message is not valid UTF-8")
        }
        return .message(.text(text))
    }

    private static func close(_ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketInboundEvent {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else {
            throw WebSocketProtocolError(.protocolError, "a close frame's payload is 1 byte: a code takes 2")
        }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.maySendInFrame else {
            throw WebSocketProtocolError(.protocolError, "close code \(code.rawValue) may not be sent")
        }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else {
            throw WebSocketProtocolError(.invalidPayload, "a close frame's reason is not valid UTF-8")
        }
        return .close(code: code, reason: reason)
    }
}
