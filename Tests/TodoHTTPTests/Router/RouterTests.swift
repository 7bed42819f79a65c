import Testing
import TodoHTTP

/// Which route answers a request: literal, parameter and wildcard segments, 404 and 405, HEAD.
@Suite struct RouterTests {
    @Test func literalRoutesAnswerTheirOwnPathAndMethod() {
        let router = Router<TestContext>()
        router.get("/healthz", use: answer("health"))
        router.get("/api/v1/tasks", use: answer("list"))
        router.post("/api/v1/tasks", use: answer("create"))
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/healthz").text == "health []")
        #expect(responder.respond(.get, "/api/v1/tasks").text == "list []")
        #expect(responder.respond(.post, "/api/v1/tasks").text == "create []")
    }

    @Test func aLiteralRouteAnswersItsPathHoweverItIsWritten() {
        let router = Router<TestContext>()
        router.get("/api/v1/tasks/", use: answer("list"))
        router.get("/api/v1/tasks/:id", use: answer("show"))
        let responder = router.buildResponder()

        for path in ["/api/v1/tasks", "/api/v1/tasks/", "//api/v1//tasks"] {
            #expect(responder.respond(.get, path).text == "list []", "\(path)")
            #expect(responder.respond(.post, path).status == .methodNotAllowed, "\(path)")
        }
        #expect(responder.respond(.get, "/api/v1/tasks/7").text == "show []")
    }

    @Test func aPathNoRouteHasIs404WithTheJSONError() {
        let router = Router<TestContext>()
        router.get("/api/v1/tasks", use: answer("list"))
        let responder = router.buildResponder()

        for path in ["/nope", "/api/v1", "/api/v1/tasks/extra", "/"] {
            let response = responder.respond(.get, path)
            #expect(response.status == .notFound, "\(path)")
            #expect(response.errorCode == "not_found", "\(path)")
            #expect(response.headers["Content-Type"] == "application/json")
        }
    }

    @Test func parameterSegmentsCaptureTheirValues() {
        let router = Router<TestContext>()
        router.get("/users/:user/tasks/:id") { _, context in
            HTTPResponse(body: Array("\(context.parameters["user"] ?? "-") \(context.parameters["id"] ?? "-")".utf8))
        }
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/users/ada/tasks/12").text == "ada 12")
        #expect(responder.respond(.get, "/users/a b/tasks/ü").text == "a b ü")
        #expect(responder.respond(.get, "/users/ada/tasks").status == .notFound)
    }

    @Test func aLiteralSegmentWinsOverAParameter() {
        let router = Router<TestContext>()
        router.post("/tasks/parse", use: answer("parse"))
        router.get("/tasks/:id") { _, context in HTTPResponse(body: Array("show \(context.parameters["id"]!)".utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.post, "/tasks/parse").text == "parse []")
        #expect(responder.respond(.get, "/tasks/7").text == "show 7")
        // The literal route owns its path for every method: not a task called "parse".
        let wrongMethod = responder.respond(.get, "/tasks/parse")
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "POST")
    }

    /// Literals are told apart by their bytes, not only their lengths or first letters.
    @Test func literalsOfOneLengthAtOneLevelAreToldApart() {
        let router = Router<TestContext>()
        func named(_ route: String) -> RouteHandler<TestContext> {
            { _, context in HTTPResponse(body: Array("\(route) \(context.parameters["other"] ?? "-") \(context.parameters["id"]!)".utf8)) }
        }
        router.get("/a/tags/:id", use: named("tag"))
        router.get("/a/task/:id", use: named("task"))
        router.get("/a/tasl/:id", use: named("tasl"))
        router.get("/a/:other/:id", use: named("other"))
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/a/task/1").text == "task - 1")
        #expect(responder.respond(.get, "/a//tasl//2/").text == "tasl - 2")
        #expect(responder.respond(.get, "/a/tags/3").text == "tag - 3")
        #expect(responder.respond(.get, "/a/tasK/4").text == "other tasK 4")
        #expect(responder.respond(.get, "/a/tas/5").text == "other tas 5")
        #expect(responder.respond(.get, "/a/tasks/6").text == "other tasks 6")
    }

