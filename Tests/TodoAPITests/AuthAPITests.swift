import Foundation
import Testing
import TodoServices
import TodoTestSupport

@Suite struct AuthAPITests {
    @Test(arguments: TestBackend.available)
    func registerLoginAndMe(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let client = server.client()
        let registered = try client.send("POST", "/api/v1/auth/register",
                                         json: ["email": "Ada@Example.com", "password": "analytical engine", "name": "Ada"])
        #expect(registered.status == 201, "\(registered)")
        let body = try registered.json()
        let user = try #require(body["user"] as? [String: Any])
        #expect(user["email"] as? String == "Ada@Example.com")
        #expect(user["name"] as? String == "Ada")
        #expect(user["password_hash"] == nil && user["password"] == nil)
        #expect((body["token"] as? String)?.split(separator: ".").count == 3)

        // The same address in other case is taken.
        let again = try client.send("POST", "/api/v1/auth/register", json: ["email": "ada@example.COM", "password": "something else"])
        #expect(again.status == 409)
        #expect(again.errorCode == "email_taken")

        // So is the address typed full-width, or with a zero-width space (refused as no address).
        let fullWidth = try client.send("POST", "/api/v1/auth/register", json: ["email": "ａｄａ@example.com", "password": "something else"])
        #expect(fullWidth.status == 409, "\(fullWidth)")
        let invisible = try client.send("POST", "/api/v1/auth/register", json: ["email": "ada@example.com\u{200B}", "password": "something else"])
        #expect(invisible.status == 422, "\(invisible)")
        let fullWidthLogin = try client.send("POST", "/api/v1/auth/login", json: ["email": "ＡＤＡ@example.com", "password": "analytical engine"])
        #expect(fullWidthLogin.status == 200, "\(fullWidthLogin)")

        let login = try client.send("POST", "/api/v1/auth/login", json: ["email": "ada@example.com", "password": "analytical engine"])
        #expect(login.status == 200, "\(login)")
        client.token = try login.json()["token"] as? String
        let me = try client.get("/api/v1/me").json()
        #expect(me["id"] as? String == user["id"] as? String)

        for (email, password) in [("ada@example.com", "wrong password"), ("nobody@example.com", "analytical engine")] {
            let refused = try client.send("POST", "/api/v1/auth/login", json: ["email": email, "password": password], authorized: false)
            #expect(refused.status == 401)
            #expect(try refused.json()["token"] == nil)
        }
    }

