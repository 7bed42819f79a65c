import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// The MCP server over Streamable HTTP, with raw requests: what a client that breaks the
/// protocol gets back, and that it changes nothing.
@Suite struct MCPHTTPTests {
    static let version = "2025-11-25"

    /// An `initialize` whose session id later requests echo.
    static func initialize(_ api: APIFixture) throws -> String {
        let response = try api.client.send("POST", "/mcp", json: [
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["protocolVersion": version, "capabilities": [:], "clientInfo": ["name": "raw", "version": "1"]],
        ] as [String: Any], headers: [("Accept", "application/json, text/event-stream")])
        #expect(response.status == 200, "\(response)")
        let result = try response.json()["result"] as? [String: Any]
        #expect(result?["protocolVersion"] as? String == version)
        return try #require(response.header("Mcp-Session-Id"))
    }

    static func headers(_ session: String) -> [(String, String)] {
        [("Accept", "application/json, text/event-stream"), ("Mcp-Session-Id", session), ("MCP-Protocol-Version", version)]
    }

    static func call(_ api: APIFixture, _ session: String, _ message: Any) throws -> TestResponse {
        try api.client.send("POST", "/mcp", json: message, headers: headers(session))
    }

    static func errorCode(_ response: TestResponse) throws -> Int? {
        (try response.json()["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func anUnknownProtocolVersionIsAnsweredWithTheLatestSupported() throws {
        let api = try APIFixture(.sqlite)
        let response = try api.client.send("POST", "/mcp", json: [
            "jsonrpc": "2.0", "id": "a", "method": "initialize",
            "params": ["protocolVersion": "1999-01-01", "capabilities": [:], "clientInfo": ["name": "raw", "version": "1"]],
        ] as [String: Any])
        #expect(response.status == 200, "\(response)")
        #expect((try response.json()["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-11-25")
        #expect(try response.json()["id"] as? String == "a")
        // The product's version, as `todo --version` and `todo mcp` give it.
        let info = (try response.json()["result"] as? [String: Any])?["serverInfo"] as? [String: Any]
        #expect(info?["version"] as? String == ProductVersion.current)
    }

    @Test func malformedJSONIsAParseError() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let before = try api.snapshot()
        let response = try api.client.send("POST", "/mcp", body: Array(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_task""#.utf8),
                                           headers: Self.headers(session))
        #expect(response.status == 400, "\(response)")
        #expect(try Self.errorCode(response) == -32700)
        #expect(try api.snapshot() == before)
    }

    @Test func anUnknownMethodIsMethodNotFound() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try Self.call(api, session, ["jsonrpc": "2.0", "id": 3, "method": "resources/list"] as [String: Any])
        #expect(response.status == 200, "\(response)")
        #expect(try Self.errorCode(response) == -32601)
        #expect(try response.json()["id"] as? Int == 3)
    }

    @Test func aMessageWithoutJSONRPCVersionIsAnInvalidRequest() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try Self.call(api, session, ["id": 4, "method": "ping"] as [String: Any])
        #expect(response.status == 400, "\(response)")
        #expect(try Self.errorCode(response) == -32600)
    }

    @Test func aRequestWithoutSessionIDIsRefusedAndChangesNothing() throws {
        let api = try APIFixture(.sqlite)
        _ = try Self.initialize(api)
        let before = try api.snapshot()
        let response = try api.client.send("POST", "/mcp", json: [
            "jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": ["name": "add_task", "arguments": ["title": "Sneaky"]],
        ] as [String: Any])
        #expect(response.status == 400, "\(response)")
        #expect(try Self.errorCode(response) == -32600)
        #expect(try response.json()["id"] as? Int == 5, "the refusal answers the request it refuses")
        #expect(try api.snapshot() == before)
    }

