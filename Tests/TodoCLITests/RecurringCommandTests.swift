import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport

/// Recurring tasks on the command line: `done` on a local database creates the next task at
/// once and says so; `list` says how a task repeats (issue 13 item 1).
@Suite struct RecurringCommandTests {
    @Test func doneCreatesTheNextTaskOfASeriesAndSaysIt() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup every weekday at 9:30 #work")
        // The sandbox's now is Tuesday 10:00 in Berlin: the first standup is Wednesday's.
        #expect(try sandbox.succeed("done", "1") == "Completed #1 \"Standup\" — next: #2 \"Standup\", due Thu 12 Mar 09:30\n")
        let tasks = try sandbox.allTasks()
        let first = try #require(tasks.first { $0["number"] as? Int == 1 })
        let next = try #require(tasks.first { $0["number"] as? Int == 2 })
        #expect(next["status"] as? String == "pending" && next["tags"] as? [String] == ["work"])
        #expect(next["series_id"] as? String == first["id"] as? String)
        #expect(next["recurrence"] as? String == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
        // Completing it again changes nothing; reopened and completed again, it names the same next task.
        #expect(try sandbox.succeed("done", "1") == "#1 \"Standup\" was already completed\n")
        try sandbox.succeed("reopen", "1")
        #expect(try sandbox.succeed("done", "1") == "Completed #1 \"Standup\" — next: #2 \"Standup\", due Thu 12 Mar 09:30\n")
        #expect(try sandbox.allTasks().count == 2)
    }

    /// A repetition that ends before its first occurrence, or one with no date to start from,
    /// is refused in the CLI's words (--due, the sentence), not the API's (due_at).
    @Test func aRepetitionWithNothingToStartFromIsRefusedInTheCLIsWords() throws {
        let sandbox = try CLISandbox()
        // The sandbox's now is 10 March 2026: this series ended on 1 March.
        let ended = try sandbox.run("add", "Gym every monday until march 1 2026")
        #expect(ended.status == 2, "\(ended)")
        #expect(ended.stderr.contains("ends before it starts"), "\(ended.stderr)")
        let reminder = try sandbox.run("add", "Call Ana", "--literal", "--json")
        #expect(reminder.status == 0, "\(reminder)")
        let noDue = try sandbox.run("add", "Call Ana remind me 30 minutes before")
        #expect(noDue.status == 2, "\(noDue)")
        #expect(noDue.stderr.contains("--due") && !noDue.stderr.contains("due_at"), "\(noDue.stderr)")
        #expect(try sandbox.allTasks().count == 1)
    }

    @Test func theLastTaskOfASeriesSaysItEndsTheSeries() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Water plants", "--due", "2026-03-11 08:00")
        let task = try #require(try sandbox.allTasks().first)
        // A rule with COUNT comes from the API or an edit of the stored rule; the store takes it as is.
        let store = try StoreFactory.open(DatabaseURL(sandbox.databaseURL))
        defer { store.close() }
        _ = try store.updateTask(id: UUID(uuidString: task["id"] as! String)!, userID: store.localUser().id,
                                 patch: TaskPatch(recurrence: .some("FREQ=DAILY;COUNT=1")), expectedVersion: nil, now: Date())
        #expect(try sandbox.succeed("done", "1") == "Completed #1 \"Water plants\" — the last of its series (every day, once)\n")
        #expect(try sandbox.allTasks().count == 1)
    }

    @Test func listSaysHowATaskRepeats() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup every weekday at 9:30")
        try sandbox.succeed("add", "Call Ana tomorrow")
        let listing = try sandbox.succeed("list")
        #expect(listing.contains("#1  Standup   tomorrow 09:30 (every weekday)\n"), "\(listing)")
        #expect(listing.contains("#2  Call Ana  tomorrow\n"), "\(listing)")
    }

    /// The rule keeps its end as a UTC instant (the end of the local day); every command says
    /// the task's own date instead of "until 2026-03-31T21:59:59Z".
    @Test func aSeriesEndIsSaidAsTheTasksDate() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "Standup every weekday at 9:30 until March 31")
            == "Added #1 \"Standup\" — due Wed 11 Mar 09:30, every weekday, until 2026-03-31\n")
        #expect(try sandbox.allTasks().first?["recurrence"] as? String == "FREQ=WEEKLY;UNTIL=20260331T215959Z;BYDAY=MO,TU,WE,TH,FR")
        #expect(try sandbox.succeed("list").contains("(every weekday, until 2026-03-31)"))
        #expect(try sandbox.succeed("show", "1").contains("every weekday, until 2026-03-31 (FREQ="))
        #expect(try sandbox.succeed("parse", "Standup every weekday at 9:30 until March 31").contains("Repeats:    every weekday, until 2026-03-31 ("))
        // Said in the task's zone, not the local one: the end of 31 March in Tokyo is 14:59 UTC.
        try sandbox.succeed("add", "--timezone", "Asia/Tokyo", "Review every day until March 31")
        #expect(try sandbox.succeed("show", "2").contains("every day, until 2026-03-31 ("))
    }
}
