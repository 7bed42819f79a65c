import Foundation
import Testing
import TodoHTTP

/// Stopping the server: idle connections do not hold it up, requests that arrive meanwhile are
/// refused with 503 and `Connection: close`, uploads get the grace period, and a request a
/// worker is answering is always waited for.
@Suite struct HTTPServerShutdownTests {
    @Test func idleConnectionsDoNotDelayTheStopAndNewOnesAreRefusedAfter() throws {
        let test = try TestServer()
        let connection = try test.connect()
        #expect(try connection.request("GET", "/hello").status == 200)

        let start = ContinuousClock.now
        test.server.shutdown(gracePeriod: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(try connection.isClosedByServer())
        #expect(throws: RawHTTPError.self) { try test.connect() }
        test.server.shutdown(gracePeriod: .seconds(5)) // a second stop does nothing
    }

    @Test func requestsArrivingAfterTheStopBeganGet503AndConnectionClose() throws {
        let test = try TestServer()
        defer { test.stop() }
        // A write in progress keeps the stop waiting while the other connection is tried.
        let writer = try test.connect()
        try writer.send("POST", "/hold", body: Array("x".utf8))
        #expect(test.gate.waitForArrival())
        let reader = try test.connect()
        #expect(try reader.request("GET", "/hello").status == 200)

        let server = test.server
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            server.shutdown(gracePeriod: .seconds(30))
            stopped.signal()
        }.start()
        // Requests are answered as usual until the stop is under way.
        var refusal: RawResponse?
        for _ in 0..<1000 where refusal == nil {
            let response = try reader.request("GET", "/hello")
            if response.status == 503 { refusal = response } else { usleep(2_000) }
        }
        let refused = try #require(refusal)
        #expect(refused.errorCode == "shutting_down")
        #expect(refused.header("Connection")?.lowercased() == "close")
        #expect(try reader.isClosedByServer())

        test.gate.open()
        #expect(try writer.readResponse().text == "held")
        #expect(stopped.wait(timeout: .now() + 5) == .success)
    }

    @Test func aRequestOnAWorkerIsWaitedForPastTheGracePeriod() throws {
        let test = try TestServer()
        defer { test.stop() }
        let writer = try test.connect()
        try writer.send("POST", "/hold", body: Array("x".utf8))
        #expect(test.gate.waitForArrival())

        let gate = test.gate
        Thread {
            usleep(500_000) // ten grace periods
            gate.open()
        }.start()
        test.server.shutdown(gracePeriod: .milliseconds(50))
        #expect(gate.isOpen, "the stop returned while a worker was still answering")
        let answer = try writer.readResponse()
        #expect(answer.status == 200)
        #expect(answer.text == "held")
    }

    @Test func aStalledUploadIsWaitedForOnlyForTheGracePeriod() throws {
        // The idle timeout bounds the test should the stop wait for the upload regardless.
        let test = try TestServer { $0.idleTimeoutSeconds = 5 }
        defer { test.stop() }
        let uploader = try test.connect()
        // 100 Continue shows the server has begun the request; then the body stalls.
        try uploader.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n")
        #expect(try uploader.readResponse().status == 100)
        try uploader.write("only a part")

        let start = ContinuousClock.now
        test.server.shutdown(gracePeriod: .milliseconds(300))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300), "the stop did not wait for the upload in progress")
        #expect(elapsed < .seconds(3), "the stop waited for the upload past the grace period")
        #expect(try uploader.isClosedByServer())
    }
}
