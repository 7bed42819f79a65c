import Foundation
import Testing

/// `todo export` and `todo import` on a local database.
@Suite struct InterchangeCommandTests {
    @Test func exportThenImportIntoAnotherDatabaseKeepsEveryTask() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Pay rent every month on the 1st at 9am #home !high remind me 1 day before")
        try sandbox.succeed("add", "Dentist", "--due", "2026-03-24", "--note", "bring the card, and the letter")
        try sandbox.succeed("add", "Old thing")
        try sandbox.succeed("done", "3")
        let file = sandbox.directory.appendingPathComponent("tasks.ics").path
        let exported = try sandbox.run("export", "--output", file)
        #expect(exported.status == 0 && exported.stdout.isEmpty, "\(exported)")
        #expect(exported.stderr == "todo: exported 3 tasks to \(file)\n")
        let calendar = try String(contentsOfFile: file, encoding: .utf8)
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\n") && calendar.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
        #expect(try sandbox.succeed("export", "--status", "pending").components(separatedBy: "BEGIN:VTODO").count == 3)

        let other = try CLISandbox()
        #expect(try other.succeed("import", file) == "Imported \(file): 3 added.\n")
        let fields = ["title", "description", "due_at", "all_day", "timezone", "priority", "tags", "recurrence", "reminders", "status"]
        let original = try sandbox.allTasks()
        let copied = try other.allTasks()
        #expect(copied.count == 3)
        for task in original {
            let copy = try #require(copied.first { $0["id"] as? String == task["id"] as? String }, "a task exported here keeps its id")
            for field in fields { #expect("\(copy[field] ?? "-")" == "\(task[field] ?? "-")", "\(field)") }
        }
        #expect(try other.succeed("import", file) == "Imported \(file): 0 added, 3 unchanged.\n")
        #expect(try other.allTasks().count == 3)
    }

    @Test func todoTxtAndJSONGoBothWays() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Pay taxes", "--due", "2026-04-15", "--priority", "high", "--tag", "finance")
        let id = try #require(try sandbox.allTasks().first?["id"] as? String)
        let ownLines = try sandbox.succeed("export", "--format", "todotxt")
        #expect(ownLines == "(A) 2026-03-10 Pay taxes +finance due:2026-04-15 id:\(id)\n")
        // Its own todo.txt export, imported again: the same task, a repetition on its due day too.
        #expect(try sandbox.run("import", "-", input: Data(ownLines.utf8)).stdout == "Imported standard input: 0 added, 1 unchanged.\n")
        let json = try sandbox.run("export", "--format", "json")
        #expect((try json.jsonObject()["tasks"] as? [[String: Any]])?.count == 1)

