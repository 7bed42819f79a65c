import Foundation
import Testing

/// `--json` output: the API's shapes (DESIGN §6), parseable by any JSON reader.
@Suite struct JSONOutputTests {
    /// Every field of DESIGN §6 "Task", and nothing else.
    static let taskFields: Set<String> = [
        "id", "number", "title", "description", "status", "priority", "tags", "due_at", "all_day", "timezone",
        "recurrence", "recurrence_from", "series_id", "reminders", "created_at", "updated_at", "completed_at", "version",
    ]

    @Test func addPrintsTheTaskWithExactlyTheAPIFields() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run("add", "Pay rent", "--due", "2026-03-11 09:30", "--tag", "home", "--json")
        #expect(result.status == 0, "\(result)")
        let task = try result.jsonObject()
        #expect(Set(task.keys) == Self.taskFields)
        #expect(UUID(uuidString: try #require(task["id"] as? String)) != nil)
        #expect(task["number"] as? Int == 1)
        #expect(task["title"] as? String == "Pay rent")
        #expect(task["description"] as? String == "")
        #expect(task["status"] as? String == "pending")
        #expect(task["priority"] as? String == "none")
        #expect(task["tags"] as? [String] == ["home"])
        #expect(task["due_at"] as? String == "2026-03-11T09:30:00+01:00")
        #expect(task["all_day"] as? Bool == false)
        #expect(task["timezone"] as? String == "Europe/Berlin")
        #expect(task["recurrence"] is NSNull)
        #expect(task["recurrence_from"] as? String == "due")
        #expect(task["series_id"] is NSNull)
        #expect((task["reminders"] as? [Any])?.isEmpty == true)
        #expect(task["created_at"] as? String == CLISandbox.now)
        #expect(task["updated_at"] as? String == CLISandbox.now)
        #expect(task["completed_at"] is NSNull)
        #expect(task["version"] as? Int == 1)
    }

    @Test func listPrintsTasksAndANullCursor() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "One")
        try sandbox.succeed("add", "Two \"quoted\" \\ and ünïcode")
        let result = try sandbox.run("list", "--json")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("{\"tasks\":["))
        #expect(result.stdout.hasSuffix("],\"next_cursor\":null}\n"))
        let listing = try result.jsonObject()
        #expect(Set(listing.keys) == ["tasks", "next_cursor"])
        #expect(listing["next_cursor"] is NSNull)
        let tasks = try #require(listing["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["title"] as? String } == ["One", "Two \"quoted\" \\ and ünïcode"])
        for task in tasks { #expect(Set(task.keys) == Self.taskFields) }
    }

    @Test func emptyListIsAnEmptyArray() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("list", "--json") == "{\"tasks\":[],\"next_cursor\":null}\n")
    }

    @Test func showDoneReopenEditAndRmPrintTheTask() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Task")
        for arguments in [["show", "1"], ["done", "1"], ["reopen", "1"], ["edit", "1", "--priority", "low"], ["rm", "1"]] {
            let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL] + arguments + ["--json"])
            #expect(result.status == 0, "\(arguments): \(result)")
            let task = try result.jsonObject()
            #expect(Set(task.keys) == Self.taskFields, "\(arguments)")
            #expect(task["number"] as? Int == 1)
        }
    }

    @Test func doneJSONShowsTheCompletion() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Task")
        let task = try sandbox.run("done", "1", "--json").jsonObject()
        #expect(task["status"] as? String == "completed")
        #expect(task["completed_at"] as? String == CLISandbox.now)
        #expect(task["version"] as? Int == 2)
    }

    @Test func tagsPrintsTagAndCount() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "A", "--tag", "work", "--tag", "home")
        try sandbox.succeed("add", "B", "--tag", "work")
        let tags = try #require(try sandbox.run("tags", "--json").jsonObject()["tags"] as? [[String: Any]])
        #expect(tags.map { $0["name"] as? String } == ["work", "home"])
        #expect(tags.map { $0["count"] as? Int } == [2, 1])
    }
}
