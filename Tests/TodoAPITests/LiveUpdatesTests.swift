import Foundation
import Testing
import TodoTestSupport

/// The websocket service end to end through `todo serve`: changes made through the API reach
/// their user's WebSocket and SSE clients as DESIGN §6.3 messages, in order; a client resumes
/// with no gap and no duplicate; another user's messages are never seen; bad resume points
/// are refused.
@Suite(.enabled(if: TestComponent.websockets.runsTests, "needs the Python websockets package: run scripts/test"))
struct LiveUpdatesTests {
    /// A user's client: `ws PORT TOKEN FIRST_MESSAGE COUNT` or `sse PORT TOKEN LAST_EVENT_ID COUNT`
    /// ("-" for none). Prints "open" once it is attached, then the messages it received (until
    /// COUNT came or none came for 3 s) as JSON. `wslate` connects with `?token=` and sends its
    /// first message 2 s after "open".
    static let client = #"""
import json, sys, time, urllib.request
mode, port, token, first, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
messages = []
if mode in ("ws", "wslate"):
    from websockets.sync.client import connect
    from websockets.exceptions import ConnectionClosed
    url = "ws://127.0.0.1:%d/ws" % port + ("?token=" + token if first == "-" or mode == "wslate" else "")
    with connect(url) as ws:
        if first != "-" and mode == "ws": ws.send(first)
        try:
            ws.ping().wait(timeout=5)  # answered after the session is attached
        except ConnectionClosed:
            pass  # refused at once
        print("open", flush=True)
        if mode == "wslate":
            time.sleep(2)
            ws.send(first)
        try:
            while len(messages) < count:
                messages.append(json.loads(ws.recv(timeout=3)))
        except (TimeoutError, ConnectionClosed):
            pass
        print(json.dumps({"messages": messages, "close_code": ws.close_code, "close_reason": ws.close_reason}))
else:
    headers = {"Authorization": "Bearer " + token}
    if first != "-": headers["Last-Event-ID"] = first
    request = urllib.request.Request("http://127.0.0.1:%d/api/v1/events" % port, headers=headers)
    ids = []
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            print("open", flush=True)
            event = {}
            while len(messages) < count:
                raw = response.readline()
                if not raw: break  # the server ended the stream
                line = raw.decode().rstrip("\n")
                if line == "":
                    if "data" in event:
                        messages.append(json.loads(event["data"]))
                        ids.append(event.get("id"))
                    event = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(": ")
                    event[name] = value
    except urllib.error.HTTPError as error:
        print("open", flush=True)
        print(json.dumps({"status": error.code, "body": json.loads(error.read())}))
        sys.exit(0)
    except TimeoutError:
        pass
    print(json.dumps({"messages": messages, "ids": ids}))
"""#

    static func start(_ server: ServerProcess, _ mode: String, token: String, first: String = "-", count: Int) throws -> PythonScript {
        let script = try PythonScript(client, arguments: [mode, String(server.port), token, first, String(count)])
        guard script.readLine() == "open" else { throw TestClientError("the \(mode) client did not open: \(try script.finish())") }
        return script
    }

    static func answer(_ script: PythonScript) throws -> [String: Any] {
        let output = try script.finish()
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw TestClientError("no JSON from the client: \(output)")
        }
        return object
    }

    static func messages(_ answer: [String: Any]) -> [[String: Any]] { answer["messages"] as? [[String: Any]] ?? [] }
    static func summary(_ messages: [[String: Any]]) -> [String] {
        messages.map { "\($0["type"] ?? "?") #\(($0["task"] as? [String: Any])?["title"] ?? "?")" }
    }

    @Test func changesReachTheirUsersWebSocketAndSSEClientsInOrderAndNoOneElses() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let server = fixture.server
        let token = try #require(fixture.client.token)
        let (other, _) = try server.registeredClient()
        let otherToken = try #require(other.token)

        let webSocket = try Self.start(server, "ws", token: token, count: 4)
        let firstMessageAuth = try Self.start(server, "ws", token: "-", first: #"{"token": "\#(token)"}"#, count: 4)
        let events = try Self.start(server, "sse", token: token, count: 4)
        let stranger = try Self.start(server, "ws", token: otherToken, count: 1)

        let task = try fixture.createTask(["title": "Pay rent"])
        let id = try #require(task["id"] as? String)
        #expect(try fixture.client.patch("/api/v1/tasks/\(id)", ["title": "Pay the rent"]).status == 200)
        #expect(try fixture.client.post("/api/v1/tasks/\(id)/complete", [String: Any]()).status == 200)
        #expect(try fixture.client.delete("/api/v1/tasks/\(id)").status == 204)

        let expected = ["task.created #Pay rent", "task.updated #Pay the rent", "task.completed #Pay the rent", "task.deleted #Pay the rent"]
        let received = Self.messages(try Self.answer(webSocket))
        #expect(Self.summary(received) == expected)
        let sequences = received.compactMap { $0["sequence"] as? Int }
        #expect(sequences.count == 4 && sequences == sequences.sorted() && Set(sequences).count == 4)
        #expect(Self.summary(Self.messages(try Self.answer(firstMessageAuth))) == expected)
        let sse = try Self.answer(events)
        #expect(Self.summary(Self.messages(sse)) == expected)
        #expect(sse["ids"] as? [String] == sequences.map(String.init))
        #expect(Self.messages(try Self.answer(stranger)).isEmpty)
    }

    // DESIGN §6: a revoked token, or an ended session, gets nothing more — also on a connection
    // it opened before.
    @Test func aConnectionStopsWhenItsTokenIsRevokedOrItsSessionEnds() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let server = fixture.server
        let email = try #require(fixture.user["email"] as? String)
        let created = try fixture.client.post("/api/v1/tokens", ["name": "live"]).json()
        let (patID, pat) = (try #require(created["id"] as? String), try #require(created["token"] as? String))
        func signIn() throws -> String {
            let response = try server.client().send("POST", "/api/v1/auth/login", json: ["email": email, "password": "correct horse battery"])
            return try #require(try response.json()["token"] as? String, "\(response)")
        }
        let (loggedOut, passwordChanged) = (try signIn(), try signIn())

        let byAccessToken = try Self.start(server, "ws", token: pat, count: 2)
        let byLoggedOutSession = try Self.start(server, "ws", token: "-", first: #"{"token": "\#(loggedOut)"}"#, count: 2)
        let streamOfLoggedOut = try Self.start(server, "sse", token: loggedOut, count: 2)
        let streamOfOtherSession = try Self.start(server, "sse", token: passwordChanged, count: 2)
        let unaffected = try Self.start(server, "ws", token: try #require(fixture.client.token), count: 2)

        try fixture.createTask(["title": "Before"])
        Thread.sleep(forTimeInterval: 0.5)   // every client has it
        #expect(try fixture.client.delete("/api/v1/tokens/\(patID)").status == 204)
        let logout = HTTPTestClient(port: server.port, token: loggedOut)
        #expect(try logout.send("POST", "/api/v1/auth/logout", json: [String: Any]()).status == 204)
        let change = try fixture.client.post("/api/v1/auth/password",
                                             ["current_password": "correct horse battery", "new_password": "another horse battery"])
        #expect(change.status == 200 || change.status == 204, "\(change)")
        try fixture.createTask(["title": "After"])

        for (name, client) in [("access token", byAccessToken), ("logged-out session", byLoggedOutSession)] {
            let answer = try Self.answer(client)
            #expect(Self.summary(Self.messages(answer)) == ["task.created #Before"], "\(name)")
            #expect(answer["close_code"] as? Int == 1008, "\(name): \(answer)")
        }
        for (name, client) in [("stream of a logged-out session", streamOfLoggedOut), ("stream of another session", streamOfOtherSession)] {
            #expect(Self.summary(Self.messages(try Self.answer(client))) == ["task.created #Before"], "\(name)")
        }
        #expect(Self.summary(Self.messages(try Self.answer(unaffected))) == ["task.created #Before", "task.created #After"])
    }

    /// A socket whose session ended before it asked for the history gets none of it.
    @Test func aConnectionWhoseSessionEndedGetsNoHistory() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let server = fixture.server
        let email = try #require(fixture.user["email"] as? String)
        try fixture.createTask(["title": "Private"])
        let login = try server.client().send("POST", "/api/v1/auth/login", json: ["email": email, "password": "correct horse battery"])
        let session = try #require(try login.json()["token"] as? String, "\(login)")
        let socket = try Self.start(server, "wslate", token: session, first: #"{"resume_from": 0}"#, count: 1)
        #expect(try HTTPTestClient(port: server.port, token: session).send("POST", "/api/v1/auth/logout", json: [String: Any]()).status == 204)
        let answer = try Self.answer(socket)
        #expect(Self.messages(answer).isEmpty, "\(answer)")
        #expect(answer["close_code"] as? Int == 1008, "\(answer)")
    }

    @Test func aResumingClientGetsEveryLaterMessageOnceInOrderThenLiveOnes() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let server = fixture.server
        let token = try #require(fixture.client.token)
        let watcher = try Self.start(server, "ws", token: token, count: 3)
        for title in ["one", "two", "three"] { try fixture.createTask(["title": title]) }
        let seen = Self.messages(try Self.answer(watcher)).compactMap { $0["sequence"] as? Int }
        #expect(seen.count == 3)
        let first = try #require(seen.first)

        // Resumed after the first: the two later ones from the history, then a live one.
        let resumed = try Self.start(server, "ws", token: "-", first: #"{"token": "\#(token)", "resume_from": \#(first)}"#, count: 3)
        let streamed = try Self.start(server, "sse", token: token, first: String(first), count: 3)
        // The resume point in the upgrade's query: /ws?token=…&resume_from=N.
        let byQuery = try Self.start(server, "ws", token: "\(token)&resume_from=\(first)", count: 3)
        try fixture.createTask(["title": "four"])
        #expect(Self.summary(Self.messages(try Self.answer(resumed))) == ["task.created #two", "task.created #three", "task.created #four"])
        #expect(Self.summary(Self.messages(try Self.answer(byQuery))) == ["task.created #two", "task.created #three", "task.created #four"])
        let sse = try Self.answer(streamed)
        #expect(Self.summary(Self.messages(sse)) == ["task.created #two", "task.created #three", "task.created #four"])
        #expect((sse["ids"] as? [String])?.first == String(seen[1]))
    }

    @Test func resumePointsThatAreNotNumbersOrLieInTheFutureAreRefused() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let server = fixture.server
        let token = try #require(fixture.client.token)
        try fixture.createTask(["title": "one"])
        for bad in ["abc", "-1", "999999"] {
            let answer = try Self.answer(try Self.start(server, "sse", token: token, first: bad, count: 1))
            #expect(answer["status"] as? Int == 400, "Last-Event-ID \(bad)")
            #expect(((answer["body"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "invalid_resume_point")
        }
        // An empty Last-Event-ID is the SSE specification's "no last event": live messages only.
        let empty = try Self.start(server, "sse", token: token, first: "", count: 1)
        try fixture.createTask(["title": "two"])
        #expect(Self.summary(Self.messages(try Self.answer(empty))) == ["task.created #two"])
        let socket = try Self.answer(try Self.start(server, "ws", token: "-", first: #"{"token": "\#(token)", "resume_from": 999999}"#, count: 1))
        #expect(socket["close_code"] as? Int == 1008)
        #expect((socket["close_reason"] as? String)?.contains("after the latest message") == true)
        let unauthenticated = try Self.answer(try Self.start(server, "ws", token: "-", first: #"{"resume_from": 1}"#, count: 1))
        #expect(unauthenticated["close_code"] as? Int == 1008)
        #expect(server.stderr.contains("resume refused"))
        let metrics = try server.client().get("/metrics").text
        #expect(metrics.contains("todo_live_resumes_refused_total 4"))
        #expect(metrics.contains("todo_websocket_connections_opened_total "))
    }
}

/// The websocket service alone (`todo serve --service websocket`) beside the backend, on one
/// database: it counts its clients in /healthz and sends them the backend's changes.
@Suite(.enabled(if: TestComponent.websockets.runsTests, "needs the Python websockets package: run scripts/test"))
struct LiveUpdateServiceAloneTests {
    @Test func theServiceAloneCountsItsConnectionsAndDeliversTheBackendsChanges() throws {
        try TestComponent.websockets.require()
        let fixture = try APIFixture(.sqlite)
        let token = try #require(fixture.client.token)
        let service = try ServerProcess(database: fixture.database, arguments: ["--service", "websocket"])
        #expect(try service.client().get("/healthz").json()["connections"] as? Int == 0)
        let client = try LiveUpdatesTests.start(service, "ws", token: token, count: 1)
        #expect(try service.client().get("/healthz").json()["connections"] as? Int == 1)
        try fixture.createTask(["title": "seen elsewhere"])
        #expect(LiveUpdatesTests.summary(LiveUpdatesTests.messages(try LiveUpdatesTests.answer(client))) == ["task.created #seen elsewhere"])
        let deadline = ContinuousClock.now + .seconds(5)
        while try service.client().get("/healthz").json()["connections"] as? Int != 0, ContinuousClock.now < deadline { usleep(20_000) }
        #expect(try service.client().get("/healthz").json()["connections"] as? Int == 0)
    }

    @Test func theServiceAloneAnswersShortTargetsOnlyToKeepItsConnectionsSmall() throws {
        let database = try TestDatabase(.sqlite)
        let service = try ServerProcess(database: database, arguments: ["--service", "websocket"])
        let long = String(repeating: "a", count: 5000)
        #expect(try service.client().get("/healthz?padding=\(long)").status == 414)
        #expect(try service.client().get("/healthz?padding=\(long.prefix(3000))").status == 200)
    }
}