        let other = try CLISandbox()
        let piped = try other.run("import", "-", input: Data("(B) Call mum @phone due:2026-03-12\nx Filed\n".utf8))
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.stdout == "Imported standard input: 2 added.\n")
        let fromJSON = try other.run("import", "-", "--json", input: Data(json.stdout.utf8))
        let report = try fromJSON.jsonObject()
        #expect(report["created"] as? Int == 1 && report["skipped"] as? Int == 0, "\(fromJSON)")
        let titles = try other.allTasks().compactMap { $0["title"] as? String }.sorted()
        #expect(titles == ["Call mum", "Filed", "Pay taxes"])
        let mum = try #require(try other.allTasks().first { $0["title"] as? String == "Call mum" })
        #expect(mum["due_at"] as? String == "2026-03-12T00:00:00+01:00" && mum["priority"] as? String == "medium")
        #expect(mum["tags"] as? [String] == ["phone"])

        try sandbox.succeed("add", "Pay rent every month on the 1st at 9am")
        let withRent = try sandbox.succeed("export", "--format", "todotxt")
        #expect(withRent.contains(" due:2026-04-01 rec:+1m id:"), "\(withRent)")
        #expect(try sandbox.run("import", "-", input: Data(withRent.utf8)).stdout == "Imported standard input: 0 added, 2 unchanged.\n")
        #expect(try sandbox.allTasks().first { $0["title"] as? String == "Pay rent" }?["recurrence"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
    }

    /// A repeating task marked done in the file goes on, as `todo done` makes it, completed on
    /// the line's day.
    @Test func aRepeatingTaskDoneInTheFileGoesOn() throws {
        let sandbox = try CLISandbox()
        let earlier = ["TODO_NOW": "2026-03-01T09:00:00Z"]
        #expect(try sandbox.run("add", "Water plants every 2 days", "--due", "2026-03-04 08:00", environment: earlier).status == 0)
        let line = try sandbox.run("export", "--format", "todotxt", environment: earlier).stdout
        #expect(line.hasPrefix("2026-03-01 Water plants due:2026-03-04 rec:+2d id:"), "\(line)")
        let done = "x 2026-03-05 " + line
        #expect(try sandbox.run("import", "-", input: Data(done.utf8)).stdout == "Imported standard input: 0 added, 1 updated.\n")
        let tasks = try sandbox.allTasks()
        #expect(tasks.count == 2)
        let completed = try #require(tasks.first { $0["status"] as? String == "completed" })
        #expect(completed["completed_at"] as? String == "2026-03-04T23:00:00Z", "5 March in Berlin, not the import's time")
        let next = try #require(tasks.first { $0["status"] as? String == "pending" })
        #expect(next["due_at"] as? String == "2026-03-06T08:00:00+01:00" && next["title"] as? String == "Water plants")
    }

    @Test func whatCannotBeImportedIsSaidAndTheExitCodeTellsIt() throws {
        let sandbox = try CLISandbox()
        let file = sandbox.directory.appendingPathComponent("todo.txt")
        try Data("Good one\n+onlytags\nBad due:2026-02-30\n".utf8).write(to: file)
        let partial = try sandbox.run("import", file.path)
        #expect(partial.status == 1, "\(partial)")
        #expect(partial.stdout == """
            Imported \(file.path): 1 added, 2 skipped.
              skipped line 2: the line has no text besides its tags and dates
              skipped line 3: due:2026-02-30 is not a date YYYY-MM-DD

            """)
        #expect(partial.stderr == "todo: 2 items of \(file.path) skipped, for the reasons listed\n")

        let before = try sandbox.snapshot()
        let calendar = sandbox.directory.appendingPathComponent("broken.ics")
        try Data("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\n".utf8).write(to: calendar)
        let broken = try sandbox.run("import", calendar.path)
        #expect(broken.status == 2, "\(broken)")
        #expect(broken.stderr == "todo: the file is not an iCalendar object: line 2: BEGIN:VTODO is never ended\n")
        let brokenJSON = try sandbox.run("import", calendar.path, "--format", "json", "--json")
        #expect(brokenJSON.status == 2)
        #expect(brokenJSON.stderr.hasPrefix(#"{"error":{"code":"invalid_file","message":"the file is not valid JSON"#), "\(brokenJSON)")
        let missing = try sandbox.run("import", sandbox.directory.appendingPathComponent("nope.ics").path)
        #expect(missing.status == 1 && missing.stderr.hasSuffix("nope.ics: no such file\n"), "\(missing)")
        let folder = try sandbox.run("import", sandbox.directory.path)
        #expect(folder.status == 1 && folder.stderr.hasSuffix(": it is a folder\n"), "\(folder)")
        let format = try sandbox.run("import", file.path, "--format", "csv")
        #expect(format.status == 2 && format.stderr.contains("ics, json, todotxt"), "\(format)")
        let unwritable = try sandbox.run("export", "--output", sandbox.directory.appendingPathComponent("no/such/dir.ics").path)
        #expect(unwritable.status == 1 && unwritable.stderr.contains("cannot write"), "\(unwritable)")
        #expect(try sandbox.snapshot() == before)
    }
}
