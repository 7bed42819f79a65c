import Foundation
import Testing
import TodoTestSupport

/// The server as a process: probes, routing errors, keep-alive, limits, shutdown, crashes.
@Suite struct ServerTests {
    @Test func probesAndDocument() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let client = server.client()
        let health = try client.get("/healthz")
        #expect(health.status == 200)
        #expect(health.text == #"{"service":"backend","status":"healthy"}"#)
        #expect(try client.get("/readyz").status == 200)
        let document = try client.get("/openapi.json")
        #expect(document.status == 200)
        #expect(try document.json()["openapi"] as? String == "3.1.0")
        #expect(server.stdout.contains("listening on http://127.0.0.1:\(server.port)"))
    }

    @Test func routingErrorsAreJSON() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let client = server.client()
        let missing = try client.get("/nope")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        let wrongMethod = try client.send("PUT", "/api/v1/tasks", json: [:] as [String: Any])
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD, POST", "HEAD is answered wherever GET is")
        #expect(try client.send("HEAD", "/healthz").status == 200)
    }

    @Test func keepsConnectionsAliveAndEchoesRequestIDs() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let client = server.client()
        for _ in 0..<50 { #expect(try client.get("/healthz").status == 200) }
        #expect(client.connectionsOpened == 1)
        let given = try client.send("GET", "/healthz", headers: [("X-Request-Id", "abc-123")])
        #expect(given.header("X-Request-Id") == "abc-123")
        let generated = try client.send("GET", "/healthz", headers: [("X-Request-Id", "bad id with spaces")])
        #expect(generated.header("X-Request-Id")?.count == 16)
        // Errors keep the connection too.
        _ = try client.get("/nope")
        _ = try client.send("POST", "/api/v1/tasks", json: ["title": "x"], authorized: false)
        #expect(try client.get("/healthz").status == 200)
        #expect(client.connectionsOpened == 1)
    }

    @Test func answersCORSPreflights() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let response = try server.client().send("OPTIONS", "/api/v1/tasks", headers: [
            ("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ])
        #expect(response.status == 204)
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        #expect(response.header("Access-Control-Allow-Headers")?.contains("Authorization") == true)
        // A browser MCP client sends and reads its session (MCP Streamable HTTP).
        #expect(response.header("Access-Control-Allow-Headers")?.contains("Mcp-Session-Id") == true)
        #expect(response.header("Access-Control-Allow-Headers")?.contains("Mcp-Protocol-Version") == true)
        let simple = try server.client().send("GET", "/healthz", headers: [("Origin", "https://app.example.com")])
        #expect(simple.header("Access-Control-Allow-Origin") == "*")
        #expect(simple.header("Access-Control-Expose-Headers")?.contains("Mcp-Session-Id") == true)
        #expect(simple.header("Access-Control-Expose-Headers")?.contains("Retry-After") == true)
    }

    @Test func silentConnectionsDoNotStarveOthers() throws {
        let database = try TestDatabase(.sqlite)
        // Every connection here comes from 127.0.0.1: the per-address limit (ConnectionLimitTests)
        // is lifted, so that this shows the server itself is not starved.
        let server = try ServerProcess(database: database, environment: ["TODO_MAX_CONNECTIONS_PER_CLIENT": "0"])
        var idle: [Int32] = []
        defer { for fd in idle { close(fd) } }
        for _ in 0..<1000 { idle.append(try HTTPTestClient.openIdleConnection(port: server.port)) }
        // Half of them even start a request and stall.
        for fd in idle.prefix(500) { _ = "GET /healthz HTTP/1.1\r\nHost: x\r\n".withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        let (client, _) = try server.registeredClient()
        let start = Date()
        for _ in 0..<20 { #expect(try client.get("/api/v1/tasks").status == 200) }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test(arguments: TestBackend.available)
    func acknowledgedChangesSurviveKill9(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        var ids: [String] = []
        var token = ""
        do {
            let server = try ServerProcess(database: database, environment: ["TODO_JWT_SECRET": String(repeating: "k", count: 40)])
            let (client, _) = try server.registeredClient()
            token = client.token!
            for n in 0..<20 { ids.append(try #require(try client.post("/api/v1/tasks", ["title": "task \(n)"]).json()["id"] as? String)) }
            #expect(try client.send("POST", "/api/v1/tasks/\(ids[0])/complete").status == 200)
            #expect(server.signal(SIGKILL))
        }
        let restarted = try ServerProcess(database: database, environment: ["TODO_JWT_SECRET": String(repeating: "k", count: 40)])
        let client = restarted.client(token: token)
        let tasks = try client.get("/api/v1/tasks?status=all&sort=created&order=asc&limit=100").json()["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.compactMap { $0["id"] as? String } == ids)
        #expect(tasks.first?["status"] as? String == "completed")
    }

    @Test func stopsGracefullyOnSIGTERM() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        #expect(try server.client().get("/healthz").status == 200)
        #expect(server.signal(SIGTERM))
        #expect(server.process.terminationStatus == 0)
        #expect(server.stderr.contains("msg=stopped"))
        // The database was closed cleanly: a new server opens it at once.
        let again = try ServerProcess(database: database)
        #expect(try again.client().get("/readyz").status == 200)
    }

    @Test func refusesAPortInUse() throws {
        let database = try TestDatabase(.sqlite)
        let first = try ServerProcess(database: database)
        let second = Process()
        second.executableURL = try TodoBinary.url()
        second.arguments = ["serve", "--db", database.url, "--port", String(first.port)]
        second.environment = ["HOME": database.directory.path, "PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        second.standardError = errors
        second.standardOutput = FileHandle.nullDevice
        try second.run()
        second.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(second.terminationStatus == 1)
        #expect(message.contains("port is in use"), "\(message)")
    }
}

/// What the server tells anyone who asks when something is wrong inside.
@Suite struct ServerDisclosureTests {
    @Test(arguments: TestBackend.available)
    func readinessFailureTellsTheLogNotTheClient(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        #expect(try server.client().get("/readyz").status == 200)
        try database.execute(backend == .sqlite ? "DROP TABLE users" : "DROP TABLE users CASCADE")

        let response = try server.client().get("/readyz")
        #expect(response.status == 503, "\(response)")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.text == #"{"status":"unavailable"}"#)
        let deadline = Date().addingTimeInterval(5)
        while !server.stderr.contains("not ready"), Date() < deadline { usleep(20_000) }
        #expect(server.stderr.contains("not ready") && server.stderr.contains("users"), "\(server.stderr)")
    }
}
