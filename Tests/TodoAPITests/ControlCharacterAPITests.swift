import Foundation
import Testing
import TodoTestSupport

/// Every text field of the API follows the one control-character rule (C0, DEL, C1, U+2028,
/// U+2029): refused with 422 naming the field, and nothing is changed. Before the rule was one,
/// a user name and an email took DEL while a title refused U+2028.
@Suite struct ControlCharacterAPITests {
    static let controls = ["\u{7F}", "\u{85}", "\u{2028}"]

    private static func field(of response: TestResponse) throws -> String? {
        let error = try response.json()["error"] as? [String: Any]
        return (error?["details"] as? [String: Any])?["field"] as? String
    }

    @Test(arguments: controls)
    func taskFieldsRefuseControlCharacters(_ control: String) throws {
        let api = try APIFixture(.sqlite)
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": "a\(control)b"], status: 422, code: "validation_failed")
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": "t", "tags": ["a\(control)b"]], status: 422, code: "validation_failed")
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": "t", "description": "a\(control)b"], status: 422, code: "validation_failed")
        let task = try api.createTask(["title": "kept", "description": "line one\nline two\ttabbed"])
        let id = try #require(task["id"] as? String)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "a\(control)b"], status: 422, code: "validation_failed")
        let refused = try api.client.send("POST", "/api/v1/tasks", json: ["title": "a\(control)b"])
        #expect(try Self.field(of: refused) == "title")
    }

    @Test(arguments: controls)
    func accountFieldsRefuseControlCharacters(_ control: String) throws {
        let api = try APIFixture(.sqlite)
        try api.expectRefused("POST", "/api/v1/tokens", json: ["name": "lap\(control)top"], status: 422, code: "validation_failed")
        #expect((try api.client.get("/api/v1/tokens").json()["tokens"] as? [Any])?.isEmpty == true)

        let visitor = api.server.client()
        let email = "new-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let badName = try visitor.send("POST", "/api/v1/auth/register", json: ["email": email, "password": "a long passphrase", "name": "Ada\(control)"])
        #expect(badName.status == 422, "\(badName)")
        #expect(try Self.field(of: badName) == "name")
        let badEmail = try visitor.send("POST", "/api/v1/auth/register", json: ["email": "a\(control)\(email)", "password": "a long passphrase"])
        #expect(badEmail.status == 422, "\(badEmail)")
        #expect(try Self.field(of: badEmail) == "email")
        // Nothing was created: the address is still free.
        #expect(try visitor.send("POST", "/api/v1/auth/register", json: ["email": email, "password": "a long passphrase"]).status == 201)
        // An email registration refuses is unknown to login, like any other.
        let login = try visitor.send("POST", "/api/v1/auth/login", json: ["email": "a\(control)\(email)", "password": "a long passphrase"])
        #expect(login.status == 401, "\(login)")
    }
}
