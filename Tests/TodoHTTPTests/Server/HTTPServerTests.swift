import Foundation
import Testing
import TodoHTTP

/// The server over real sockets: keep-alive, HEAD, body and URI limits, paths it refuses,
/// idle connections. `TestServer` has the routes; its limits are 1024 body bytes and 256 URI bytes.
@Suite struct HTTPServerTests {
    @Test func oneConnectionServesReadsWritesAndErrorsInTurn() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        for round in 0..<10 {
            let hello = try connection.request("GET", "/hello")
            #expect(hello.text == "hello")
            #expect(try connection.request("POST", "/echo", body: Array("round \(round)".utf8)).text == "round \(round)")
            let missing = try connection.request("GET", "/nope")
            #expect(missing.status == 404)
            let wrongMethod = try connection.request("DELETE", "/hello")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "GET, HEAD")
            #expect([hello, missing, wrongMethod].allSatisfy { $0.header("Connection")?.lowercased() != "close" })
        }
    }

    @Test func headAnnouncesTheLengthOfGetAndSendsNoBody() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        let head = try connection.request("HEAD", "/hello")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "5")
        // Had the HEAD's answer carried a body, it would be read here in place of a status line.
        #expect(try connection.request("GET", "/hello").text == "hello")
        let missing = try connection.request("HEAD", "/nope")
        #expect(missing.status == 404)
        #expect(try connection.request("GET", "/hello").text == "hello")
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAWorkersIncluded() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        try connection.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n" +
                             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond" +
                             "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n" +
                             "GET /query?n=4 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.readResponse().text == "hello")
        #expect(try connection.readResponse().text == "second")
        #expect(try connection.readResponse().status == 404)
        #expect(try connection.readResponse().text == "n=4\n")
    }

    @Test func aClientAskingToCloseGetsItsAnswerThenTheClose() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        let response = try connection.request("GET", "/hello", headers: [("Connection", "close")])
        #expect(response.text == "hello")
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(try connection.isClosedByServer())
    }

    @Test func aBodyUpToTheLimitReachesTheHandler() throws {
        let test = try TestServer()
        defer { test.stop() }
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1024)
        #expect(try test.connect().request("POST", "/echo", body: body).body == body)
    }

    @Test func aChunkedBodyIsReassembled() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        #expect(try connection.readResponse().text == "hello world")
    }

    @Test func anAnnouncedOversizeBodyIsRefusedBeforeItIsSent() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // Only the head: the 413 must not wait for 1025 bytes that never come.
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(response.errorCode == "payload_too_large")
        #expect(response.text.contains("1024 bytes"))
        // The unread body must not be taken for the next request: the connection ends here.
        #expect(response.header("Connection")?.lowercased() == "close")
        try connection.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.isClosedByServer())
    }

    @Test func conflictingContentLengthsAreRefusedAndTheConnectionClosed() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // Which length frames the body is ambiguous (a proxy in front may take the other one):
        // whatever follows could be body or a smuggled request.
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 35\r\n\r\n" +
                             "hiGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 400)
        #expect(response.text.contains("Content-Length"))
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(try connection.isClosedByServer())
    }

    @Test func contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // CL.TE: a proxy framing by Content-Length sees one request, a chunked reader two.
        let body = "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        let response = try connection.readResponse()
        #expect(response.status == 400)
        #expect(response.text.contains("Transfer-Encoding"))
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(try connection.isClosedByServer())
    }

    @Test func aRepeatedContentLengthOfTheSameValueIsAccepted() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi")
        #expect(try connection.readResponse().text == "hi")
        #expect(try connection.request("GET", "/hello").text == "hello")
    }

    @Test func anOversizeChunkedBodyIsReadThenRefusedAndTheConnectionKept() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        let chunk = String(repeating: "y", count: 600)
        try connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(response.errorCode == "payload_too_large")
        #expect(try connection.request("GET", "/hello").text == "hello")
    }

    @Test func theURILimitCountsPathAndQuery() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // "/query?a=" is 9 bytes.
        let atLimit = try connection.request("GET", "/query?a=" + String(repeating: "q", count: 247))
        #expect(atLimit.status == 200)
        #expect(atLimit.text == "a=\(String(repeating: "q", count: 247))\n")
        let overQuery = try connection.request("GET", "/query?a=" + String(repeating: "q", count: 248))
        #expect(overQuery.status == 414)
        #expect(overQuery.errorCode == "uri_too_long")
        #expect(try connection.request("GET", "/" + String(repeating: "p", count: 255)).status == 404)
        #expect(try connection.request("GET", "/" + String(repeating: "p", count: 256)).status == 414)
    }

    @Test func theURILimitCountsTheURIAsSentNotAsDecoded() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // 9 + 3 × 83 = 258 bytes on the wire, 92 once decoded.
        let encoded = try connection.request("GET", "/query?a=" + String(repeating: "%41", count: 83))
        #expect(encoded.status == 414)
        #expect(encoded.errorCode == "uri_too_long")
        let encodedPath = try connection.request("GET", "/" + String(repeating: "%70", count: 86))
        #expect(encodedPath.status == 414)
        // Refused after its body was read: the connection goes on.
        #expect(try connection.request("POST", "/echo?a=" + String(repeating: "%41", count: 83), body: Array("x".utf8)).status == 414)
        #expect(try connection.request("GET", "/hello").text == "hello")
    }

    @Test func queryParametersArriveDecodedAndInOrder() throws {
        let test = try TestServer()
        defer { test.stop() }
        let response = try test.connect().request("GET", "/query?tag=a&tag=b%20c&empty=&q=%C3%BC")
        #expect(response.text == "tag=a\ntag=b c\nempty=\nq=ü\n")
    }

    @Test func anAbsoluteFormTargetIsRoutedByItsPath() throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        // RFC 9112 §3.2.2: what clients send to a proxy, and a server must accept.
        #expect(try connection.request("GET", "http://127.0.0.1:\(test.port)/hello").text == "hello")
        #expect(try connection.request("GET", "HTTPS://example.com/query?a=1").text == "a=1\n")
        #expect(try connection.request("GET", "http://example.com").status == 404)
    }

    @Test(arguments: [("/hello%00x", "NUL"), ("/%FF", "UTF-8"), ("/query?a=%00", "NUL")])
    func aPathOrQueryThatCannotBeReadIsRefusedWith400(_ target: String, _ reason: String) throws {
        let test = try TestServer()
        defer { test.stop() }
        let connection = try test.connect()
        let response = try connection.request("GET", target)
        #expect(response.status == 400)
        #expect(response.text.contains(reason))
        #expect(try connection.request("GET", "/hello").text == "hello")
    }

    @Test func handlersSeeThePeerAddress() throws {
        let test = try TestServer()
        defer { test.stop() }
        #expect(try test.connect().request("GET", "/peer").text == "127.0.0.1")
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() throws {
        let test = try TestServer { $0.idleTimeoutSeconds = 1 }
        defer { test.stop() }
        let connection = try test.connect(timeout: .seconds(4))
        #expect(try connection.request("GET", "/hello").text == "hello")
        let start = ContinuousClock.now
        #expect(try connection.isClosedByServer())
        #expect(ContinuousClock.now - start >= .milliseconds(500))
    }
}

