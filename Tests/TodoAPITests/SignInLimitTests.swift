import Foundation
import Testing
import TodoTestSupport

/// Sign-in attempts are limited per client address and per email (429 with Retry-After), so
/// a flood of password guesses can neither take the server's CPU nor guess one account's
/// password quickly. The limits are set low here so the tests are short.
@Suite struct SignInLimitTests {
    static let password = "correct horse battery"

    static func login(_ client: HTTPTestClient, _ email: String, _ password: String = SignInLimitTests.password) throws -> TestResponse {
        try client.send("POST", "/api/v1/auth/login", json: ["email": email, "password": password], authorized: false)
    }

    static func expectTooMany(_ response: TestResponse, within seconds: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 429, "\(response)", sourceLocation: sourceLocation)
        #expect(response.errorCode == "too_many_attempts", "\(response)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        let retryAfter = response.header("Retry-After").flatMap(Int.init)
        #expect(retryAfter.map { (1...seconds).contains($0) } == true, "Retry-After: \(response.header("Retry-After") ?? "none")",
                sourceLocation: sourceLocation)
    }

    @Test func failedLoginsOfOneEmailAreLimitedWhileOtherEmailsStillSignIn() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: ["TODO_SIGNIN_LIMIT_ADDRESS": "1000/60s",
                                                                         "TODO_SIGNIN_LIMIT_EMAIL": "2/60s"])
        _ = try server.registeredClient(email: "alice@example.com", password: Self.password)
        _ = try server.registeredClient(email: "bob@example.com", password: Self.password)
        let client = server.client()

        #expect(try Self.login(client, "alice@example.com", "wrong guess 1").status == 401)
        #expect(try Self.login(client, "alice@example.com", "wrong guess 2").status == 401)
        // Even the right password is not tried now (and neither is the email in other spelling).
        Self.expectTooMany(try Self.login(client, "alice@example.com"), within: 30)
        Self.expectTooMany(try Self.login(client, " ALICE@example.com"), within: 30)
        // Successful logins spend nothing, and another email is unaffected.
        for _ in 0..<3 { #expect(try Self.login(client, "bob@example.com").status == 200) }
    }

    @Test func attemptsFromOneAddressAreLimitedWhileOtherAddressesStillSignIn() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, environment: ["TODO_SIGNIN_LIMIT_ADDRESS": "3/60s"])
        _ = try server.registeredClient(email: "alice@example.com", password: Self.password)  // attempt 1
        let client = server.client()
        #expect(try Self.login(client, "alice@example.com", "wrong guess").status == 401)  // 2
        #expect(try Self.login(client, "alice@example.com").status == 200)                 // 3
        Self.expectTooMany(try Self.login(client, "alice@example.com"), within: 20)
        Self.expectTooMany(try Self.login(client, "nobody@example.com"), within: 20)
        let register = try client.send("POST", "/api/v1/auth/register", json: ["email": "carol@example.com", "password": Self.password],
                                       authorized: false)
        Self.expectTooMany(register, within: 20)

        let elsewhere = server.client()
        elsewhere.sourceAddress = "127.0.0.2"
        #expect(try Self.login(elsewhere, "alice@example.com").status == 200)
        // The refused registration created nothing.
        #expect(try Self.login(elsewhere, "carol@example.com").status == 401)
    }

    @Test func anUnreadableLimitStopsTheServerFromStarting() throws {
        let database = try TestDatabase(.sqlite)
        for (setting, value) in [("TODO_SIGNIN_LIMIT_ADDRESS", "fast"), ("TODO_SIGNIN_LIMIT_EMAIL", "0/60s"), ("TODO_SIGNIN_LIMIT_EMAIL", "5/60")] {
            #expect {
                _ = try ServerProcess(database: database, environment: [setting: value])
            } throws: { error in
                "\(error)".contains("\(setting): \"\(value)\" is not a rate such as 20/60s")
            }
        }
    }
}
