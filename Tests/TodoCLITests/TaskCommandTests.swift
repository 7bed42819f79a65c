import Foundation
import Testing

/// The happy paths of the task commands, as a user sees them in the terminal.
@Suite struct TaskCommandTests {
    @Test func addPrintsTheNumberTitleAndDueDate() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "Pay", "rent", "--due", "tomorrow") == "Added #1 \"Pay rent\" — due Wed 11 Mar\n")
        #expect(try sandbox.succeed("add", "Call the bank", "--due", "2026-03-13 17:00") == "Added #2 \"Call the bank\" — due Fri 13 Mar 17:00\n")
        #expect(try sandbox.succeed("add", "Read") == "Added #3 \"Read\"\n")
    }

    /// With --due the option says when: the sentence's date words are title, not a date it
    /// replaces ("Friday Black review" lost "Friday"); its tags and repetition are still read.
    @Test func addWithDueKeepsTheSentencesDateWordsInTheTitle() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "Friday Black review", "--due", "monday") == "Added #1 \"Friday Black review\" — due Mon 16 Mar\n")
        #expect(try sandbox.succeed("add", "Meet at 5pm sharp with team #work", "--due", "monday")
                    == "Added #2 \"Meet at 5pm sharp with team\" — due Mon 16 Mar, #work\n")
        let weekly = try sandbox.succeed("add", "Standup every monday", "--due", "2026-03-16 09:30")
        #expect(weekly.hasPrefix("Added #3 \"Standup\" — due Mon 16 Mar 09:30, every week on Monday"), "\(weekly)")
    }

    @Test func addStoresEveryOptionGiven() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed(
            "add", "Submit", "report", "--due=2026-03-12T17:00", "--priority", "high", "--tag", "work", "--tag", "#Q1",
            "--note", "with charts", "--timezone", "America/New_York")
        let task = try #require(try sandbox.allTasks().first)
        #expect(task["title"] as? String == "Submit report")
        #expect(task["priority"] as? String == "high")
        #expect(task["tags"] as? [String] == ["work", "q1"])
        #expect(task["description"] as? String == "with charts")
        #expect(task["timezone"] as? String == "America/New_York")
        // 17:00 in New York on 12 March 2026 (EDT, two days after the US switch).
        #expect(task["due_at"] as? String == "2026-03-12T17:00:00-04:00")
        #expect(task["all_day"] as? Bool == false)
    }

    @Test func addWithADateAloneIsAllDayInTheTaskZone() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Dentist", "--due", "2026-03-20")
        let task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-20T00:00:00+01:00")
        #expect(task["all_day"] as? Bool == true)
        #expect(task["timezone"] as? String == CLISandbox.timeZone)
    }

    @Test func doubleDashEndsOptions() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "--", "--json", "is", "a", "word") == "Added #1 \"--json is a word\"\n")
    }

    @Test func listShowsAlignedColumnsWithRelativeDueDates() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Pay rent", "--due", "tomorrow", "--priority", "high", "--tag", "home")
        try sandbox.succeed("add", "Call the bank", "--due", "2026-03-11 17:00")
        try sandbox.succeed("add", "Quarterly report", "--due", "2026-03-13T17:00", "--tag", "work", "--tag", "q1")
        try sandbox.succeed("add", "Today's thing", "--due", "today 18:30", "--priority", "low")
        try sandbox.succeed("add", "Taxes", "--due", "2026-12-05")
        try sandbox.succeed("add", "Passport", "--due", "2027-12-05 08:15")
        try sandbox.succeed("add", "Someday")
        let expected = """
              #4  Today's thing     today 18:30       low
              #1  Pay rent          tomorrow          high  #home
              #2  Call the bank     tomorrow 17:00
              #3  Quarterly report  Fri 17:00               #work #q1
              #5  Taxes             Dec 5
              #6  Passport          Dec 5 2027 08:15
              #7  Someday

            """
        #expect(try sandbox.succeed("list") == expected)
    }

    @Test func listMarksOverdueTasksWithoutColourWhenNotATerminal() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Late", "--due", "2026-03-09 17:00")
        // --literal: these titles hold date words that quick-add would otherwise take.
        try sandbox.succeed("add", "--literal", "Earlier today", "--due", "today 08:00")
        try sandbox.succeed("add", "--literal", "All day today", "--due", "today")
        let output = try sandbox.succeed("list")
        #expect(output == """
            ! #1  Late           yesterday 17:00
              #3  All day today  today
            ! #2  Earlier today  today 08:00

            """)
        #expect(!output.contains("\u{1B}"))
    }

    @Test func listSaysSoWhenThereAreNoTasks() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("list") == "No tasks.\n")
    }

    @Test func showPrintsEveryField() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Pay rent", "--due", "2026-03-11 09:30", "--priority", "medium", "--tag", "home", "--note", "Transfer\nby noon")
        let id = try #require(try sandbox.allTasks().first?["id"] as? String)
        let output = try sandbox.succeed("show", "1")
        #expect(output == """
            #1 Pay rent
              Status:     pending
              Due:        tomorrow 09:30 — 2026-03-11T09:30:00+01:00
              Time zone:  Europe/Berlin
              Priority:   medium
              Tags:       #home
              Repeats:    none
              Reminders:  none
              Created:    2026-03-10T10:00:00+01:00
              Updated:    2026-03-10T10:00:00+01:00
              Completed:  no
              Version:    1
              Id:         \(id)

              Transfer
              by noon

            """)
    }

    @Test func aTaskCanBeNamedByNumberHashNumberOrID() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Water plants")
        let id = try #require(try sandbox.allTasks().first?["id"] as? String)
        for reference in ["1", "#1", id, id.uppercased()] {
            let output = try sandbox.succeed("show", reference)
            #expect(output.hasPrefix("#1 Water plants\n"), "show \(reference)")
        }
    }

    @Test func doneCompletesATaskAndTheDefaultListHidesIt() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Buy milk", "--tag", "home")
        try sandbox.succeed("add", "Buy bread")
        #expect(try sandbox.succeed("done", "1") == "Completed #1 \"Buy milk\"\n")
        #expect(try sandbox.succeed("list") == "  #2  Buy bread\n")
        #expect(try sandbox.succeed("list", "--status", "completed") == "✓ #1  Buy milk  #home\n")
        #expect(try sandbox.succeed("done", "#1") == "#1 \"Buy milk\" was already completed\n")
        let task = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 1 })
        #expect(task["status"] as? String == "completed")
        #expect(task["completed_at"] as? String == CLISandbox.now)
    }

    @Test func reopenMakesACompletedTaskPendingAgain() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Buy milk")
        try sandbox.succeed("done", "1")
        #expect(try sandbox.succeed("reopen", "1") == "Reopened #1 \"Buy milk\"\n")
        #expect(try sandbox.succeed("reopen", "1") == "#1 \"Buy milk\" is already pending\n")
        #expect(try sandbox.succeed("list") == "  #1  Buy milk\n")
    }

    @Test func editChangesTheGivenFieldsAndKeepsTheOthers() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Report", "--due", "2026-03-13 17:00", "--tag", "work", "--tag", "home", "--note", "draft")
        let before = try #require(try sandbox.allTasks().first)
        let output = try sandbox.succeed("edit", "1", "--priority", "high", "--tag", "urgent", "--untag", "home")
        #expect(output == "Updated #1 \"Report\": priority high, tags +urgent -home\n")
        let after = try #require(try sandbox.allTasks().first)
        #expect(after["tags"] as? [String] == ["work", "urgent"])
        #expect(after["priority"] as? String == "high")
        #expect(after["due_at"] as? String == before["due_at"] as? String)
        #expect(after["description"] as? String == "draft")
        #expect(after["version"] as? Int == 2)
    }

    @Test func editCanRetitleRescheduleAndClearTheDueDate() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Report", "--due", "tomorrow")
        #expect(try sandbox.succeed("edit", "1", "--title", "Final report", "--due", "2026-03-12 09:00")
            == "Updated #1 \"Final report\": title \"Final report\", due Thu 09:00\n")
        #expect(try sandbox.succeed("edit", "1", "--no-due", "--note", "later") == "Updated #1 \"Final report\": no due date, note updated\n")
        let task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] is NSNull)
        #expect(task["all_day"] as? Bool == false)
        #expect(try sandbox.succeed("edit", "1", "--note", "later") == "#1 \"Final report\" is unchanged\n")

        // Reminders counted from the due date go with it; one at an instant stays (it needs no
        // due date: "Call Bob remind me at 5pm" was refused); a series cannot lose its date.
        try sandbox.succeed("add", "Call tomorrow 5pm remind me 10 minutes before")
        #expect(try sandbox.succeed("edit", "2", "--no-due") == "Updated #2 \"Call\": no due date, reminders removed\n")
        try sandbox.succeed("add", "Rent every month on the 1st")
        let refused = try sandbox.run("edit", "3", "--no-due")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("#3 repeats"), "\(refused)")
        #expect(try sandbox.succeed("add", "Call Bob remind me at 5pm") == "Added #4 \"Call Bob\" — reminder at Tue 10 Mar 17:00\n")
        try sandbox.succeed("add", "Call Ann tomorrow 5pm remind me 10 minutes before and at 9am")
        #expect(try sandbox.succeed("edit", "5", "--no-due") == "Updated #5 \"Call Ann\": no due date, reminders updated\n")
        #expect(try sandbox.allTasks().first { $0["number"] as? Int == 5 }?["reminders"] as? [[String: String]] == [["at": "2026-03-11T09:00:00+01:00"]])
    }

    @Test func editingTheTimeZoneOfAnAllDayTaskKeepsItsDate() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Holiday", "--due", "2026-03-20")
        #expect(try sandbox.succeed("edit", "1", "--timezone", "America/New_York") == "Updated #1 \"Holiday\": due Mar 20, time zone America/New_York\n")
        let task = try #require(try sandbox.allTasks().first)
        #expect(task["due_at"] as? String == "2026-03-20T00:00:00-04:00")
        #expect(task["all_day"] as? Bool == true)
    }

    @Test func rmDeletesTheTask() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Old idea")
        try sandbox.succeed("add", "Keep me")
        #expect(try sandbox.succeed("rm", "1") == "Deleted #1 \"Old idea\"\n")
        #expect(try sandbox.succeed("list") == "  #2  Keep me\n")
        let show = try sandbox.run("show", "1")
        #expect(show.status == 1)
        #expect(show.stderr == "todo: task #1 not found\n")
    }

    @Test func tagsListsEachTagWithItsCountAligned() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "A", "--tag", "work", "--tag", "errands")
        try sandbox.succeed("add", "B", "--tag", "work")
        try sandbox.succeed("add", "C", "--tag", "work")
        #expect(try sandbox.succeed("tags") == "#work     3\n#errands  1\n")
    }

    @Test func tagsSaysSoWhenThereAreNone() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("tags") == "No tags.\n")
    }

    @Test func migrateNamesTheDatabaseAndTheMigrations() throws {
        let sandbox = try CLISandbox()
        let fresh = "sqlite:" + sandbox.directory.appendingPathComponent("fresh.db").path
        let first = try sandbox.runWithoutDatabase(["--db", fresh, "migrate"]).stdoutLines
        #expect(first.first == "Database: \(fresh)")
        #expect(first.contains { $0.hasPrefix("Applied now: ") })
        let second = try sandbox.runWithoutDatabase(["--db", fresh, "migrate"]).stdoutLines
        #expect(second.contains { $0.hasPrefix("Already applied: ") })
        #expect(second.last == "The schema is up to date.")
    }

    @Test func addReadsAQuickAddSentenceAndOptionsOverrideIt() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "Pay rent every month on the 1st #home !high") == "Added #1 \"Pay rent\" — due Wed 1 Apr, every month on the 1st, high, #home\n")
        let task = try #require(try sandbox.allTasks().first)
        #expect(task["recurrence"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(task["tags"] as? [String] == ["home"])
        #expect(task["priority"] as? String == "high")
        try sandbox.succeed("add", "Call Ana tomorrow", "--priority", "low", "--tag", "work")
        let second = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 2 })
        #expect(second["title"] as? String == "Call Ana")
        #expect(second["priority"] as? String == "low")
        #expect(second["tags"] as? [String] == ["work"])
        try sandbox.succeed("add", "--literal", "Read 'Friday' tomorrow #book")
        let third = try #require(try sandbox.allTasks().first { $0["number"] as? Int == 3 })
        #expect(third["title"] as? String == "Read 'Friday' tomorrow #book")
        #expect(third["due_at"] is NSNull)
        let parsed = try sandbox.succeed("parse", "Standup every weekday at 9:30 !!")
        #expect(parsed.contains("Repeats:    every weekday (FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR)"))
        #expect(parsed.contains("Priority:   medium"))
    }

    @Test func numericDatesFollowTheDateOrderSettingThenTheLocale() throws {
        let sandbox = try CLISandbox()
        let read = { (environment: [String: String]) throws -> String in
            let result = try sandbox.run("parse", "--json", "Gift 5/12", environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return String((json?["due_at"] as? String ?? "").prefix(10))
        }
        let mayTwelfth = try read([:])
        #expect(mayTwelfth.hasSuffix("-05-12"))
        #expect(try read(["LANG": "en_GB.UTF-8"]).hasSuffix("-12-05"))
        #expect(try read(["LANG": "en_GB.UTF-8", "LC_TIME": "en_US.UTF-8"]).hasSuffix("-05-12"))
        #expect(try read(["LANG": "en_US.UTF-8", "TODO_DATE_ORDER": "dmy"]).hasSuffix("-12-05"))
        #expect(try read(["LANG": "C.UTF-8"]) == mayTwelfth)
        let bad = try sandbox.run("parse", "Gift 5/12", environment: ["TODO_DATE_ORDER": "ymd"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("todo: TODO_DATE_ORDER: \"ymd\" is neither mdy"))
    }

    @Test func serveRefusesBadConfigurationWithOneLine() throws {
        let sandbox = try CLISandbox()
        let badPort = try sandbox.run("serve", environment: ["PORT": "eighty"])
        #expect(badPort.status == 2)
        #expect(badPort.stderr == "todo: PORT: \"eighty\" is not a port number between 0 and 65535\n")
        let shortSecret = try sandbox.run("serve", "--port", "0", environment: ["TODO_JWT_SECRET": "short"])
        #expect(shortSecret.status == 2)
        #expect(shortSecret.stderr.hasPrefix("todo: TODO_JWT_SECRET must be at least 32 bytes"))
        let badHost = try sandbox.run("serve", "--port", "0", "--host", "my laptop")
        #expect(badHost.status == 2)
        #expect(badHost.stderr.contains("cannot listen on \"my laptop\""))
        let badThreads = try sandbox.run("serve", "--threads", "0")
        #expect(badThreads.status == 2)
        let badBus = try sandbox.run("serve", "--port", "0", environment: ["TODO_EVENT_BUS": "rabbit"])
        #expect(badBus.status == 2)
        #expect(badBus.stderr == "todo: TODO_EVENT_BUS: \"rabbit\" is not one of embedded, kafka, dapr\n")
        let kafka = try sandbox.run("serve", "--port", "0", environment: ["TODO_EVENT_BUS": "kafka"])
        #expect(kafka.status == 2)
        #expect(kafka.stderr.hasPrefix("todo: KAFKA_BROKERS: the kafka bus needs the brokers"))
        let badProtocol = try sandbox.run("serve", "--port", "0", environment: ["TODO_EVENT_BUS": "kafka", "KAFKA_BROKERS": "127.0.0.1:9",
                                                                                "KAFKA_SECURITY_PROTOCOL": "carrier-pigeon"])
        #expect(badProtocol.status == 2)
        #expect(badProtocol.stderr.hasPrefix("todo: KAFKA_SECURITY_PROTOCOL: "))
        let badSidecar = try sandbox.run("serve", "--port", "0", environment: ["TODO_EVENT_BUS": "dapr", "DAPR_HTTP_PORT": "x"])
        #expect(badSidecar.status == 2)
        #expect(badSidecar.stderr == "todo: DAPR_HTTP_PORT: \"x\" is not a port number between 1 and 65535\n")
    }

    @Test func versionIsPrintedByTheCommandAndTheFlag() throws {
        let sandbox = try CLISandbox()
        let command = try sandbox.runWithoutDatabase(["version"])
        let flag = try sandbox.runWithoutDatabase(["--version"])
        #expect(command.status == 0)
        #expect(command.stdout.hasPrefix("todo "))
        #expect(command.stdout == flag.stdout)
    }

    @Test func doneAndRmTakeSeveralTasks() throws {
        let sandbox = try CLISandbox()
        for title in ["One", "Two", "Three", "Four"] { try sandbox.succeed("add", title) }
        #expect(try sandbox.succeed("done", "1", "#3", "1") == "Completed #1 \"One\"\nCompleted #3 \"Three\"\n")
        #expect(try sandbox.succeed("reopen", "1", "3") == "Reopened #1 \"One\"\nReopened #3 \"Three\"\n")
        #expect(try sandbox.succeed("rm", "2", "4") == "Deleted #2 \"Two\"\nDeleted #4 \"Four\"\n")
        #expect(try sandbox.allTasks().compactMap { $0["number"] as? Int } == [1, 3])
        let json = try sandbox.succeed("done", "1", "3", "--json").split(separator: "\n")
        #expect(json.count == 2)
        #expect(try json.allSatisfy { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["status"] as? String == "completed" })
    }

    @Test func aMissingTaskAmongSeveralChangesNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "One")
        try sandbox.succeed("add", "Two")
        let before = try sandbox.snapshot()
        for command in ["done", "rm"] {
            let result = try sandbox.run(command, "1", "99", "2")
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "todo: task #99 not found\n")
            #expect(try sandbox.snapshot() == before)
        }
    }

    @Test func addConfirmsEverythingThatWasStored() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.succeed("add", "Pay rent every month on the 1st at 9am #home !high remind me 1 day before")
            == "Added #1 \"Pay rent\" — due Wed 1 Apr 09:00, every month on the 1st, high, #home, reminder 1 day before\n")
        #expect(try sandbox.succeed("add", "Water plants every! 3 days", "--due", "2027-01-02 08:00")
            == "Added #2 \"Water plants\" — due Sat 2 Jan 2027 08:00, every 3 days, counted from completion\n")
        // A timed task in another zone is confirmed in local time, as listings show it, and at
        // the time it has there.
        #expect(try sandbox.succeed("add", "Call Tokyo", "--due", "2026-03-11 18:00", "--timezone", "Asia/Tokyo", "--priority", "low")
            == "Added #3 \"Call Tokyo\" — due Wed 11 Mar 10:00 (Wed 11 Mar 18:00 in Asia/Tokyo), low\n")
    }

    @Test func showDescribesTheRecurrenceInWords() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Standup every weekday at 9:30 remind me 2 hours before")
        let output = try sandbox.succeed("show", "1")
        #expect(output.contains("  Repeats:    every weekday (FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR), counted from the due date\n"), "\(output)")
        #expect(output.contains("  Reminders:  2 hours before\n"), "\(output)")
    }

    @Test func parseShowsLocalWallTimes() throws {
        let sandbox = try CLISandbox()
        let output = try sandbox.succeed("parse", "Call Ana tomorrow at 5pm remind me at 4pm")
        #expect(output == """
            Title:      Call Ana
            Due:        Wed 11 Mar 17:00
            Priority:   none
            Reminder:   at Wed 11 Mar 16:00

            """)
        #expect(try sandbox.succeed("parse", "Dentist on Dec 24", "--timezone", "Asia/Tokyo").contains("Due:        Thu 24 Dec, all day\n"))
        #expect(try sandbox.succeed("parse", "Call Ana tomorrow at 5pm", "--timezone", "Asia/Tokyo")
            .contains("Due:        Wed 11 Mar 17:00 (Asia/Tokyo)\n"))
    }

    @Test func editOfTheTimeZoneShowsTheDueTimeThere() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Call", "--due", "2026-03-11 10:00")
        #expect(try sandbox.succeed("edit", "1", "--timezone", "Asia/Tokyo")
            == "Updated #1 \"Call\": time zone Asia/Tokyo (due Wed 11 Mar 18:00 there)\n")
    }

    /// Times are local in the CLI; a task kept in another zone also shows the time it has there,
    /// the one the user typed (before, "friday 5pm" in Tokyo was echoed as "08:00" alone).
    @Test func addAndEditOfATaskInAnotherZoneShowItsTimeThere() throws {
        let sandbox = try CLISandbox()   // Tuesday 10 March, Berlin
        #expect(try sandbox.succeed("add", "--timezone", "Asia/Tokyo", "Call supplier friday 5pm")
            == "Added #1 \"Call supplier\" — due Fri 13 Mar 09:00 (Fri 13 Mar 17:00 in Asia/Tokyo)\n")
        #expect(try sandbox.succeed("edit", "1", "--due", "saturday 9am")
            == "Updated #1 \"Call supplier\": due Sat 01:00 (Sat 14 Mar 09:00 in Asia/Tokyo)\n")
        // A zone whose clock agrees, and an all-day date (its own day already), say nothing more.
        #expect(try sandbox.succeed("add", "--timezone", "Europe/Paris", "Wire money friday 5pm") == "Added #2 \"Wire money\" — due Fri 13 Mar 17:00\n")
        #expect(try sandbox.succeed("add", "--timezone", "Asia/Tokyo", "Visa friday") == "Added #3 \"Visa\" — due Fri 13 Mar\n")
    }
}
