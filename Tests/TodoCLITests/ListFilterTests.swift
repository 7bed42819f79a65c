import Foundation
import Testing
import TodoCore

/// `todo list` filters, order and completeness.
@Suite struct ListFilterTests {
    /// Numbers of the tasks `todo list ARGUMENTS… --json` shows, in order.
    private func numbers(_ sandbox: CLISandbox, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int] {
        let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "list"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        let tasks = try #require(try result.jsonObject()["tasks"] as? [[String: Any]], sourceLocation: sourceLocation)
        return tasks.compactMap { $0["number"] as? Int }
    }

    /// #1 work high, due tomorrow; #2 home low, overdue; #3 work+home, completed; #4 no tag, undated.
    private func makeSandbox() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Write report", "--tag", "work", "--priority", "high", "--due", "tomorrow")
        try sandbox.succeed("add", "Water plants", "--tag", "home", "--priority", "low", "--due", "2026-03-09 08:00")
        try sandbox.succeed("add", "Plan report party", "--tag", "work", "--tag", "home", "--due", "2026-03-12")
        try sandbox.succeed("add", "Read a book")
        try sandbox.succeed("done", "3")
        return sandbox
    }

    @Test func statusDefaultsToPending() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox) == [2, 1, 4])
        #expect(try numbers(sandbox, "--status", "completed") == [3])
        #expect(try numbers(sandbox, "--status", "all") == [2, 1, 3, 4])
    }

    @Test func priorityFilterIsRepeatable() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox, "--priority", "high") == [1])
        #expect(try numbers(sandbox, "--priority", "high", "--priority=low") == [2, 1])
    }

    @Test func tagFiltersRequireEveryTag() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox, "--tag", "work", "--status", "all") == [1, 3])
        #expect(try numbers(sandbox, "--tag", "work", "--tag", "#Home", "--status", "all") == [3])
    }

    @Test func searchMatchesWords() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox, "--search", "report", "--status", "all", "--sort", "due") == [1, 3])
    }

    @Test func overdueShowsOnlyPastDueTasks() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox, "--overdue") == [2])
        #expect(try sandbox.succeed("list", "--overdue") == "! #2  Water plants  yesterday 08:00  low  #home\n")
    }

    @Test func sortOrderAndLimit() throws {
        let sandbox = try makeSandbox()
        #expect(try numbers(sandbox, "--sort", "title") == [4, 2, 1])
        #expect(try numbers(sandbox, "--sort", "title", "--order", "desc") == [1, 2, 4])
        #expect(try numbers(sandbox, "--sort", "priority") == [1, 2, 4])
        #expect(try numbers(sandbox, "--limit", "2") == [2, 1])
    }

    @Test func withoutALimitEveryTaskIsListedAcrossStorePages() throws {
        let sandbox = try CLISandbox()
        let count = TaskQuery.maxLimit * 2 + 7
        try sandbox.seed((1...count).map { TaskDraft(title: "Task \($0)") })
        let listed = try numbers(sandbox)
        #expect(listed.count == count)
        #expect(Set(listed).count == count)
        #expect(try sandbox.succeed("list").split(separator: "\n").count == count)
        #expect(try numbers(sandbox, "--limit", "\(TaskQuery.maxLimit + 3)").count == TaskQuery.maxLimit + 3)
    }

    @Test func prioritySortBreaksTiesByDueDateThenNumber() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "--literal", "High undated", "--priority", "high")           // #1
        try sandbox.succeed("add", "--literal", "Low soon", "--priority", "low", "--due", "today") // #2
        try sandbox.succeed("add", "--literal", "High later", "--priority", "high", "--due", "2026-04-01") // #3
        try sandbox.succeed("add", "--literal", "High soon", "--priority", "high", "--due", "2026-03-11 08:00") // #4
        try sandbox.succeed("add", "--literal", "High undated too", "--priority", "high")       // #5
        try sandbox.succeed("add", "--literal", "None", "--due", "2026-03-09")                  // #6
        try sandbox.succeed("add", "--literal", "High soon too", "--priority", "high", "--due", "2026-03-11 08:00") // #7
        #expect(try numbers(sandbox, "--sort", "priority") == [4, 7, 3, 1, 5, 2, 6])
        #expect(try numbers(sandbox, "--sort", "priority", "--order", "asc") == [6, 2, 5, 1, 3, 7, 4])
        // The same order across store pages (keyset cursors) and with both statuses merged.
        #expect(try numbers(sandbox, "--sort", "priority", "--limit", "3") == [4, 7, 3])
        try sandbox.succeed("done", "3", "5")
        #expect(try numbers(sandbox, "--sort", "priority", "--status", "all") == [4, 7, 3, 1, 5, 2, 6])
    }

    @Test func prioritySortPagesThroughTiesWithoutLosingAny() throws {
        let sandbox = try CLISandbox()
        let count = TaskQuery.maxLimit + 50
        try sandbox.seed((1...count).map { TaskDraft(title: "Task \($0)", priority: $0 % 2 == 0 ? .high : .none) })
        let listed = try numbers(sandbox, "--sort", "priority")
        let high = (1...count).filter { $0 % 2 == 0 }, none = (1...count).filter { $0 % 2 != 0 }
        #expect(listed == high + none)
    }

    @Test func searchForPunctuationAloneListsEveryTask() throws {
        let sandbox = try makeSandbox()
        for text in ["\"", "'", "*", "(", "-", "^", "\"\"", "\"*"] {
            #expect(try numbers(sandbox, "--search", text) == [2, 1, 4], "--search \(text)")
        }
        #expect(try numbers(sandbox, "--search", "\"report\"", "--status", "all", "--sort", "due") == [1, 3])
    }

    @Test func longTitlesAreCutInPipedOutputButNotInJSON() throws {
        let sandbox = try CLISandbox()
        let title = String(repeating: "word ", count: 60).trimmingCharacters(in: .whitespaces)
        try sandbox.succeed("add", "--literal", title)
        let row = try sandbox.succeed("list")
        #expect(row == "  #1  " + String(title.prefix(49)) + "…\n")
        let wide = try sandbox.run("list", environment: ["COLUMNS": "200"]).stdout
        #expect(wide == "  #1  " + String(title.prefix(149)) + "…\n")
        #expect(try sandbox.allTasks().first?["title"] as? String == title)
    }
}
