import Testing
import TodoHTTP

/// The frame codec and message reassembly on plain bytes: every refusal of RFC 6455 with the
/// close code it earns, and the lengths, fragments and control frames a client may send.
@Suite struct WebSocketCodecTests {
    static let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    static func masked(_ frame: WebSocketFrame) -> [UInt8] { frame.encoded(maskingKey: key) }

    /// Everything `bytes` amount to, fed one byte at a time (the parser must wait for the rest).
    static func events(_ bytes: [UInt8], maxFrame: Int = 1 << 16, maxMessage: Int = 1 << 20) throws(WebSocketProtocolError) -> [WebSocketInboundEvent] {
        var inbound = WebSocketInbound(maxFrameSize: maxFrame, maxMessageSize: maxMessage)
        var events: [WebSocketInboundEvent] = []
        for byte in bytes {
            inbound.append([byte])
            while let event = try inbound.next() { events.append(event) }
        }
        return events
    }

    static func refusal(_ bytes: [UInt8], maxFrame: Int = 1 << 16, maxMessage: Int = 1 << 20) -> WebSocketProtocolError? {
        do {
            _ = try events(bytes, maxFrame: maxFrame, maxMessage: maxMessage)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 70000])
    func payloadLengthsRoundTripThroughEach7And16And64BitForm(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frame = WebSocketFrame(opcode: .binary, payload: payload)
        var inbound = WebSocketInbound(maxFrameSize: 1 << 17, maxMessageSize: 1 << 17)
        inbound.append(Self.masked(frame))
        #expect(try inbound.next() == .message(.binary(payload)))
        let header = frame.encoded().count - length
        #expect(header == (length < 126 ? 2 : length < 65536 ? 4 : 10))
    }

