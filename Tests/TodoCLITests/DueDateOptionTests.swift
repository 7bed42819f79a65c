import Foundation
import Testing

/// `--due` reads dates with the quick-add grammar (issue 11 §2.1), and `todo edit --due`
/// follows the chat's rule for edits (§2.2, DESIGN §6.2). The sandbox's now is Tuesday
/// 2026-03-10 10:00 in Berlin.
@Suite struct DueDateOptionTests {
    private func dueOfNewTask(_ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (String?, Bool?) {
        let sandbox = try CLISandbox()
        let result = try sandbox.run("add", "Task", "--due", when, "--json")
        #expect(result.status == 0, "--due \(when): \(result)", sourceLocation: sourceLocation)
        let task = try result.jsonObject(sourceLocation: sourceLocation)
        return (task["due_at"] as? String, task["all_day"] as? Bool)
    }

    @Test(arguments: [
        ("next friday", "2026-03-20T00:00:00+01:00", true),
        ("friday 5pm", "2026-03-13T17:00:00+01:00", false),
        ("in 2 hours", "2026-03-10T12:00:00+01:00", false),
        ("Dec 24", "2026-12-24T00:00:00+01:00", true),
        ("tomorrow 5pm", "2026-03-11T17:00:00+01:00", false),
        ("2026-12-24 5pm", "2026-12-24T17:00:00+01:00", false),
        ("on the 20th at 8.15am", "2026-03-20T08:15:00+01:00", false),
        ("17:00", "2026-03-10T17:00:00+01:00", false),
        // The forms --due always took.
        ("2026-03-12T17:00", "2026-03-12T17:00:00+01:00", false),
        ("2026-03-12T16:00:00Z", "2026-03-12T17:00:00+01:00", false),
        ("2026-03-12 17:00:30", "2026-03-12T17:00:30+01:00", false),
        ("today", "2026-03-10T00:00:00+01:00", true),
    ])
    func addTakesTheDatesOfAQuickAddSentence(_ when: String, _ due: String, _ allDay: Bool) throws {
        let (dueAt, isAllDay) = try dueOfNewTask(when)
        #expect(dueAt == due, "--due \(when)")
        #expect(isAllDay == allDay, "--due \(when)")
    }

    @Test func editMovesATimedTaskToAnotherDayAtItsTime() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup", "--due", "2026-03-12 09:30")
        #expect(try sandbox.succeed("edit", "1", "--due", "tomorrow") == "Updated #1 \"Standup\": due tomorrow 09:30\n")
        var task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-11T09:30:00+01:00")
        #expect(task["all_day"] as? Bool == false)
        // Across the change to summer time the wall time stays 09:30.
        try sandbox.succeed("edit", "1", "--due", "Mar 30")
        task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-30T09:30:00+02:00")
    }

    @Test func editChangingOnlyTheTimeKeepsTheDate() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup", "--due", "2026-03-12 09:30")
        try sandbox.succeed("edit", "1", "--due", "5pm")
        var task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-12T17:00:00+01:00")
        // An all-day task given a time gets it on its own date.
        try sandbox.succeed("add", "Holiday prep", "--due", "2026-03-20")
        try sandbox.succeed("edit", "2", "--due", "at 8.15am")
        task = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 2 })
        #expect(task["due_at"] as? String == "2026-03-20T08:15:00+01:00")
        #expect(task["all_day"] as? Bool == false)
    }

    @Test func editWithADayAndATimeOrOnAnAllDayTaskTakesWhatWasSaid() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup", "--due", "2026-03-12 09:30")
        try sandbox.succeed("edit", "1", "--due", "friday 14:00")
        var task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-13T14:00:00+01:00")
        try sandbox.succeed("add", "Holiday", "--due", "2026-03-20")
        try sandbox.succeed("edit", "2", "--due", "tomorrow")
        task = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 2 })
        #expect(task["due_at"] as? String == "2026-03-11T00:00:00+01:00")
        #expect(task["all_day"] as? Bool == true)
        // A task with no due date given a time alone: today if still ahead.
        try sandbox.succeed("add", "Call")
        try sandbox.succeed("edit", "3", "--due", "17:00")
        task = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 3 })
        #expect(task["due_at"] as? String == "2026-03-10T17:00:00+01:00")
    }
}
