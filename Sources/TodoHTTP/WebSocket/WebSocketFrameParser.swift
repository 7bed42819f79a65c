/// Reads a client's frames from bytes as they arrive (sans-I/O: no socket here). Frames must be
/// masked; reserved bits and opcodes, fragmented or long control frames, and frames over
/// `maxFrameSize` are refused before their payload is buffered, so a peer cannot make it hold
/// more than one frame's limit.
public struct WebSocketFrameParser: Sendable {
    public let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var head = 0

    public init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes received and not yet parsed into frames.
    public var bufferedCount: Int { buffer.count - head }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next complete frame, nil until one has arrived whole.
    public mutating func nextFrame() throws(WebSocketProtocolError) -> WebSocketFrame? {
        let available = buffer.count - head
        guard available >= 2 else { return nil }
        let first = buffer[head], second = buffer[head + 1]
        if first & 0x70 != 0 {
            throw WebSocketProtocolError(.protocolError, "reserved bits are set, but no extension was negotiated")
        }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw WebSocketProtocolError(.protocolError, "opcode \(first & 0x0F) is reserved")
        }
        let fin = first & 0x80 != 0
        if second & 0x80 == 0 {
            throw WebSocketProtocolError(.protocolError, "a client's frames must be masked")
        }
        let shortLength = Int(second & 0x7F)
        if opcode.isControl {
            if !fin { throw WebSocketProtocolError(.protocolError, "a control frame must not be fragmented") }
            if shortLength > 125 { throw WebSocketProtocolError(.protocolError, "a control frame's payload is over 125 bytes") }
        }
        var offset = 2
        let length: UInt64
        switch shortLength {
        case 126:
            guard available >= 4 else { return nil }
            length = UInt64(buffer[head + 2]) << 8 | UInt64(buffer[head + 3])
            offset = 4
        case 127:
            guard available >= 10 else { return nil }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[head + index]) }
            if value >> 63 != 0 { throw WebSocketProtocolError(.protocolError, "the 64-bit payload length has its top bit set") }
            length = value
            offset = 10
        default:
            length = UInt64(shortLength)
        }
        if length > UInt64(maxFrameSize) {
            throw WebSocketProtocolError(.messageTooBig, "a frame of \(length) bytes is over the limit of \(maxFrameSize)")
        }
        let payloadLength = Int(length)
        guard available >= offset + 4 + payloadLength else { return nil }
        let key = (buffer[head + offset], buffer[head + offset + 1], buffer[head + offset + 2], buffer[head + offset + 3])
        let start = head + offset + 4
        var payload = Array(buffer[start..<start + payloadLength])
        payload.withUnsafeMutableBufferPointer { bytes in
            for index in bytes.indices {
                switch index & 3 {
                case 0: bytes[index] ^= key.0
                case 1: bytes[index] ^= key.1
                case 2: bytes[index] ^= key.2
                default: bytes[index] ^= key.3
                }
            }
        }
        head = start + payloadLength
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    /// Drops the parsed bytes once they are the larger part of the buffer: amortised O(1) a byte.
    private mutating func compact() {
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            head = 0
        } else if head > 4096, head * 2 > buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
    }
}