    @Test func aFragmentedTextMessageWithAPingBetweenItsFragmentsIsReassembled() throws {
        let bytes = Self.masked(WebSocketFrame(fin: false, opcode: .text, payload: Array("héllo, ".utf8)))
            + Self.masked(WebSocketFrame(opcode: .ping, payload: [1, 2]))
            + Self.masked(WebSocketFrame(fin: false, opcode: .continuation, payload: Array("wor".utf8)))
            + Self.masked(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("ld".utf8)))
        #expect(try Self.events(bytes) == [.ping([1, 2]), .message(.text("héllo, world"))])
    }

    @Test func aUTF8SequenceSplitAcrossFragmentsIsValid() throws {
        let bytes = Array("é".utf8)
        let frames = Self.masked(WebSocketFrame(fin: false, opcode: .text, payload: [bytes[0]]))
            + Self.masked(WebSocketFrame(opcode: .continuation, payload: [bytes[1]]))
        #expect(try Self.events(frames) == [.message(.text("é"))])
    }

    @Test func closeFramesCarryTheirCodeAndReason() throws {
        #expect(try Self.events(Self.masked(.close(.goingAway, reason: "bye"))) == [.close(code: .goingAway, reason: "bye")])
        #expect(try Self.events(Self.masked(WebSocketFrame(opcode: .close, payload: []))) == [.close(code: nil, reason: "")])
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var code: WebSocketCloseCode
        var maxFrame = 1 << 16
        var maxMessage = 1 << 20
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "unmasked frame", bytes: WebSocketFrame.text("hi").encoded(), code: .protocolError),
        Refusal(name: "reserved bit RSV1", bytes: { var b = masked(.text("hi")); b[0] |= 0x40; return b }(), code: .protocolError),
        Refusal(name: "reserved opcode 3", bytes: [0x83, 0x80] + key, code: .protocolError),
        Refusal(name: "reserved control opcode 0xB", bytes: [0x8B, 0x80] + key, code: .protocolError),
        Refusal(name: "fragmented ping", bytes: masked(WebSocketFrame(fin: false, opcode: .ping, payload: [])), code: .protocolError),
        Refusal(name: "ping over 125 bytes", bytes: masked(WebSocketFrame(opcode: .ping, payload: Array(repeating: 0, count: 126))), code: .protocolError),
        Refusal(name: "continuation without a message", bytes: masked(WebSocketFrame(opcode: .continuation, payload: [1])), code: .protocolError),
        Refusal(name: "new message inside a fragmented one",
                bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: [0x61])) + masked(.text("b")), code: .protocolError),
        Refusal(name: "64-bit length with the top bit set", bytes: [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0], code: .protocolError),
        Refusal(name: "close payload of 1 byte", bytes: masked(WebSocketFrame(opcode: .close, payload: [3])), code: .protocolError),
        Refusal(name: "close code 1005 sent", bytes: masked(WebSocketFrame(opcode: .close, payload: [0x03, 0xED])), code: .protocolError),
        Refusal(name: "close code 999", bytes: masked(WebSocketFrame(opcode: .close, payload: [0x03, 0xE7])), code: .protocolError),
        Refusal(name: "text not UTF-8", bytes: masked(WebSocketFrame(opcode: .text, payload: [0xC3, 0x28])), code: .invalidPayload),
        Refusal(name: "fragmented text not UTF-8",
                bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: [0x61])) + masked(WebSocketFrame(opcode: .continuation, payload: [0xFF])),
                code: .invalidPayload),
        Refusal(name: "close reason not UTF-8", bytes: masked(WebSocketFrame(opcode: .close, payload: [0x03, 0xE8, 0xFF])), code: .invalidPayload),
        Refusal(name: "frame over the frame limit (refused from its header)", bytes: [0x82, 0xFE, 0x04, 0x01], code: .messageTooBig, maxFrame: 1024),
        Refusal(name: "fragments over the message limit",
                bytes: masked(WebSocketFrame(fin: false, opcode: .binary, payload: Array(repeating: 1, count: 600)))
                    + masked(WebSocketFrame(opcode: .continuation, payload: Array(repeating: 1, count: 600))),
                code: .messageTooBig, maxFrame: 1024, maxMessage: 1024),
    ]

    @Test(arguments: refusals)
    func brokenFramesAreRefusedWithTheirCloseCode(_ refusal: Refusal) {
        let error = Self.refusal(refusal.bytes, maxFrame: refusal.maxFrame, maxMessage: refusal.maxMessage)
        #expect(error?.closeCode == refusal.code, "\(refusal.name): \(String(describing: error))")
    }

    @Test func anOversizedFrameIsRefusedBeforeItsPayloadArrives() throws {
        var parser = WebSocketFrameParser(maxFrameSize: 1024)
        parser.append([0x82, 0xFF, 0, 0, 0, 0, 0x10, 0, 0, 0]) // announces 256 MiB, sends none of it
        #expect(throws: WebSocketProtocolError(.messageTooBig, "a frame of 268435456 bytes is over the limit of 1024")) {
            try parser.nextFrame()
        }
    }

    @Test func aCloseFrameKeepsItsReasonWithinTheControlFrameLimit() {
        let frame = WebSocketFrame.close(.normal, reason: String(repeating: "é", count: 100))
        #expect(frame.payload.count <= 125)
        #expect(String(validating: frame.payload[2...], as: UTF8.self) != nil)
    }

    @Test func theAcceptValueIsTheOneOfRFC6455sExample() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func handshakeRefusalsSay426Or400() {
        func status(_ headers: HTTPHeaders) -> Int? {
            do {
                _ = try WebSocketHandshake.responseHeaders(for: HTTPRequest(method: .get, path: "/ws", headers: headers))
                return 101
            } catch { return error.status.code }
        }
        let good: HTTPHeaders = ["Upgrade": "websocket", "Connection": "keep-alive, Upgrade", "Sec-WebSocket-Version": "13",
                                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="]
        #expect(status(good) == 101)
        #expect(status([:]) == 426)
        #expect(status(["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "8", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="]) == 426)
        #expect(status(["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "c2hvcnQ="]) == 400)
        #expect(status(["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"]) == 400)
    }
}
