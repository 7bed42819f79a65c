import Foundation
import Testing

/// `todo chat` on the local database: one message, or a session of piped lines that is one
/// conversation; judged on the tasks it leaves (`todo list --json`), not on the replies' words.
@Suite struct ChatCommandTests {
    private func titles(_ tasks: [[String: Any]]) -> [String] { tasks.compactMap { $0["title"] as? String }.sorted() }

    private func session(_ sandbox: CLISandbox, _ lines: [String], arguments: [String] = []) throws -> CommandResult {
        try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "chat"] + arguments,
                                       input: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func aMessageAddedInOneRunIsListedByTheNextAsDueTomorrow() throws {
        let sandbox = try CLISandbox()
        let added = try sandbox.run("chat", "add Pay the rent tomorrow")
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout.contains("Pay the rent"), "\(added)")
        #expect(added.stderr.contains("--conversation "), "the id to continue with is said on stderr: \(added)")
        let tasks = try sandbox.allTasks()
        #expect(titles(tasks) == ["Pay the rent"])
        // Tuesday 10 March in Berlin: tomorrow is all-day Wednesday 11 March, Berlin's midnight.
        #expect(tasks.first?["due_at"] as? String == "2026-03-11T00:00:00+01:00", "\(tasks)")

        let asked = try sandbox.run("chat", "what's due tomorrow?")
        #expect(asked.status == 0, "\(asked)")
        #expect(asked.stdout.contains("Pay the rent"), "\(asked)")
        #expect(try sandbox.allTasks().count == 1, "a question changes nothing")
    }

    /// No recurring-task service runs beside a local `todo chat`: completing a repeating task
    /// makes its next task at once, as `todo done` does (the series stopped there before), and
    /// "undo" takes that task back with the completion.
    @Test func completingARepeatingTaskMakesItsNextTaskAndUndoTakesItBack() throws {
        let sandbox = try CLISandbox()
        let result = try session(sandbox, ["add Water the plants every day", "complete it"])
        #expect(result.status == 0, "\(result)")
        var tasks = try sandbox.allTasks()
        #expect(tasks.count == 2, "\(tasks)")
        #expect(Set(tasks.compactMap { $0["status"] as? String }) == ["completed", "pending"], "\(tasks)")
        let pending = tasks.first { $0["status"] as? String == "pending" }
        #expect(pending?["title"] as? String == "Water the plants")
        #expect(pending?["due_at"] as? String == "2026-03-11T00:00:00+01:00", "\(String(describing: pending))")

        let undone = try session(sandbox, ["add Take pills every day at 8pm", "complete it", "undo"])
        #expect(undone.status == 0, "\(undone)")
        tasks = try sandbox.allTasks().filter { $0["title"] as? String == "Take pills" }
        #expect(tasks.count == 1 && tasks.first?["status"] as? String == "pending", "\(tasks)")
    }

    @Test func aConfiguredModelThatCannotBeReachedLeavesTheTurnToTheOfflineAgent() throws {
        let sandbox = try CLISandbox()
        // A port nothing listens on: the connection is refused at once.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        close(listener)
        let port = UInt16(bigEndian: address.sin_port)
        let added = try sandbox.run("chat", "add Pay the rent tomorrow", environment: [
            "TODO_LLM_BASE_URL": "http://127.0.0.1:\(port)/v1", "TODO_LLM_API_KEY": "sk-secret-cli-key"])
        #expect(added.status == 0, "\(added)")
        #expect(titles(try sandbox.allTasks()) == ["Pay the rent"], "the offline agent carried out the turn")
        #expect(added.stderr.contains("llm fallback"), "the fallback is reported: \(added)")
        #expect(!(added.stdout + added.stderr).contains("sk-secret-cli-key"), "the key is never shown")

        let refused = try sandbox.run("chat", "hello", environment: ["TODO_LLM_BASE_URL": "ftp://example.com"])
        #expect(refused.status != 0 && refused.stderr.contains("TODO_LLM_BASE_URL"), "\(refused)")
    }

    @Test func theLocalTimeZoneAndPinnedNowReadTheDates() throws {
        let sandbox = try CLISandbox()
        // 03:00 UTC on 10 March is still 9 March (23:00) in New York: its tomorrow is 10 March.
        let added = try sandbox.run("chat", "add Call Ana tomorrow at 5pm",
                                    environment: ["TZ": "America/New_York", "TODO_NOW": "2026-03-10T03:00:00Z"])
        #expect(added.status == 0, "\(added)")
        let due = try sandbox.allTasks().first?["due_at"] as? String
        #expect(due == "2026-03-10T17:00:00-04:00", "\(String(describing: due))")
    }

    @Test func aPipedSessionIsOneConversationAndEndsCleanlyAtEndOfInput() throws {
        let sandbox = try CLISandbox()
        let result = try session(sandbox, [
            "add Water the plants tomorrow",
            "complete it",
            "undo",
            "",
            "add Buy milk",
            "delete it",
            "add Draft the report #work",
            "add Review slides #work",
            "delete everything tagged work",
            "yes",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stdout.contains("> "), "no prompt on stdout: \(result.stdout)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("todo chat: conversation "), "\(result)")
        let tasks = try sandbox.allTasks()
        #expect(titles(tasks) == ["Water the plants"], "undo put the plants back to pending, \"it\" and \"yes\" worked: \(tasks)")
        #expect(tasks.first?["status"] as? String == "pending")
    }

    @Test func endOfInputAtOnceExitsCleanlyWithoutOutput() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "chat"], input: Data())
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
    }

    @Test func aConversationContinuesAcrossRunsByItsID() throws {
        let sandbox = try CLISandbox()
        let first = try sandbox.run("chat", "--json", "add Book the dentist friday")
        #expect(first.status == 0, "\(first)")
        let answer = try first.jsonObject()
        let id = try #require(answer["conversation_id"] as? String)
        #expect(answer["reply"] is String)
        #expect((answer["actions"] as? [[String: Any]])?.first?["tool"] as? String == "add_task", "\(answer)")
        #expect(first.stderr.isEmpty, "JSON carries the id: \(first)")

        let second = try sandbox.run("chat", "--conversation", id, "complete it")
        #expect(second.status == 0, "\(second)")
        #expect(try sandbox.allTasks().first?["status"] as? String == "completed")
        let third = try session(sandbox, ["undo"], arguments: ["--conversation", id, "--json"])
        #expect(third.status == 0, "\(third)")
        #expect((try third.jsonObject())["conversation_id"] as? String == id)
        #expect(try sandbox.allTasks().first?["status"] as? String == "pending")
    }

    /// Bad messages by name (a 100 KB one would flood the test log as an argument).
    static let badMessages: [String: (message: String, error: String)] = [
        "empty": ("", "message must not be empty"),
        "blank": ("   ", "message must not be empty"),
        "100 KB": (String(repeating: "x", count: 100_000), "message must be at most 4000 characters (it has 100000)"),
    ]

    @Test(arguments: ["empty", "blank", "100 KB"])
    func aBadMessageIsRefusedAndChangesNothing(_ name: String) throws {
        let (message, error) = try #require(Self.badMessages[name])
        let sandbox = try CLISandbox()
        try sandbox.run("add", "Keep me")
        let before = try sandbox.snapshot()
        let result = try sandbox.run("chat", message)
        #expect(result.status == 2, "\(result.status) \(result.stderr.prefix(300))")
        #expect(result.stderr == "todo: \(error)\n")
        #expect(result.stdout.isEmpty)
        #expect(try sandbox.snapshot() == before)
        #expect(try sandbox.run("chat", "--json", message).stderr.contains(#""code":"validation_failed""#))
    }

    @Test func anUnknownConversationIsRefusedAndChangesNothing() throws {
        let sandbox = try CLISandbox()
        let before = try sandbox.snapshot()
        for id in [UUID().uuidString.lowercased(), "not-an-id"] {
            let result = try sandbox.run("chat", "--conversation", id, "add Sneaky task")
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "todo: no conversation \(id) among yours\n")
            #expect(result.stdout.isEmpty)
            let session = try session(sandbox, ["add Sneaky task"], arguments: ["--conversation", id])
            #expect(session.status == 1, "\(session)")
        }
        #expect(try sandbox.snapshot() == before)
    }

    @Test func aRefusedLineInASessionIsReportedAndTheOthersAreAnswered() throws {
        let sandbox = try CLISandbox()
        let result = try session(sandbox, ["add First task", String(repeating: "y", count: 100_000), "add Second task"])
        #expect(result.status == 2, "a refused line makes the session's exit code 2")
        #expect(result.stderr.contains("todo: message must be at most 4000 characters (it has 100000)"), "\(result.stderr)")
        #expect(result.stderr.contains("todo: 1 message was refused"), "\(result.stderr)")
        #expect(titles(try sandbox.allTasks()) == ["First task", "Second task"])
    }
}
