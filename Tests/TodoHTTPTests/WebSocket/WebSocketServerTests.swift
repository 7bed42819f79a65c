import Foundation
import Testing
import TodoHTTP
import TodoTestSupport

/// The server's WebSockets against real clients: the `websockets` package for what a good client
/// does, raw bytes for what a broken or hostile one does. Each refusal gets its close code, a
/// log line and a metric, and the server goes on.
@Suite(.enabled(if: TestComponent.websockets.runsTests, "needs the Python websockets package: run scripts/test"))
struct WebSocketServerTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static let key: [UInt8] = [1, 2, 3, 4]

    @Test func aRealClientGetsEchoesOfTextBinaryAndFragmentedMessagesAPongAndItsCloseCodeBack() throws {
        try TestComponent.websockets.require()
        let test = try WebSocketTestServer()
        let answer = try test.client("echo")
        #expect(answer["text"] as? String == "héllo")
        #expect(answer["binary"] as? String == "000102")
        #expect(answer["fragmented"] as? String == "fragmented")
        #expect(answer["pong"] as? Bool == true)
        #expect(answer["close_code"] as? Int == 4000)
        #expect(test.eventually { test.metrics.connections == 0 })
        #expect(test.closes == [WebSocketCloseCode(rawValue: 4000)])
    }

    @Test func aPlainRequestGets426AndARefusingHandlerItsOwnStatus() throws {
        let test = try WebSocketTestServer()
        let connection = try RawHTTPConnection(port: test.port)
        let plain = try connection.request("GET", "/ws/echo")
        #expect(plain.status == 426)
        #expect(plain.header("Upgrade") == "websocket")
        let upgrade = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Version", "13"),
                       ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")]
        #expect(try connection.request("GET", "/ws/refuse", headers: upgrade).status == 403)
        #expect(try connection.request("GET", "/ws/echo", headers: Array(upgrade.dropLast()) + [("Sec-WebSocket-Key", "short")]).status == 400)
        // An HTTP/1.0 upgrade cannot be taken over (libmicrohttpd upgrades HTTP/1.1 only): a 400
        // says so, where the connection was closed without a word.
        let old = try RawHTTPConnection(port: test.port)
        try old.write("GET /ws/echo HTTP/1.0\r\nHost: x\r\n" + upgrade.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n")
        let refused = try old.readResponse()
        #expect(refused.status == 400, "\(refused)")
        #expect(refused.text.contains("HTTP/1.1"), "\(refused.text)")
        #expect(test.metrics.connections == 0)
    }

    @Test func theUpgradeSaysConnectionUpgradeOnce() throws {
        let test = try WebSocketTestServer()
        let connection = try RawHTTPConnection(port: test.port)
        try connection.send("GET", "/ws/echo", headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                          ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")])
        let switched = try connection.readResponse(bodyless: true)
        #expect(switched.status == 101)
        #expect(switched.header("Connection")?.lowercased() == "upgrade", "\(switched)")
    }

    struct Hostile: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var code: Int
        var metric: String
        var testDescription: String { name }
    }

    static let hostile: [Hostile] = [
        Hostile(name: "unmasked frame", bytes: WebSocketFrame.text("hi").encoded(), code: 1002, metric: "todo_websocket_protocol_errors_total"),
        Hostile(name: "garbage", bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8), code: 1002, metric: "todo_websocket_protocol_errors_total"),
        Hostile(name: "text that is not UTF-8", bytes: WebSocketFrame(opcode: .text, payload: [0xC3, 0x28]).encoded(maskingKey: key),
                code: 1007, metric: "todo_websocket_invalid_payloads_total"),
        Hostile(name: "oversized frame", bytes: WebSocketFrame(opcode: .binary, payload: Array(repeating: 0, count: 5000)).encoded(maskingKey: key),
                code: 1009, metric: "todo_websocket_oversized_messages_total"),
    ]

    @Test(arguments: hostile)
    func aHostileFrameClosesTheConnectionWithItsCodeALogLineAndAMetric(_ hostile: Hostile) throws {
        try TestComponent.websockets.require()
        let test = try WebSocketTestServer()
        let answer = try test.client("raw", "/ws/echo", Self.hex(hostile.bytes))
        #expect(answer["close_code"] as? Int == hostile.code)
        #expect(answer["closed_by_server"] as? Bool == true)
        #expect(test.eventually { test.metrics.connections == 0 })
        #expect(test.metrics.snapshot.first { $0.name == hostile.metric }?.value == 1)
        #expect(test.log.lines().contains { $0.contains("websocket client refused") && $0.contains("close_code=\(hostile.code)") })
        // The server goes on: a good client is served next.
        #expect(try test.client("echo")["text"] as? String == "héllo")
    }

    @Test func aPingFloodIsAnsweredUpToItsAllowanceThenClosedWith1008() throws {
        try TestComponent.websockets.require()
        let test = try WebSocketTestServer()
        let answer = try test.client("pingflood")
        #expect(answer["close_code"] as? Int == 1008)
        #expect((answer["pongs"] as? Int ?? 0) == 10) // the burst: twice the 5 a second
        #expect(test.metrics.snapshot.first { $0.name == "todo_websocket_ping_floods_total" }?.value == 1)
        #expect(test.metrics.prometheusText().contains("# TYPE todo_websocket_ping_floods_total counter\ntodo_websocket_ping_floods_total 1\n"))
    }

    @Test func aClientThatNeverReadsIsDroppedAtTheQueueLimit() throws {
        let test = try WebSocketTestServer()
        let connection = try RawHTTPConnection(port: test.port)
        try connection.send("GET", "/ws/flood", headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                          ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")])
        // Reads nothing: the kernel's buffers fill, then the server's queue.
        #expect(test.eventually { test.metrics.snapshot.first { $0.name == "todo_websocket_slow_clients_dropped_total" }?.value == 1 })
        #expect(test.eventually { test.metrics.connections == 0 })
        #expect(test.closes == [.tryAgainLater])
        #expect(test.log.lines().contains { $0.contains("websocket client dropped") })
    }

    /// A client that vanished without a word answers no ping: it is ended after two silent
    /// intervals. One that answers (every real client does) stays however long it is idle.
    @Test func aPeerThatAnswersNoPingIsEndedAndOneThatAnswersStays() throws {
        try TestComponent.websockets.require()
        let test = try WebSocketTestServer(keepAlive: .milliseconds(300))
        let alive = try PythonScript(WebSocketClientScript.source, arguments: ["hold", String(test.port)])
        #expect(alive.readLine() == "open")
        let gone = try RawHTTPConnection(port: test.port)
        try gone.send("GET", "/ws/echo", headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                   ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")])
        #expect(try gone.readResponse(bodyless: true).status == 101)
        #expect(test.eventually { test.metrics.connections == 2 })
        #expect(test.eventually(timeout: .seconds(5)) {
            test.metrics.snapshot.first { $0.name == "todo_websocket_silent_peers_ended_total" }?.value == 1
        })
        // The count drops when the ended connection is closed, a moment after it is counted as ended.
        #expect(test.eventually { test.metrics.connections == 1 })
        usleep(1_500_000) // five intervals: the answering client is pinged and stays
        #expect(test.metrics.connections == 1)
        #expect(test.metrics.snapshot.first { $0.name == "todo_websocket_silent_peers_ended_total" }?.value == 1)
        #expect(test.log.lines().contains { $0.contains("answered no ping") })
        test.server.shutdown(gracePeriod: .seconds(2))
        _ = try alive.finish()
    }

    @Test func anIdleWebSocketOutlivesTheHTTPIdleTimeoutAndAStopClosesItWith1001() throws {
        try TestComponent.websockets.require()
        let test = try WebSocketTestServer(idleTimeoutSeconds: 1)
        let client = try PythonScript(WebSocketClientScript.source, arguments: ["hold", String(test.port)])
        #expect(client.readLine() == "open")
        #expect(test.eventually { test.metrics.connections == 1 })
        usleep(2_500_000)
        #expect(test.metrics.connections == 1)
        let start = ContinuousClock.now
        test.server.shutdown(gracePeriod: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(3))
        let answer = try JSONSerialization.jsonObject(with: Data(try client.finish().utf8)) as? [String: Any]
        #expect(answer?["close_code"] as? Int == 1001)
        #expect(test.closes == [.goingAway])
    }
}