/// What one slow or greedy client can hold (an outside check held every connection with a
/// header byte a minute).
@Suite struct ConnectionLimitTests {
    /// libmicrohttpd's idle timeout counts from the last byte: a trickle of header bytes kept a
    /// connection for ever. The headers must now be complete within it.
    @Test func aClientTricklingItsHeadersIsClosedAtTheIdleTimeout() throws {
        let test = try TestServer { $0.idleTimeoutSeconds = 2 }
        defer { test.stop() }
        let slow = try test.connect()
        let started = ContinuousClock.now
        try slow.write("GET /hello HTTP/1.1\r\n")
        var closed = false
        for index in 0..<16 {
            Thread.sleep(forTimeInterval: 0.4)
            // A byte at a time, well inside the idle timeout each.
            if (try? slow.write("X-Slow-\(index): y\r\n")) == nil { closed = true; break }
            slow.setTimeout(.milliseconds(10))
            if try slow.isClosedByServer() { closed = true; break }
        }
        #expect(closed, "a connection that never completes its headers stays open")
        #expect(ContinuousClock.now - started < .seconds(5))

        // A client that does complete its requests keeps its connection between them.
        let steady = try test.connect()
        for _ in 0..<3 {
            #expect(try steady.request("GET", "/hello").text == "hello")
            Thread.sleep(forTimeInterval: 1)
        }
    }

    /// The body too: a byte every 0.4 s kept the connection (the timeout counted from the last
    /// byte), while a body sent at once is answered.
    @Test func aClientTricklingItsBodyIsClosedAtTheIdleTimeout() throws {
        let test = try TestServer { $0.idleTimeoutSeconds = 2 }
        defer { test.stop() }
        let slow = try test.connect()
        let started = ContinuousClock.now
        try slow.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        var closed = false
        for _ in 0..<16 {
            Thread.sleep(forTimeInterval: 0.4)
            if (try? slow.write("y")) == nil { closed = true; break }
            slow.setTimeout(.milliseconds(10))
            if try slow.isClosedByServer() { closed = true; break }
        }
        #expect(closed, "a connection that never completes its body stays open")
        #expect(ContinuousClock.now - started < .seconds(5))
        let steady = try test.connect()
        #expect(try steady.request("POST", "/echo", body: Array("hello".utf8)).text == "hello")
    }

    @Test func oneClientAddressHoldsAtMostItsShareOfConnections() throws {
        let test = try TestServer { $0.maxConnectionsPerClient = 3 }
        defer { test.stop() }
        var held = try (0..<3).map { _ in try test.connect() }
        for connection in held { #expect(try connection.request("GET", "/hello").text == "hello") }
        let extra = try test.connect(timeout: .seconds(2))
        #expect(try extra.isClosedByServer(), "a fourth connection from the same address is refused")
        held.removeFirst()  // closed as it goes
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try test.connect().request("GET", "/hello").text == "hello", "a freed place can be taken again")
    }
}
