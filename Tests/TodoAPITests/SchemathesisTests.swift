import Foundation
import Testing
import TodoTestSupport

/// schemathesis (PyPI) generates requests from the served /openapi.json, valid and invalid, and
/// checks every response against the document: no 5xx, no response the schema does not allow.
/// It runs through scripts/schemathesis-check, which fixes the options.
@Suite struct SchemathesisTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var schemathesis: URL { TestComponent.venv.appendingPathComponent("bin/schemathesis") }

    @Test(.enabled(if: TestComponent.schemathesis.runsTests, "needs schemathesis: run scripts/test"), arguments: TestBackend.available)
    func servedDocumentHoldsUnderFuzzing(_ backend: TestBackend) throws {
        try TestComponent.schemathesis.require()
        let api = try APIFixture(backend)
        // Something to find, so generated reads and writes hit real tasks too.
        for n in 0..<3 { try api.createTask(["title": "seed \(n)", "tags": ["seed"], "due_at": "2026-12-0\(n + 1)T09:00:00Z"]) }
        // A personal access token, not the session: generated requests include logout, which
        // would end a session and leave every later request a 401.
        let token = try #require(try api.client.post("/api/v1/tokens", ["name": "schemathesis"]).json()["token"] as? String)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.repository.appendingPathComponent("scripts/schemathesis-check").path,
                             "http://127.0.0.1:\(api.server.port)", token]
        var environment = ProcessInfo.processInfo.environment
        environment["TODO_TEST_VENV"] = Self.schemathesis.deletingLastPathComponent().deletingLastPathComponent().path
        process.environment = environment
        // schemathesis keeps a cache in the working directory: the test's own.
        process.currentDirectoryURL = api.database.directory
        let output = api.database.directory.appendingPathComponent("schemathesis.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(600)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        // SIGKILL: the mask it inherits from a Dispatch thread blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        let report = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "schemathesis found problems:\n\(report.suffix(6000))")
        #expect(api.server.process.isRunning, "the server died under fuzzing: \(api.server.stderr.suffix(2000))")
    }
}
