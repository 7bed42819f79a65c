import Testing
import TodoHTTP

/// A positive whole number, refused as a 404 like an unknown one.
private struct PageNumber: RouteParameter {
    let value: Int

    init(routeParameter text: String) throws {
        guard let value = Int(text), value > 0 else { throw HTTPError.notFound("page \(text) not found") }
        self.value = value
    }
}

/// Route parameters read typed: `context.parameters.require("id", as: Type.self)`.
@Suite struct RouteParameterTests {
    private func responder() -> RouterResponder<TestContext> {
        let router = Router<TestContext>()
        router.add(middleware: ErrorMiddleware(logger: .disabled))
        router.get("/pages/:number") { _, context in
            let page = try context.parameters.require("number", as: PageNumber.self)
            return HTTPResponse(body: Array("page \(page.value + 1)".utf8))
        }
        router.get("/pages") { _, context in
            HTTPResponse(body: Array(try context.parameters.require("number").utf8))
        }
        return router.buildResponder()
    }

    @Test func aParameterIsReadAsItsType() {
        #expect(responder().respond(.get, "/pages/41").text == "page 42")
    }

    @Test func aSegmentTheTypeRefusesAnswersWithTheTypesError() {
        let response = responder().respond(.get, "/pages/zero")
        #expect(response.status == .notFound)
        #expect(response.text == #"{"error":{"code":"not_found","message":"page zero not found","details":{}}}"#)
    }

    @Test func requiringAParameterTheRouteLacksIsTheServersFailure() {
        let response = responder().respond(.get, "/pages")
        #expect(response.status == .internalServerError)
        #expect(response.errorCode == "internal_error")
    }
}

/// A handler's result that knows its response, as the backend's JSON results do.
private struct Greeting: ResponseGenerator {
    let name: String

    func response() -> HTTPResponse {
        HTTPResponse(status: .created, headers: ["X-Greeting": "yes"], body: Array("hello \(name)".utf8))
    }
}

/// Handlers return values; the router makes the response from them.
@Suite struct ResponseGeneratorTests {
    @Test func aHandlersResultBecomesItsResponseInARouteAndInAGroup() {
        let router = Router<TestContext>()
        router.get("/hello/:name") { _, context in Greeting(name: try context.parameters.require("name")) }
        router.group("/api").add(middleware: NamedMiddleware("api")).post("/hello") { _, _ in Greeting(name: "group") }
        let responder = router.buildResponder()

        let direct = responder.respond(.get, "/hello/ann")
        #expect(direct.status == .created)
        #expect(direct.text == "hello ann")
        #expect(direct.values("X-Greeting") == ["yes"])
        let grouped = responder.respond(.post, "/api/hello")
        #expect(grouped.text == "hello group")
        #expect(grouped.values("X-After") == ["api"])
    }
}
