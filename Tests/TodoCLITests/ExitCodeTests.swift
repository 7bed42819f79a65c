import Foundation
import Testing

/// One rule for every command: invalid input exits 2 and changes nothing, a failure of the
/// operation exits 1; with `--json` the error is `{"error": {"code", "message"}}` on stderr.
@Suite struct ExitCodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var environment: [String: String] = [:]
        var status: Int32
        var code: String
        var testDescription: String { "todo \(arguments.joined(separator: " ")) → \(status)" }
        /// Whether the command has a --json flag of its own.
        var takesJSON: Bool { ["add", "parse", "list", "show", "edit", "done", "reopen", "rm", "tags"].contains(arguments[0]) }
    }

    /// Invalid input, per command.
    static let invalidInput: [Case] = [
        Case(arguments: ["add", " "], status: 2, code: "validation_failed"),
        Case(arguments: ["add", "Title", "--tag", ""], status: 2, code: "validation_failed"),
        Case(arguments: ["add", "Title", "--timezone", "Mars/Olympus"], status: 2, code: "validation_failed"),
        Case(arguments: ["add", "Title", "--priority", "urgent"], status: 2, code: "usage_error"),
        Case(arguments: ["add", "Title", "--due", "someday"], status: 2, code: "usage_error"),
        Case(arguments: ["parse", ""], status: 2, code: "validation_failed"),
        // What add refuses, parse refuses too (it showed the reading and exited 0).
        Case(arguments: ["add", "Call Bob remind me 1 hour before"], status: 2, code: "validation_failed"),
        Case(arguments: ["parse", "Call Bob remind me 1 hour before"], status: 2, code: "validation_failed"),
        Case(arguments: ["add", "Standup every weekday until yesterday"], status: 2, code: "usage_error"),
        Case(arguments: ["parse", "Standup every weekday until yesterday"], status: 2, code: "usage_error"),
        Case(arguments: ["parse", "Gift 5/12"], environment: ["TODO_DATE_ORDER": "ymd"], status: 2, code: "invalid_setting"),
        Case(arguments: ["list", "--limit", "0"], status: 2, code: "usage_error"),
        Case(arguments: ["list", "--tag", ""], status: 2, code: "validation_failed"),
        Case(arguments: ["show", "first"], status: 2, code: "usage_error"),
        Case(arguments: ["edit", "1", "--title", " "], status: 2, code: "validation_failed"),
        Case(arguments: ["edit", "1", "--timezone", "EST"], status: 2, code: "validation_failed"),
        Case(arguments: ["done", "first"], status: 2, code: "usage_error"),
        Case(arguments: ["reopen"], status: 2, code: "usage_error"),
        Case(arguments: ["rm", "0"], status: 2, code: "usage_error"),
        Case(arguments: ["tags", "extra"], status: 2, code: "usage_error"),
        Case(arguments: ["login", "--server", "http://127.0.0.1:9"], status: 2, code: "usage_error"),
        Case(arguments: ["login", "--server", "http://127.0.0.1:9", "--email", "ada@example.com"], status: 2, code: "usage_error"),
        Case(arguments: ["register", "--server", "127.0.0.1:9"], status: 2, code: "usage_error"),
        Case(arguments: ["register", "--server", "http:// no/", "--email", "ada@example.com"], status: 2, code: "invalid_setting"),
        Case(arguments: ["passwd"], status: 2, code: "usage_error"),
        Case(arguments: ["migrate", "--db", "nonsense"], status: 2, code: "invalid_setting"),
        Case(arguments: ["serve"], environment: ["PORT": "eighty"], status: 2, code: "invalid_setting"),
        // librdkafka took these and retried forever, the server healthy and ready (an outside check).
        Case(arguments: ["serve"], environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": "not a broker list"], status: 2,
             code: "invalid_setting"),
        Case(arguments: ["serve"], environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": "127.0.0.1:notaport"], status: 2,
             code: "invalid_setting"),
        Case(arguments: ["events", "tail", "--topic", "nope"], status: 2, code: "usage_error"),
        Case(arguments: ["events", "status", "--limit", "5"], status: 2, code: "usage_error"),
        Case(arguments: ["frobnicate"], status: 2, code: "usage_error"),
        Case(arguments: ["list", "--sort", "priorty"], status: 2, code: "usage_error"),
        Case(arguments: ["list", "--overdue", "--status", "completed"], status: 2, code: "usage_error"),
        Case(arguments: ["add", "Title", "--db", ""], status: 2, code: "invalid_setting"),
        Case(arguments: ["list", "--db", "sqlite:other.db", "--server", "http://127.0.0.1:9", "--token", "t"], status: 2,
             code: "invalid_setting"),
        Case(arguments: ["events", "status", "--db", "sqlite:other.db", "--server", "http://127.0.0.1:9"], status: 2,
             code: "invalid_setting"),
        Case(arguments: ["events", "tail", "--db", "sqlite:other.db", "--server", "http://127.0.0.1:9"], status: 2,
             code: "invalid_setting"),
    ]

    /// Failures of the operation, per command.
    static let failures: [Case] = [
        Case(arguments: ["show", "42"], status: 1, code: "not_found"),
        Case(arguments: ["edit", "42", "--priority", "low"], status: 1, code: "not_found"),
        Case(arguments: ["done", "42"], status: 1, code: "not_found"),
        Case(arguments: ["reopen", "42"], status: 1, code: "not_found"),
        Case(arguments: ["rm", "42"], status: 1, code: "not_found"),
        Case(arguments: ["list", "--server", "http://127.0.0.1:9", "--token", "t"], status: 1, code: "server_unreachable"),
        Case(arguments: ["tags", "--server", "http://127.0.0.1:9", "--token", "t"], status: 1, code: "server_unreachable"),
        Case(arguments: ["add", "Title", "--server", "http://127.0.0.1:9", "--token", "t"], status: 1, code: "server_unreachable"),
    ]

    private func check(_ testCase: Case, json: Bool) throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Existing task")
        let before = try sandbox.snapshot()
        // --db and --server together are refused: a case against a server names no database.
        let database = testCase.arguments.contains("--server") ? [] : ["--db", sandbox.databaseURL]
        let arguments = database + testCase.arguments + (json ? ["--json"] : [])
        let result = try sandbox.runWithoutDatabase(arguments, environment: testCase.environment)
        #expect(result.exited, "\(result)")
        #expect(result.status == testCase.status, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        if json {
            let object = try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any]
            let error = try #require(object?["error"] as? [String: Any], "\(result)")
            #expect(error["code"] as? String == testCase.code, "\(result)")
            #expect((error["message"] as? String)?.isEmpty == false, "\(result)")
        } else {
            #expect(result.stderr.hasPrefix("todo: "), "\(result)")
        }
        #expect(try sandbox.snapshot() == before, "the database changed")
    }

    @Test(arguments: invalidInput + failures)
    func exitCodeFollowsTheRule(_ testCase: Case) throws {
        try check(testCase, json: false)
    }

    @Test(arguments: (invalidInput + failures).filter(\.takesJSON))
    func withJSONTheErrorIsJSON(_ testCase: Case) throws {
        try check(testCase, json: true)
    }
}
