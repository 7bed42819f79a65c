import Foundation
import Testing

/// Commands that parse but are refused or fail: one line `todo: <message>` on stderr, nothing
/// written, no crash; exit code 2 for input the task rules refuse, 1 for a failure of the
/// operation (a missing task, an unusable database).
@Suite struct RuntimeErrorTests {
    private func expectInvalidInput(
        _ arguments: [String], message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectFailure(arguments, status: 2, message: message, sourceLocation: sourceLocation)
    }

    private func expectFailure(
        _ arguments: [String], status: Int32 = 1, message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Existing task")
        let before = try sandbox.snapshot()
        let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL] + arguments)
        #expect(result.exited, "\(result)", sourceLocation: sourceLocation)
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == "todo: \(message)\n", sourceLocation: sourceLocation)
        #expect(try sandbox.snapshot() == before, "the database changed", sourceLocation: sourceLocation)
    }

    @Test func titleOfOnlySpaces() throws {
        try expectInvalidInput(["add", "   ", "\t"], message: "title must not be empty")
    }

    @Test func titleLongerThan500Characters() throws {
        try expectInvalidInput(
            ["add", String(repeating: "x", count: 501)], message: "title must be at most 500 characters (it has 501)")
    }

    @Test func unknownTimeZone() throws {
        try expectInvalidInput(
            ["add", "Title", "--timezone", "Mars/Olympus"],
            message: "\"Mars/Olympus\" is not an IANA time zone; use a name like \"Europe/Berlin\" or \"UTC\"")
    }

    @Test func unknownTimeZoneWithADueDate() throws {
        try expectInvalidInput(
            ["add", "Title", "--due", "tomorrow", "--timezone", "EST"],
            message: "\"EST\" is not an IANA time zone; use a name like \"Europe/Berlin\" or \"UTC\"")
    }

    @Test func invalidTag() throws {
        try expectInvalidInput(
            ["add", "Title", "--tag", "two words"],
            message: "tag \"two words\" contains a space; tags are single words like \"work\"")
    }

    @Test func doneOnAMissingTask() throws {
        try expectFailure(["done", "999"], message: "task #999 not found")
    }

    @Test func everyTaskCommandReportsAMissingTask() throws {
        for command in [["show"], ["reopen"], ["rm"], ["edit", "--priority", "low"]] {
            try expectFailure(
                [command[0], "#42"] + command.dropFirst(), message: "task #42 not found")
        }
        try expectFailure(
            ["show", "0b7d3f4e-5c1a-4c2e-9a51-3f3f1f5e2a10"], message: "task 0b7d3f4e-5c1a-4c2e-9a51-3f3f1f5e2a10 not found")
    }

    @Test func editToAnEmptyTitle() throws {
        try expectInvalidInput(["edit", "1", "--title", " "], message: "title must not be empty")
    }

    @Test func databaseFileThatIsNotSQLite() throws {
        let sandbox = try CLISandbox()
        let garbage = sandbox.directory.appendingPathComponent("garbage.db")
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        try bytes.write(to: garbage)
        let result = try sandbox.runWithoutDatabase(["--db", "sqlite:\(garbage.path)", "list"])
        #expect(result.exited, "crashed: \(result)")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("todo: \(garbage.path) is not a usable todo database"), "\(result)")
        #expect(try Data(contentsOf: garbage) == bytes, "the file was modified")
    }

    @Test func databaseURLThatIsNotOne() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["--db", "mysql://localhost/todo", "list"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "todo: --db: database URL \"mysql://localhost/todo\" is not usable: it starts with neither sqlite: nor postgres://; use sqlite:PATH or postgres://USER@HOST:PORT/DB\n")
    }

    @Test func badDatabaseURLInTheEnvironmentNamesTheVariable() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["list"], environment: ["TODO_DATABASE_URL": "nonsense"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("todo: TODO_DATABASE_URL: database URL \"nonsense\" is not usable"), "\(result)")
    }
}