    // The transport's rule for a session the server does not know: 404, so the client starts over.
    @Test func aSessionIDNotIssuedToTheUserIsNotFoundAndChangesNothing() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let (other, _) = try api.server.registeredClient()
        let otherSession = try #require(try other.send("POST", "/mcp", json: [
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["protocolVersion": Self.version, "capabilities": [:], "clientInfo": ["name": "raw", "version": "1"]],
        ] as [String: Any], headers: [("Accept", "application/json")]).header("Mcp-Session-Id"))
        #expect(otherSession != session)
        let before = try api.snapshot()
        let add: [String: Any] = ["jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": ["name": "add_task", "arguments": ["title": "Sneaky"]]]
        let tampered = (session.hasPrefix("A") ? "B" : "A") + session.dropFirst()
        for unknown in ["not-a-session", "00000000-0000-0000-0000-000000000000", tampered, otherSession] {
            let response = try Self.call(api, unknown, add)
            #expect(response.status == 404, "\(unknown): \(response)")
            #expect(try Self.errorCode(response) == -32600)
            #expect(try response.json()["id"] as? Int == 7, "\(unknown)")
        }
        #expect(try api.snapshot() == before)
        #expect(try Self.call(api, session, add).status == 200)
    }

    @Test func anUnsupportedProtocolVersionHeaderIsRefused() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try api.client.send("POST", "/mcp", json: ["jsonrpc": "2.0", "id": 6, "method": "ping"] as [String: Any],
                                           headers: [("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2030-01-01")])
        #expect(response.status == 400, "\(response)")
    }

    @Test func aBatchOfAThousandCallsIsOneErrorAndAddsNothing() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let batch: [[String: Any]] = (0..<1_000).map { index in
            ["jsonrpc": "2.0", "id": index, "method": "tools/call", "params": ["name": "add_task", "arguments": ["title": "Batch \(index)"]]]
        }
        let response = try Self.call(api, session, batch)
        #expect(response.status == 400, "\(response)")
        #expect(try Self.errorCode(response) == -32600)
        #expect(try api.titles().isEmpty)
    }

    /// MCP 2025-03-26 (a session that settled on it sends no MCP-Protocol-Version header, or
    /// that one) takes JSON-RPC batches: each request answered in one array, notifications not,
    /// a bad element with its own error, and `initialize` refused inside one.
    @Test func aBatchUnder2025_03_26IsAnsweredMessageByMessage() throws {
        let api = try APIFixture(.sqlite)
        let response = try api.client.send("POST", "/mcp", json: [
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["protocolVersion": "2025-03-26", "capabilities": [:], "clientInfo": ["name": "old", "version": "1"]],
        ] as [String: Any], headers: [("Accept", "application/json, text/event-stream")])
        #expect((try response.json()["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-03-26")
        let session = try #require(response.header("Mcp-Session-Id"))
        let batch: [Any] = [
            ["jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": ["name": "add_task", "arguments": ["title": "Batched"]]] as [String: Any],
            ["jsonrpc": "2.0", "method": "notifications/initialized"] as [String: Any],
            ["jsonrpc": "2.0", "id": "eight", "method": "ping"] as [String: Any],
            42,
            ["jsonrpc": "2.0", "id": 9, "method": "initialize", "params": [:]] as [String: Any],
        ]
        for headers in [[("Mcp-Session-Id", session)], [("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-03-26")]] {
            let answered = try api.client.send("POST", "/mcp", json: batch, headers: headers)
            #expect(answered.status == 200, "\(answered)")
            let answers = try #require(try JSONSerialization.jsonObject(with: Data(answered.text.utf8)) as? [[String: Any]], "\(answered.text)")
            #expect(answers.count == 4, "no answer for the notification: \(answers)")
            guard answers.count == 4 else { continue }
            #expect(answers[0]["id"] as? Int == 7 && (answers[0]["result"] as? [String: Any])?["isError"] as? Bool != true)
            #expect(answers[1]["id"] as? String == "eight" && answers[1]["result"] != nil)
            #expect(answers[2]["id"] is NSNull && (answers[2]["error"] as? [String: Any])?["code"] as? Int == -32600)
            #expect(answers[3]["id"] as? Int == 9 && (answers[3]["error"] as? [String: Any])?["code"] as? Int == -32600)
        }
        #expect(try Self.taskCount(api) == 2, "the batch ran once per POST")
        // Notifications alone: accepted, nothing to answer.
        let quiet = try api.client.send("POST", "/mcp", json: [["jsonrpc": "2.0", "method": "notifications/initialized"]], headers: [("Mcp-Session-Id", session)])
        #expect(quiet.status == 202, "\(quiet)")
        // Without a session, and over the size limit, the batch is one error and runs nothing.
        let stranger = try api.client.send("POST", "/mcp", json: batch, headers: [])
        #expect(stranger.status == 400)
        let huge: [Any] = (0...100).map { ["jsonrpc": "2.0", "id": $0, "method": "tools/call",
                                                             "params": ["name": "add_task", "arguments": ["title": "Huge \($0)"]]] as [String: Any] }
        let refused = try api.client.send("POST", "/mcp", json: huge, headers: [("Mcp-Session-Id", session)])
        #expect(refused.status == 400, "\(refused)")
        #expect(try Self.errorCode(refused) == -32600)
        #expect(try Self.taskCount(api) == 2)
    }

    static func taskCount(_ api: APIFixture) throws -> Int? {
        (try api.client.get("/api/v1/tasks?status=all&limit=200").json()["tasks"] as? [Any])?.count
    }

    @Test func aNotificationIsAcceptedWithoutABody() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try Self.call(api, session, ["jsonrpc": "2.0", "method": "notifications/initialized"] as [String: Any])
        #expect(response.status == 202, "\(response)")
        #expect(response.body.isEmpty)
    }

    @Test func aToolCallWithWrongArgumentTypesIsAToolErrorAndAddsNothing() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try Self.call(api, session, [
            "jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": ["name": "add_task", "arguments": ["title": 42]],
        ] as [String: Any])
        #expect(response.status == 200, "\(response)")
        let result = try response.json()["result"] as? [String: Any]
        #expect(result?["isError"] as? Bool == true, "\(response)")
        #expect(try api.titles().isEmpty)
    }

    @Test func anUnknownToolIsInvalidParams() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try Self.call(api, session, [
            "jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": ["name": "format_disk", "arguments": [:]],
        ] as [String: Any])
        #expect(try Self.errorCode(response) == -32602, "\(response)")
    }

    @Test func getIsNotAStreamAndDeleteIsNotOffered() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let get = try api.client.send("GET", "/mcp", headers: Self.headers(session))
        #expect(get.status == 405 && get.header("Allow") == "POST", "\(get)")
        // Sessions are not stored, so a client cannot end one: after a DELETE the id still works,
        // which a 204 would have promised it does not (the specification's 404 rule).
        let delete = try api.client.send("DELETE", "/mcp", headers: Self.headers(session))
        #expect(delete.status == 405 && delete.header("Allow") == "POST", "\(delete)")
        // In the API's error shape, as every refusal is.
        #expect(get.errorCode == "method_not_allowed" && delete.errorCode == "method_not_allowed")
        let after = try Self.call(api, session, ["jsonrpc": "2.0", "id": 2, "method": "ping"] as [String: Any])
        #expect(after.status == 200, "\(after)")
    }

    @Test func anAcceptThatRulesOutJSONIsNotAcceptable() throws {
        let api = try APIFixture(.sqlite)
        try api.expectRefused("POST", "/mcp", json: ["jsonrpc": "2.0", "id": 1, "method": "ping"] as [String: Any],
                              headers: [("Accept", "text/html")], status: 406, code: "not_acceptable")
    }

    /// The specification's DNS-rebinding rule: an Origin present and not ours is a 403.
    @Test func aForeignOriginIsForbiddenAndOursOrLoopbackIsNot() throws {
        let api = try APIFixture(.sqlite)
        let ping = ["jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": ["protocolVersion": Self.version, "capabilities": [:], "clientInfo": ["name": "raw", "version": "1"]]] as [String: Any]
        for origin in ["http://evil.example", "null", "https://127.0.0.1.evil.example", "file://"] {
            let response = try api.client.send("POST", "/mcp", json: ping, headers: [("Origin", origin)])
            #expect(response.status == 403, "\(origin): \(response)")
            #expect(try Self.errorCode(response) == -32600, "\(origin)")
            #expect(try response.json()["id"] as? Int == 1, "\(origin)")
            #expect(response.header("Mcp-Session-Id") == nil, "\(origin)")
        }
        for origin in ["http://127.0.0.1:\(api.server.port)", "http://localhost:6274", "http://[::1]:3000", "https://127.0.0.1"] {
            let response = try api.client.send("POST", "/mcp", json: ping, headers: [("Origin", origin)])
            #expect(response.status == 200, "\(origin): \(response)")
        }
    }

    @Test func aBodyThatIsNotJSONByItsTypeIsRefused() throws {
        let api = try APIFixture(.sqlite)
        let session = try Self.initialize(api)
        let response = try api.client.send("POST", "/mcp", body: Array(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#.utf8),
                                           headers: Self.headers(session) + [("Content-Type", "text/plain")])
        #expect(response.status == 415, "\(response)")
    }

    /// A session id comes only with an InitializeResult.
    @Test func aRefusedInitializeStartsNoSession() throws {
        let api = try APIFixture(.sqlite)
        let response = try api.client.send("POST", "/mcp", json: ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]] as [String: Any])
        #expect(try Self.errorCode(response) == -32602, "\(response)")
        #expect(response.header("Mcp-Session-Id") == nil)
    }

    @Test func withoutATokenMCPIsUnauthorized() throws {
        let api = try APIFixture(.sqlite)
        let anonymous = api.server.client()
        let response = try anonymous.send("POST", "/mcp", json: ["jsonrpc": "2.0", "id": 1, "method": "ping"] as [String: Any])
        #expect(response.status == 401, "\(response)")
    }
}
