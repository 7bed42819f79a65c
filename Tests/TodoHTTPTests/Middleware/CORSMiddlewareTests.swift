import Testing
import TodoHTTP

/// Cross-origin requests, with the middleware in the order the backend uses: CORS outside the
/// error middleware, so error responses carry the CORS fields too.
@Suite struct CORSMiddlewareTests {
    private func responder(_ origins: CORSMiddleware<TestContext>.AllowedOrigins = .all) -> RouterResponder<TestContext> {
        let router = Router<TestContext>()
        router.add(middleware: CORSMiddleware(allowedOrigins: origins))
        router.add(middleware: ErrorMiddleware(logger: .disabled))
        router.get("/tasks", use: answer("list"))
        router.post("/tasks", use: answer("create"))
        return router.buildResponder()
    }

    private let preflight: HTTPHeaders = ["Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"]

    @Test func aPreflightIsAnsweredWithoutReachingARoute() {
        let response = responder().respond(.options, "/tasks", headers: preflight)
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS")
        #expect(response.headers["Access-Control-Allow-Headers"] == "Authorization, Content-Type, If-Match, X-Request-Id")
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        #expect(response.headers["Vary"] == nil)
    }

    @Test func aCrossOriginRequestGetsTheAllowAndExposeFields() {
        let response = responder().respond(.get, "/tasks", headers: ["Origin": "https://app.example.com"])
        #expect(response.text == "list []")
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Expose-Headers"] == "ETag, X-Request-Id, Location, Retry-After")
    }

    @Test func errorResponsesCarryTheCORSFieldsSoScriptsCanReadThem() {
        let missing = responder().respond(.get, "/nope", headers: ["Origin": "https://app.example.com"])
        #expect(missing.status == .notFound)
        #expect(missing.headers["Access-Control-Allow-Origin"] == "*")
    }

    @Test func aSameOriginRequestGetsNoCORSFields() {
        let response = responder().respond(.get, "/tasks")
        #expect(response.status == .ok)
        #expect(!response.headers.contains { $0.name.hasPrefix("Access-Control-") })
    }

    @Test func anOptionsRequestThatIsNoPreflightIsRouted() {
        // No Origin, or no Access-Control-Request-Method: an ordinary OPTIONS, and no route has it.
        let plain = responder().respond(.options, "/tasks")
        #expect(plain.status == .methodNotAllowed)
        #expect(plain.headers["Allow"] == "GET, HEAD, POST")
        let withoutMethod = responder().respond(.options, "/tasks", headers: ["Origin": "https://app.example.com"])
        #expect(withoutMethod.status == .methodNotAllowed)
    }

    @Test func aListOfOriginsEchoesAnAllowedOneAndVariesByOrigin() {
        let only = responder(.only(["https://app.example.com"]))
        let allowed = only.respond(.options, "/tasks", headers: preflight)
        #expect(allowed.status == .noContent)
        #expect(allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(allowed.headers["Vary"] == "Origin")
        let simple = only.respond(.get, "/tasks", headers: ["Origin": "https://app.example.com"])
        #expect(simple.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(simple.headers["Vary"] == "Origin")
    }

    @Test func anOriginNotOnTheListGetsNoCORSFieldsAndNoPreflight() {
        let only = responder(.only(["https://app.example.com"]))
        let refused = only.respond(.options, "/tasks", headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
        #expect(refused.status == .methodNotAllowed)
        #expect(refused.headers["Access-Control-Allow-Origin"] == nil)
        let simple = only.respond(.get, "/tasks", headers: ["Origin": "https://evil.example"])
        #expect(simple.status == .ok)
        #expect(simple.headers["Access-Control-Allow-Origin"] == nil)
    }
}