    @Test(arguments: [
        (#"{"email": "not-an-email", "password": "long enough pw"}"#, "email"),
        (#"{"email": "a,b@example.com", "password": "long enough pw"}"#, "email"),
        (#"{"email": "<a@example.com>", "password": "long enough pw"}"#, "email"),
        (#"{"email": "a@example.com", "password": "short"}"#, "password"),
        (#"{"email": "a@example.com"}"#, "password"),
        (#"{"password": "long enough pw"}"#, "email"),
        (#"{"email": 42, "password": "long enough pw"}"#, "email"),
        (#"{"email": "a@example.com", "password": "long enough pw", "name": "x\u0007"}"#, "name"),
    ])
    func registrationRefusesBadInput(_ body: String, _ field: String) throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let response = try server.client().send("POST", "/api/v1/auth/register", body: Array(body.utf8),
                                                headers: [("Content-Type", "application/json")])
        #expect(response.status == 422, "\(response)")
        #expect(((try response.json()["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == field)
        // Nothing was created: the address is still free.
        let retry = try server.client().send("POST", "/api/v1/auth/register", json: ["email": "a@example.com", "password": "long enough pw"])
        #expect(retry.status == 201)
    }

    @Test(arguments: TestBackend.available)
    func personalAccessTokens(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let created = try api.client.post("/api/v1/tokens", ["name": "laptop"])
        #expect(created.status == 201, "\(created)")
        let token = try created.json()
        let secret = try #require(token["token"] as? String)
        #expect(secret.hasPrefix("todo_pat_"))
        let tokenID = try #require(token["id"] as? String)

        let listed = try api.client.get("/api/v1/tokens").json()["tokens"] as? [[String: Any]]
        #expect(listed?.count == 1)
        #expect(listed?.first?["name"] as? String == "laptop")
        #expect(listed?.first?["token"] == nil)
        #expect(!(try api.client.get("/api/v1/tokens").text.contains(secret)))

        let withToken = api.server.client(token: secret)
        #expect(try withToken.post("/api/v1/tasks", ["title": "via token"]).status == 201)
        #expect(try withToken.get("/api/v1/me").json()["id"] as? String == api.user["id"] as? String)
        // Only a session manages credentials: a token revokes no token, itself or another.
        let other = try #require(try api.client.post("/api/v1/tokens", ["name": "phone"]).json()["id"] as? String)
        for id in [other, tokenID] {
            let refused = try withToken.send("DELETE", "/api/v1/tokens/\(id)")
            #expect(refused.status == 403 && refused.errorCode == "session_required", "\(refused)")
        }
        #expect((try api.client.get("/api/v1/tokens").json()["tokens"] as? [[String: Any]])?.count == 2)

        #expect(try api.client.delete("/api/v1/tokens/\(tokenID)").status == 204)
        let revoked = try withToken.get("/api/v1/tasks")
        #expect(revoked.status == 401)
        #expect(revoked.header("WWW-Authenticate") == "Bearer")
        #expect(try api.client.delete("/api/v1/tokens/\(tokenID)").status == 404)
        try api.expectRefused("POST", "/api/v1/tokens", json: ["name": ""], status: 422)
        // A NUL (which PostgreSQL cannot store) or any control character is refused, not a 503.
        try api.expectRefused("POST", "/api/v1/tokens", json: ["name": "lap\u{0}top"], status: 422)
        try api.expectRefused("POST", "/api/v1/tokens", json: ["name": "lap\u{7}top"], status: 422)
        #expect(try api.client.send("POST", "/api/v1/auth/login", json: ["email": "a\u{0}@example.com", "password": "whatever pw"]).status == 401)
        // 60 letters, each with two combining marks: 180 code points, over the limit of 100.
        let stacked = String(repeating: "a\u{0301}\u{0316}", count: 60)
        try api.expectRefused("POST", "/api/v1/tokens", json: ["name": stacked], status: 422)
    }

    @Test func badAndExpiredTokensAreRefused() throws {
        let secret = "test-secret-that-is-at-least-32-bytes-long"
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: ["TODO_JWT_SECRET": secret])
        let (client, user) = try server.registeredClient()
        let userID = try #require(user["id"] as? String)
        let signer = JWTSigner(secret: Array(secret.utf8))
        let expired = signer.sign(subject: userID, issuedAt: Date().addingTimeInterval(-7200), expiresAt: Date().addingTimeInterval(-3600))
        let forged = JWTSigner(secret: Array("another-secret-of-at-least-32-bytes!!".utf8))
            .sign(subject: userID, issuedAt: Date(), expiresAt: Date().addingTimeInterval(3600))
        // Well signed, but naming no session (as tokens did before sessions could be ended), or
        // a session that does not exist: refused.
        let sessionless = signer.sign(subject: userID, issuedAt: Date(), expiresAt: Date().addingTimeInterval(3600))
        let unknownSession = signer.sign(subject: userID, sessionID: UUID().uuidString.lowercased(), issuedAt: Date(),
                                         expiresAt: Date().addingTimeInterval(3600))
        let refusedSessionless = try server.client(token: sessionless).get("/api/v1/me")
        #expect(refusedSessionless.status == 401)
        #expect(try refusedSessionless.json().description.contains("from before sessions could be ended; log in again"))
        #expect(try client.get("/api/v1/me").status == 200)

        for header in ["Bearer \(expired)", "Bearer \(forged)", "Bearer \(unknownSession)", "Bearer garbage", "Bearer todo_pat_nothing",
                       "Basic dXNlcjpwdw==", ""] {
            let response = try client.send("GET", "/api/v1/tasks", headers: [("Authorization", header)])
            #expect(response.status == 401, "\(header): \(response)")
            #expect(response.errorCode == "unauthorized")
        }
        let noHeader = try client.send("GET", "/api/v1/tasks", authorized: false)
        #expect(noHeader.status == 401)
        #expect(try client.send("POST", "/api/v1/tasks", json: ["title": "x"], authorized: false).status == 401)
    }

    @Test(arguments: TestBackend.available)
    func aSignedTokenOfAUserThatNoLongerExistsIsRefusedLikeAnyOther(_ backend: TestBackend) throws {
        let secret = "test-secret-that-is-at-least-32-bytes-long"
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database, environment: ["TODO_JWT_SECRET": secret])
        // Correctly signed and unexpired, for a user the database does not have (deleted, or
        // the database was reset under the same secret).
        let ghost = JWTSigner(secret: Array(secret.utf8)).sign(subject: UUID().uuidString.lowercased(), issuedAt: Date(),
                                                               expiresAt: Date().addingTimeInterval(3600))
        let client = server.client(token: ghost)
        for (method, path, body) in [("GET", "/api/v1/me", nil), ("POST", "/api/v1/tasks", ["title": "x"]),
                                     ("POST", "/api/v1/tasks", ["text": "Call mum tomorrow"]), ("POST", "/api/v1/tokens", ["name": "laptop"])] as [(String, String, [String: String]?)] {
            let response = try client.send(method, path, json: body)
            #expect(response.status == 401, "\(method) \(path): \(response)")
            #expect(response.errorCode == "unauthorized")
            #expect(response.header("WWW-Authenticate") == "Bearer")
        }
    }

    @Test func jwtSecretIsKeptBesideTheDatabaseWithMode0600() throws {
        let database = try TestDatabase(.sqlite)
        var token: String
        do {
            let server = try ServerProcess(database: database)
            token = try #require(try server.registeredClient().client.token)
        }
        let path = database.directory.appendingPathComponent("todo.db.jwt-secret").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // A restart keeps the secret, so sessions survive it.
        let restarted = try ServerProcess(database: database)
        #expect(try restarted.client(token: token).get("/api/v1/me").status == 200)
    }

    /// Signs in `email` and returns a client holding the new session.
    private func signIn(_ server: ServerProcess, _ email: String, _ password: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> HTTPTestClient {
        let login = try server.client().send("POST", "/api/v1/auth/login", json: ["email": email, "password": password], authorized: false)
        #expect(login.status == 200, "\(login)", sourceLocation: sourceLocation)
        return server.client(token: try login.json()["token"] as? String)
    }

    @Test(arguments: TestBackend.available)
    func logoutEndsTheSessionAtOnceAndOnlyThatOne(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let (laptop, _) = try server.registeredClient(email: "ada@example.com", password: "analytical engine")
        let phone = try signIn(server, "ada@example.com", "analytical engine")
        #expect(try laptop.get("/api/v1/me").status == 200)
        #expect(try phone.get("/api/v1/me").status == 200)

        #expect(try laptop.send("POST", "/api/v1/auth/logout").status == 204)
        let after = try laptop.get("/api/v1/me")
        #expect(after.status == 401)
        #expect(after.errorCode == "unauthorized")
        #expect(try after.json().description.contains("the session has ended"))
        #expect(try laptop.send("POST", "/api/v1/auth/logout").status == 401)
        #expect(try phone.get("/api/v1/me").status == 200, "another session stays")
        // A fresh connection (another server thread, no per-thread memory) is refused too.
        #expect(try server.client(token: laptop.token).get("/api/v1/tasks").status == 401)
    }

    /// Each server thread remembers the session tokens it verified lately: requests of several
    /// users in turn are each their own user's, and an ended session is refused though its
    /// token is remembered.
    @Test func interleavedUsersAreEachTheirOwnAndALoggedOutOneIsRefusedAtOnce() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        let users = try (0..<4).map { _ in try server.registeredClient() }
        for _ in 0..<3 {
            for (client, user) in users {
                let me = try client.get("/api/v1/me")
                #expect(me.status == 200)
                #expect(try me.json()["id"] as? String == user["id"] as? String)
            }
        }
        #expect(try users[1].client.send("POST", "/api/v1/auth/logout").status == 204)
        for (index, (client, _)) in users.enumerated() {
            #expect(try client.get("/api/v1/me").status == (index == 1 ? 401 : 200))
        }
    }

    @Test(arguments: TestBackend.available)
    func logoutWithAnAccessTokenIsRefusedAndRevokesNothing(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let secret = try #require(try api.client.post("/api/v1/tokens", ["name": "ci"]).json()["token"] as? String)
        let withToken = api.server.client(token: secret)
        let refused = try withToken.send("POST", "/api/v1/auth/logout")
        #expect(refused.status == 400, "\(refused)")
        #expect(refused.errorCode == "not_a_session")
        #expect(try withToken.get("/api/v1/me").status == 200)
        #expect(try api.client.get("/api/v1/me").status == 200)
    }

    @Test(arguments: TestBackend.available)
    func passwordChangeEndsEveryOtherSession(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let (laptop, user) = try server.registeredClient(email: "ada@example.com", password: "analytical engine")
        let phone = try signIn(server, "ada@example.com", "analytical engine")
        let pat = try #require(try laptop.post("/api/v1/tokens", ["name": "ci"]).json()["token"] as? String)

        // Refused changes change nothing.
        let wrong = try laptop.post("/api/v1/auth/password", ["current_password": "difference engine", "new_password": "a new passphrase"])
        #expect(wrong.status == 403, "\(wrong)")
        #expect(wrong.errorCode == "wrong_password")
        let short = try laptop.post("/api/v1/auth/password", ["current_password": "analytical engine", "new_password": "short"])
        #expect(short.status == 422, "\(short)")
        #expect(((try short.json()["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == "new_password")
        #expect(try laptop.post("/api/v1/auth/password", ["current_password": "analytical engine"]).status == 422)
        #expect(try phone.get("/api/v1/me").status == 200)
        _ = try signIn(server, "ada@example.com", "analytical engine")

        let changed = try laptop.post("/api/v1/auth/password", ["current_password": "analytical engine", "new_password": "a new passphrase"])
        #expect(changed.status == 204, "\(changed)")
        #expect(try laptop.get("/api/v1/me").status == 200, "the session that changed it stays")
        #expect(try phone.get("/api/v1/me").status == 401, "every other session ends")
        #expect(try server.client(token: pat).get("/api/v1/me").json()["id"] as? String == user["id"] as? String, "access tokens stay")
        let old = try server.client().send("POST", "/api/v1/auth/login",
                                            json: ["email": "ada@example.com", "password": "analytical engine"], authorized: false)
        #expect(old.status == 401)
        _ = try signIn(server, "ada@example.com", "a new passphrase")
    }

    /// A personal access token handed to an MCP client or a script cannot manage the account's
    /// credentials, and a stolen token cannot guess the password faster than a login could.
    @Test(arguments: TestBackend.available)
    func credentialsAreManagedWithASessionAndPasswordGuessesAreLimited(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let (laptop, _) = try server.registeredClient(email: "ada@example.com", password: "analytical engine")
        let pat = server.client(token: try #require(try laptop.post("/api/v1/tokens", ["name": "mcp"]).json()["token"] as? String))

        let minted = try pat.post("/api/v1/tokens", ["name": "another"])
        #expect(minted.status == 403, "\(minted)")
        #expect(minted.errorCode == "session_required")
        let changedByToken = try pat.post("/api/v1/auth/password", ["current_password": "analytical engine", "new_password": "a new passphrase"])
        #expect(changedByToken.status == 403, "\(changedByToken)")
        #expect(changedByToken.errorCode == "session_required")
        #expect((try laptop.get("/api/v1/tokens").json()["tokens"] as? [[String: Any]])?.count == 1)
        let same = try laptop.post("/api/v1/auth/password", ["current_password": "analytical engine", "new_password": "analytical engine"])
        #expect(same.status == 422, "\(same)")

        // Five wrong guesses per email in five minutes, as failed logins.
        for guess in 1...5 {
            let wrong = try laptop.post("/api/v1/auth/password", ["current_password": "guess number \(guess)", "new_password": "a new passphrase"])
            #expect(wrong.status == 403, "\(wrong)")
        }
        let limited = try laptop.post("/api/v1/auth/password", ["current_password": "analytical engine", "new_password": "a new passphrase"])
        #expect(limited.status == 429, "\(limited)")
        #expect(limited.header("Retry-After") != nil)
        #expect(try server.client().send("POST", "/api/v1/auth/login", json: ["email": "ada@example.com", "password": "analytical engine"],
                                         authorized: false).status == 429, "the guesses count against the email's logins too")
    }
}