    @Test func aLiteralThatLeadsNowhereDoesNotHideAParameterRoute() {
        let router = Router<TestContext>()
        router.post("/tasks/parse", use: answer("parse"))
        router.post("/tasks/:id/complete") { _, context in HTTPResponse(body: Array("complete \(context.parameters["id"]!)".utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.post, "/tasks/parse/complete").text == "complete parse")
        #expect(responder.respond(.post, "/tasks/3/complete").text == "complete 3")
    }

    @Test func aMissingMethodIs405ListingTheAllowedOnes() {
        let router = Router<TestContext>()
        router.get("/tasks/:id", use: answer("show"))
        router.patch("/tasks/:id", use: answer("update"))
        router.delete("/tasks/:id", use: answer("delete"))
        let responder = router.buildResponder()

        let response = responder.respond(.put, "/tasks/4")
        #expect(response.status == .methodNotAllowed)
        #expect(response.errorCode == "method_not_allowed")
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD, PATCH", "HEAD is answered wherever GET is")
        // A method the router has never heard of is refused the same way.
        #expect(responder.respond(HTTPMethod("BREW"), "/tasks/4").headers["Allow"] == "DELETE, GET, HEAD, PATCH")
    }

    @Test func headIsAnsweredByTheGetRouteUnlessItHasItsOwn() {
        let router = Router<TestContext>()
        router.get("/healthz", use: answer("get"))
        router.get("/file", use: answer("get"))
        router.on(.head, "/file", use: answer("head"))
        router.post("/tasks", use: answer("create"))
        let responder = router.buildResponder()

        #expect(responder.respond(.head, "/healthz").text == "get []")
        #expect(responder.respond(.head, "/file").text == "head []")
        let postOnly = responder.respond(.head, "/tasks")
        #expect(postOnly.status == .methodNotAllowed)
        #expect(postOnly.headers["Allow"] == "POST")
    }

    @Test func aTrailingWildcardCapturesTheRestOfThePath() {
        let router = Router<TestContext>()
        router.get("/files/*") { _, context in HTTPResponse(body: Array("file \(context.parameters.wildcard ?? "nil")".utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/files/a.txt").text == "file a.txt")
        #expect(responder.respond(.get, "/files/docs/2026/report.pdf").text == "file docs/2026/report.pdf")
        // It stands for at least one segment: the folder itself is a route of its own, if any.
        #expect(responder.respond(.get, "/files").status == .notFound)
        #expect(responder.respond(.get, "/files/").status == .notFound)
        let wrongMethod = responder.respond(.post, "/files/a.txt")
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD")
    }

    @Test func literalAndParameterRoutesWinOverAWildcardBesideThem() {
        let router = Router<TestContext>()
        router.get("/app/*") { _, context in HTTPResponse(body: Array("page \(context.parameters.wildcard!)".utf8)) }
        router.get("/app/settings", use: answer("settings"))
        router.get("/app/:view/edit") { _, context in HTTPResponse(body: Array("edit \(context.parameters["view"]!)".utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/app/settings").text == "settings []")
        #expect(responder.respond(.get, "/app/list/edit").text == "edit list")
        #expect(responder.respond(.get, "/app/settings/profile").text == "page settings/profile")
        // A parameter route that does not match in the end leaves no value behind.
        let fallback = Router<TestContext>()
        fallback.get("/app/*") { _, context in
            HTTPResponse(body: Array("page \(context.parameters.wildcard!) view=\(context.parameters["view"] ?? "nil")".utf8))
        }
        fallback.get("/app/:view/edit", use: answer("edit"))
        #expect(fallback.buildResponder().respond(.get, "/app/list/show").text == "page list/show view=nil")
    }

    @Test func aWildcardFollowsParametersAndCatchesWhatTheRoutesBesideItMiss() {
        let router = Router<TestContext>()
        router.get("/users/:user/files/*") { _, context in
            HTTPResponse(body: Array("\(context.parameters["user"]!): \(context.parameters.wildcard!)".utf8))
        }
        router.get("/api/v1/tasks", use: answer("list"))
        router.get("/*") { _, context in HTTPResponse(body: Array("fallback \(context.parameters.wildcard!)".utf8)) }
        let responder = router.buildResponder()

        #expect(responder.respond(.get, "/users/ada/files/notes/today.md").text == "ada: notes/today.md")
        #expect(responder.respond(.get, "/api/v1/tasks").text == "list []")
        #expect(responder.respond(.get, "/api/v1/tasks/9").text == "fallback api/v1/tasks/9")
        #expect(responder.respond(.get, "/").status == .notFound)
    }

    @Test func theBuiltResponderIgnoresRoutesAddedAfterwards() {
        let router = Router<TestContext>()
        router.get("/before", use: answer("before"))
        let responder = router.buildResponder()
        router.get("/after", use: answer("after"))

        #expect(responder.respond(.get, "/before").status == .ok)
        #expect(responder.respond(.get, "/after").status == .notFound)
        #expect(router.buildResponder().respond(.get, "/after").status == .ok)
    }

    @Test func thrownErrorsBecomeResponsesThatRevealNothingInternal() {
        struct DiskOnFire: Error {}
        let router = Router<TestContext>()
        router.get("/conflict") { _, _ -> HTTPResponse in throw HTTPError(.conflict, code: "version_mismatch", message: "changed meanwhile") }
        router.get("/bug") { _, _ -> HTTPResponse in throw DiskOnFire() }
        let responder = router.buildResponder()

        let conflict = responder.respond(.get, "/conflict")
        #expect(conflict.status == .conflict)
        #expect(conflict.text == #"{"error":{"code":"version_mismatch","message":"changed meanwhile","details":{}}}"#)
        let bug = responder.respond(.get, "/bug")
        #expect(bug.status == .internalServerError)
        #expect(bug.errorCode == "internal_error")
        #expect(!bug.text.contains("DiskOnFire"))
    }
}
