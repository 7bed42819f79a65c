import Testing
import TodoHTTP

/// The access log and the error middleware, in the order the backend uses them:
/// request id, access log, error middleware, routes.
@Suite struct LoggingMiddlewareTests {
    struct DiskOnFire: Error {}

    private func responder(_ log: LogCapture) -> RouterResponder<TestContext> {
        let router = Router<TestContext>()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: log.logger, probePaths: ["/healthz", "/readyz"]))
        router.add(middleware: ErrorMiddleware(logger: log.logger))
        router.get("/tasks", use: answer("list"))
        router.get("/healthz", use: answer("healthy"))
        router.get("/readyz") { _, _ -> HTTPResponse in throw HTTPError(.serviceUnavailable, code: "unavailable", message: "no database") }
        router.get("/bug") { _, _ -> HTTPResponse in throw DiskOnFire() }
        router.get("/outage") { _, _ -> HTTPResponse in throw HTTPError(.serviceUnavailable, code: "database_unavailable", message: "try later") }
        router.get("/busy") { _, _ -> HTTPResponse in throw HTTPError(.serviceUnavailable, code: "busy", message: "try in a moment") }
        router.get("/refused") { _, _ -> HTTPResponse in throw HTTPError.badRequest("no") }
        return router.buildResponder()
    }

    @Test func everyRequestHasOneAccessLogLineRoutedOrNot() {
        let log = LogCapture()
        let responder = responder(log)
        _ = responder.respond(to: HTTPRequest(method: .get, path: "/tasks", headers: ["X-Request-Id": "req-1"], remoteAddress: "192.0.2.7"))
        _ = responder.respond(to: HTTPRequest(method: .post, path: "/no where", headers: ["X-Request-Id": "req-2"]))

        let lines = log.lines()
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#"msg=request method=GET path=/tasks status=200 "#) == true, "\(lines)")
        #expect(lines.first?.contains(" request_id=req-1 remote=192.0.2.7") == true, "\(lines)")
        #expect(lines.last?.contains(#"method=POST path="/no where" status=404 "#) == true, "\(lines)")
    }

    @Test func probesAreLoggedOnlyWhenTheyFail() {
        let log = LogCapture()
        let responder = responder(log)
        #expect(responder.respond(.get, "/healthz").status == .ok)
        #expect(responder.respond(.get, "/readyz").status == .serviceUnavailable)

        let requests = log.lines().filter { $0.contains("msg=request ") }
        #expect(!requests.contains { $0.contains("path=/healthz status=200") }, "\(requests)")
        #expect(requests.contains { $0.contains("path=/readyz status=503") }, "\(requests)")
    }

    @Test func anUnexpectedErrorIs500NamingTheRequestIDAndIsLoggedWithItsCause() {
        let log = LogCapture()
        let response = responder(log).respond(.get, "/bug", headers: ["X-Request-Id": "req-9"])

        #expect(response.status == .internalServerError)
        #expect(response.errorCode == "internal_error")
        #expect(response.text.contains("request id req-9"))
        #expect(!response.text.contains("DiskOnFire"))
        let errors = log.lines().filter { $0.contains("level=error") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("request_id=req-9") == true, "\(errors)")
        #expect(errors.first?.contains("DiskOnFire") == true, "\(errors)")
        #expect(log.lines().contains { $0.contains("path=/bug status=500") })
    }

    @Test func serverErrorsAreLoggedAndClientErrorsAreNot() {
        let log = LogCapture()
        let responder = responder(log)
        #expect(responder.respond(.get, "/outage").status == .serviceUnavailable)
        #expect(responder.respond(.get, "/refused").status == .badRequest)

        let errors = log.lines().filter { $0.contains("level=error") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("database_unavailable") == true, "\(errors)")
    }

    /// Shedding load is by design: a warning, however many.
    @Test func aBusyRefusalIsAWarning() {
        let log = LogCapture()
        #expect(responder(log).respond(.get, "/busy").status == .serviceUnavailable)
        #expect(!log.lines().contains { $0.contains("level=error") }, "\(log.lines())")
        #expect(log.lines().contains { $0.contains("level=warning") && $0.contains("request refused for now") }, "\(log.lines())")
    }
}
