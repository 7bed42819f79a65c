import Testing
import TodoHTTP

/// Route groups (shared prefix and middleware) and the order middleware runs in.
@Suite struct RouterGroupTests {
    @Test func routerMiddlewareRunsInTheOrderAddedTheFirstOutermost() {
        let router = Router<TestContext>()
        router.add(middleware: NamedMiddleware("first")).add(middleware: NamedMiddleware("second"))
        router.get("/healthz", use: answer("health"))

        let response = router.buildResponder().respond(.get, "/healthz")
        #expect(response.text == #"health ["first", "second"]"#)
        #expect(response.values("X-After") == ["second", "first"])
    }

    @Test func routerMiddlewareAlsoWrapsRequestsNoRouteMatches() {
        let router = Router<TestContext>()
        router.add(middleware: NamedMiddleware("outer"))
        router.add(middleware: ErrorMiddleware(logger: .disabled))
        router.get("/healthz", use: answer("health"))
        let responder = router.buildResponder()

        let missing = responder.respond(.get, "/nope")
        #expect(missing.status == .notFound)
        #expect(missing.values("X-After") == ["outer"])
        let wrongMethod = responder.respond(.delete, "/healthz")
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.values("X-After") == ["outer"])
    }

    @Test func groupMiddlewareWrapsOnlyTheGroupsRoutesInsideTheRouters() {
        let router = Router<TestContext>()
        router.add(middleware: NamedMiddleware("router"))
        router.get("/healthz", use: answer("health"))
        let api = router.group("/api/v1").add(middleware: NamedMiddleware("auth")).add(middleware: NamedMiddleware("audit"))
        api.get("/tasks", use: answer("list"))
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/api/v1/tasks").text == #"list ["router", "auth", "audit"]"#)
        #expect(responder.respond(.get, "/api/v1/tasks").values("X-After") == ["audit", "auth", "router"])
        #expect(responder.respond(.get, "/healthz").text == #"health ["router"]"#)
    }

    @Test func groupMiddlewareDoesNotSeePathsUnderItsPrefixThatNoRouteHas() {
        let router = Router<TestContext>()
        router.add(middleware: ErrorMiddleware(logger: .disabled))
        router.group("/api/v1").add(middleware: NamedMiddleware("auth")).get("/tasks", use: answer("list"))

        let missing = router.buildResponder().respond(.get, "/api/v1/nope")
        #expect(missing.status == .notFound)
        #expect(missing.values("X-After").isEmpty)
    }

    @Test func addingMiddlewareToAGroupMakesANewGroupAndLeavesTheOriginal() {
        let router = Router<TestContext>()
        let api = router.group("/api/v1")
        let authenticated = api.add(middleware: NamedMiddleware("auth"))
        api.post("/auth/login", use: answer("login"))
        authenticated.get("/me", use: answer("me"))
        let responder = router.buildResponder()

        #expect(responder.respond(.post, "/api/v1/auth/login").text == "login []")
        #expect(responder.respond(.get, "/api/v1/me").text == #"me ["auth"]"#)
    }

    @Test func nestedGroupsJoinPrefixesAndInheritMiddleware() {
        let router = Router<TestContext>()
        let v1 = router.group("api/").add(middleware: NamedMiddleware("api")).group("/v1/")
        let tasks = v1.group("tasks").add(middleware: NamedMiddleware("tasks"))
        tasks.get(use: answer("list"))
        tasks.get(":id", use: answer("show"))
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/api/v1/tasks").text == #"list ["api", "tasks"]"#)
        #expect(responder.respond(.get, "/api/v1/tasks/5").text == #"show ["api", "tasks"]"#)
        #expect(router.declarations.map { "\($0.method) \($0.path)" }.sorted() == ["GET /api/v1/tasks", "GET /api/v1/tasks/:id"])
    }

    @Test func groupMiddlewareSeesTheRouteParameters() {
        struct RequireNumericID: Middleware {
            func handle(_ request: HTTPRequest, context: TestContext,
                        next: (HTTPRequest, TestContext) throws -> HTTPResponse) throws -> HTTPResponse {
                guard let id = context.parameters["id"], Int(id) != nil else { throw HTTPError.badRequest("id must be a number") }
                return try next(request, context)
            }
        }
        let router = Router<TestContext>()
        router.group("/tasks").add(middleware: RequireNumericID()).get("/:id", use: answer("show"))
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/tasks/12").status == .ok)
        #expect(responder.respond(.get, "/tasks/twelve").status == .badRequest)
    }

    @Test func middlewareMayAnswerWithoutCallingTheRest() {
        struct Refuse: Middleware {
            func handle(_ request: HTTPRequest, context: TestContext,
                        next: (HTTPRequest, TestContext) throws -> HTTPResponse) throws -> HTTPResponse {
                HTTPResponse(status: .forbidden)
            }
        }
        let router = Router<TestContext>()
        router.add(middleware: NamedMiddleware("outer"))
        router.group("/admin").add(middleware: Refuse()).add(middleware: NamedMiddleware("inner")).get("/stats", use: answer("stats"))

        let response = router.buildResponder().respond(.get, "/admin/stats")
        #expect(response.status == .forbidden)
        #expect(response.body.isEmpty)
        #expect(response.values("X-After") == ["outer"])
    }

    @Test func aChildContextGroupGivesItsRoutesTheContextItsMiddlewareMakes() {
        let router = Router<TestContext>()
        router.add(middleware: NamedMiddleware("router"))
        let api = router.group("/api/v1").add(middleware: NamedMiddleware("api"))
        let signedIn = api.group("/me", context: SignInMiddleware())
            .add(middleware: SignedInNamedMiddleware(name: "audit"))
        signedIn.get("/tasks/:id") { _, context in
            HTTPResponse(body: Array("\(context.user) \(context.parameters["id"] ?? "") \(context.passedThrough)".utf8))
        }
        let responder = router.buildResponder()

        let response = responder.respond(.get, "/api/v1/me/tasks/7", headers: ["X-User": "ann"])
        #expect(response.text == #"ann 7 ["router", "api", "sign-in", "audit"]"#)
        #expect(response.values("X-After") == ["api", "router"])
    }

    @Test func aChildContextMiddlewareThatRefusesKeepsTheRequestFromItsRoutes() {
        let router = Router<TestContext>()
        router.add(middleware: ErrorMiddleware(logger: .disabled))
        let api = router.group("/api/v1")
        api.post("/login", use: answer("login"))
        api.group(context: SignInMiddleware()).get("/me") { _, context in HTTPResponse(body: Array(context.user.utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/api/v1/me").status == .unauthorized)
        #expect(responder.respond(.post, "/api/v1/login").text == "login []")
        #expect(responder.respond(.get, "/api/v1/me", headers: ["X-User": "bob"]).text == "bob")
    }
}
