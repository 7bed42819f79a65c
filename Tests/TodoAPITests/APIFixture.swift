import Foundation
import Testing
import TodoTestSupport

/// A running server on a fresh database with one registered user, for one test.
final class APIFixture {
    let database: TestDatabase
    let server: ServerProcess
    let client: HTTPTestClient
    let user: [String: Any]

    init(_ backend: TestBackend, environment: [String: String] = [:]) throws {
        database = try TestDatabase(backend)
        server = try ServerProcess(database: database, environment: environment)
        (client, user) = try server.registeredClient()
    }

    /// Creates a task and returns its JSON.
    @discardableResult
    func createTask(_ fields: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try client.post("/api/v1/tasks", fields)
        #expect(response.status == 201, "\(response)", sourceLocation: sourceLocation)
        return try response.json()
    }

    /// Every task of the user, as raw JSON text: compared before and after a refused request.
    func snapshot() throws -> String {
        try client.get("/api/v1/tasks?status=all&limit=500").text
    }

    /// Sends a request that must be refused with `status` (and `code`), and checks that it
    /// changed nothing.
    func expectRefused(_ method: String, _ target: String, json: Any? = nil, body: [UInt8]? = nil,
                       headers: [(String, String)] = [], status: Int, code: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try snapshot()
        let response = try client.send(method, target, json: json, body: body, headers: headers)
        #expect(response.status == status, "\(method) \(target): \(response)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        let error = try response.json()["error"] as? [String: Any]
        #expect(error?["message"] as? String != nil, "\(response)", sourceLocation: sourceLocation)
        // DESIGN §6's one shape: details is an object, empty when there is nothing specific.
        #expect(error?["details"] is [String: Any], "\(response)", sourceLocation: sourceLocation)
        if let code { #expect(response.errorCode == code, "\(response)", sourceLocation: sourceLocation) }
        #expect(try snapshot() == before, "\(method) \(target) changed data", sourceLocation: sourceLocation)
    }
}
