import Testing
import TodoHTTP

/// Request ids: the client's when sane, else a fresh one; in the context and the response.
@Suite struct RequestIDMiddlewareTests {
    private func responder() -> RouterResponder<TestContext> {
        let router = Router<TestContext>()
        router.add(middleware: RequestIDMiddleware())
        router.get("/id") { _, context in HTTPResponse(body: Array(context.requestID.utf8)) }
        return router.buildResponder()
    }

    @Test func aSaneClientIDIsKeptAndEchoed() {
        let response = responder().respond(.get, "/id", headers: ["X-Request-Id": "trace-42.a_B"])
        #expect(response.text == "trace-42.a_B")
        #expect(response.headers["X-Request-Id"] == "trace-42.a_B")
    }

    @Test(arguments: ["has spaces", "", String(repeating: "a", count: 129), "naïve", "a\"b"])
    func anUnacceptableClientIDIsReplaced(_ given: String) {
        let response = responder().respond(.get, "/id", headers: ["X-Request-Id": given])
        #expect(response.text != given)
        #expect(response.headers["X-Request-Id"] == response.text)
        #expect(response.text.count == 16)
    }

    @Test func generatedIDsAreSixteenHexDigitsAndDiffer() {
        let responder = responder()
        let ids = (0..<1000).map { _ in responder.respond(.get, "/id").text }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
    }
}
