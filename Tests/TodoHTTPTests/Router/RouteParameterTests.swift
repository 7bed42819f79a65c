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
        #expect(response.text == #"{"error":{"code":"not_found","message":"page zero not found"}}"#)
    }

    @Test func requiringAParameterTheRouteLacksIsTheServersFailure() {
        let response = responder().respond(.get, "/pages")
        #expect(response.status == .internalServerError)
        #expect(response.errorCode == "internal_error")
    }
}
