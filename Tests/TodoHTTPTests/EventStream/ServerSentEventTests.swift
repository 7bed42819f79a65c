import Foundation
import Testing
import TodoHTTP
import TodoTestSupport

/// Server-sent events: the writer on plain strings, and streams served to a real client.
@Suite struct ServerSentEventTests {
    @Test func eachLineOfDataIsADataFieldAndIdsCannotBreakTheirLine() {
        let event = ServerSentEvent(id: "7\nevil: yes", event: "task.updated", data: "one\r\ntwo\rthree\nfour")
        #expect(String(decoding: event.encoded(), as: UTF8.self)
            == "id: 7\nevent: task.updated\ndata: one\ndata: two\ndata: three\ndata: four\n\n")
        #expect(String(decoding: ServerSentEvent(data: "").encoded(), as: UTF8.self) == "data: \n\n")
    }

    @Test(.enabled(if: TestComponent.websockets.runsTests, "needs the test venv's Python: run scripts/test"))
    func aClientReceivesEventsWithTheirIdsAndHeartbeatsAndTheStreamEndsCleanlyAtShutdown() throws {
        let test = try WebSocketTestServer(heartbeat: .milliseconds(100))
        let client = try PythonScript(WebSocketClientScript.source, arguments: ["sse", String(test.port), "100"])
        #expect(client.readLine() == "open text/event-stream")
        #expect(test.eventually { test.streams.withLock { $0.count } == 1 })
        #expect(test.broadcast(ServerSentEvent(id: "42", event: "task.created", data: #"{"a":1}"#)) == 1)
        #expect(test.broadcast(ServerSentEvent(id: "43", data: "two\nlines")) == 1)
        usleep(300_000) // a few heartbeats
        let start = ContinuousClock.now
        test.server.shutdown(gracePeriod: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(2))
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(try client.finish().utf8)) as? [String: Any])
        let events = answer["events"] as? [[String: String]] ?? []
        #expect(events == [["event": "hello", "data": "last event id: 41"],
                           ["id": "42", "event": "task.created", "data": #"{"a":1}"#],
                           ["id": "43", "data": "two\nlines"]])
        #expect((answer["comments"] as? [String] ?? []).contains(": heartbeat"))
        #expect(answer["ended"] as? Bool == true)
        #expect(test.streams.withLock { $0.isEmpty })
    }

    @Test func aClientThatNeverReadsIsDroppedAtTheQueueLimitAndItsStreamReleased() throws {
        // A connection whose socket is full makes no progress: libmicrohttpd closes it after the
        // idle timeout, which releases the stream.
        let test = try WebSocketTestServer(idleTimeoutSeconds: 1)
        let connection = try RawHTTPConnection(port: test.port)
        try connection.send("GET", "/events")
        #expect(test.eventually { test.streams.withLock { $0.count } == 1 })
        let stream = try #require(test.streams.withLock { $0.first })
        let event = ServerSentEvent(data: String(repeating: "x", count: 16 * 1024))
        var sent = 0
        while sent < 10_000, stream.send(event) { sent += 1 }
        #expect(sent < 10_000)
        #expect(stream.wasDropped)
        #expect(test.eventually { test.streams.withLock { $0.isEmpty } })
    }
}
