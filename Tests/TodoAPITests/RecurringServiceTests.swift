import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// The recurring-task service through the real binary (issue 13 item 1): a completion of a
/// recurring task creates exactly one next task, with the id derived from the series and the
/// completed task, however often the completion is delivered. `todo serve` runs on the real
/// clock, so due dates are built relative to now.
@Suite struct RecurringServiceTests {
    /// One database and the server on it, restartable (the same secret keeps the token valid).
    final class Fixture {
        static let environment = ["TODO_JWT_SECRET": String(repeating: "recurring-test-secret ", count: 2)]
        let database: TestDatabase
        private(set) var server: ServerProcess
        let token: String?
        var client: HTTPTestClient { server.client(token: token) }

        init(_ backend: TestBackend, arguments: [String] = []) throws {
            database = try TestDatabase(backend)
            server = try ServerProcess(database: database, arguments: arguments, environment: Self.environment)
            token = try server.registeredClient().client.token
        }

        /// Stops the server with `signal` and starts a new one on the same database.
        func restart(with signal: Int32 = SIGTERM, arguments: [String] = []) throws {
            #expect(server.signal(signal))
            server = try ServerProcess(database: database, arguments: arguments, environment: Self.environment)
        }

        /// A task repeating by `rule`, first due `daysAhead` days from now at 09:30 UTC.
        func createRecurring(_ rule: String, daysAhead: Int = 2, from anchor: String = "due",
                             extra: [String: Any] = [:]) throws -> [String: Any] {
            let day = Date().addingTimeInterval(Double(daysAhead) * 86_400)
            let due = ZonedTime.civilDate(of: day, in: TimeZone(identifier: "UTC")!).description + "T09:30:00Z"
            var fields: [String: Any] = ["title": "Water the plants", "description": "the big ones too", "priority": "high",
                                         "tags": ["home", "garden"], "due_at": due, "timezone": "UTC", "recurrence": rule,
                                         "recurrence_from": anchor, "reminders": [["minutes_before": 30]]]
            fields.merge(extra) { _, given in given }
            let response = try client.post("/api/v1/tasks", fields)
            #expect(response.status == 201, "\(response)")
            return try response.json()
        }

        /// Completes the task and returns the id its next task has (whether or not one comes).
        func complete(_ task: [String: Any]) throws -> (completed: TodoTask, nextID: UUID) {
            let response = try client.send("POST", "/api/v1/tasks/\(task["id"] as! String)/complete")
            #expect(response.status == 200, "\(response)")
            let completed = try TodoTask(apiJSON: JSONParser.parse(response.body))
            return (completed, SeriesContinuation.nextTaskID(after: completed))
        }

        /// How many completions the service counted with `outcome` since this process started.
        func outcomes(_ outcome: String) throws -> Int {
            let prefix = "todo_recurring_completions_total{outcome=\"\(outcome)\"} "
            let line = try server.client().get("/metrics").text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            return line.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
        }

        /// Waits (at most 10 s) until `outcome` was counted `count` times.
        func waitFor(_ outcome: String, count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let deadline = Date().addingTimeInterval(10)
            while try outcomes(outcome) < count, Date() < deadline { usleep(10_000) }
            #expect(try outcomes(outcome) == count, "\(outcome)", sourceLocation: sourceLocation)
        }

        func task(_ id: UUID) throws -> TestResponse { try client.get("/api/v1/tasks/\(id.lowercasedString)") }

        func allTasks() throws -> [[String: Any]] {
            try client.get("/api/v1/tasks?status=all&limit=500").json()["tasks"] as! [[String: Any]]
        }
    }

    @Test(arguments: TestBackend.available)
    func completingARecurringTaskCreatesItsNextTaskWithTheDerivedID(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        let first = try fixture.createRecurring("FREQ=DAILY")
        let (completed, nextID) = try fixture.complete(first)
        try fixture.waitFor("created")
        let next = try fixture.task(nextID).json()
        #expect(next["number"] as? Int == 2 && next["status"] as? String == "pending")
        #expect(next["series_id"] as? String == completed.id.lowercasedString)
        #expect(next["due_at"] as? String == RFC3339.format(completed.dueAt!.addingTimeInterval(86_400)))
        #expect(next["title"] as? String == "Water the plants" && next["description"] as? String == "the big ones too")
        #expect(next["priority"] as? String == "high" && next["tags"] as? [String] == ["home", "garden"])
        #expect(next["timezone"] as? String == "UTC" && next["recurrence"] as? String == "FREQ=DAILY")
        #expect((next["reminders"] as? [[String: Any]])?.first?["minutes_before"] as? Int == 30)
        // The next task's own completion continues the same series.
        let (_, thirdID) = try fixture.complete(next)
        try fixture.waitFor("created", count: 2)
        #expect(try fixture.task(thirdID).json()["series_id"] as? String == completed.id.lowercasedString)
    }

    @Test(arguments: TestBackend.available)
    func aRedeliveredCompletionCreatesNothing(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        _ = try fixture.complete(try fixture.createRecurring("FREQ=WEEKLY"))
        try fixture.waitFor("created")
        // The same event published again: the consumer's record of it stops it.
        let copy = """
            INSERT INTO event_log (topic, key, event_id, type, payload, appended_at)
            SELECT topic, key, event_id, type, payload, appended_at FROM event_log
            WHERE topic = 'task-events' AND type = 'com.todo.task.completed';
            """
        try fixture.database.execute(copy)
        try fixture.waitFor("already_handled")
        // Again with the record gone (as after its retention): the derived id stops it.
        try fixture.database.execute("DELETE FROM processed_events WHERE consumer_group = 'recurring-task-service';" + copy)
        try fixture.waitFor("already_created")
        #expect(try fixture.allTasks().count == 2)
        #expect(try fixture.outcomes("created") == 1)
    }

    @Test(arguments: TestBackend.available)
    func reopeningAndCompletingAgainCreatesNothingNew(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        let first = try fixture.createRecurring("FREQ=DAILY;INTERVAL=2", from: "completion")
        let (_, nextID) = try fixture.complete(first)
        try fixture.waitFor("created")
        let reopened = try fixture.client.send("POST", "/api/v1/tasks/\(first["id"] as! String)/reopen")
        #expect(reopened.status == 200)
        let (_, againID) = try fixture.complete(first)
        try fixture.waitFor("already_created")
        #expect(againID == nextID)
        #expect(try fixture.allTasks().count == 2)
        // The next task stays as it was made: pending, untouched by the reopen.
        #expect(try fixture.task(nextID).json()["version"] as? Int == 1)
    }

    @Test(arguments: TestBackend.available)
    func deletingATaskOfASeriesCreatesNothing(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        let first = try fixture.createRecurring("FREQ=DAILY")
        #expect(try fixture.client.delete("/api/v1/tasks/\(first["id"] as! String)").status == 204)
        // A later completion of another recurring task is handled after the deletion (per-user order).
        _ = try fixture.complete(try fixture.createRecurring("FREQ=DAILY;COUNT=1"))
        try fixture.waitFor("series_ended")
        #expect(try fixture.allTasks().count == 1)
        #expect(try fixture.outcomes("created") == 0)
    }

    @Test(arguments: TestBackend.available)
    func countAndUntilEndTheSeries(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        let counted = try fixture.createRecurring("FREQ=DAILY;COUNT=2")
        let (_, nextID) = try fixture.complete(counted)
        try fixture.waitFor("created")
        let next = try fixture.task(nextID).json()
        #expect(next["recurrence"] as? String == "FREQ=DAILY;COUNT=1")
        _ = try fixture.complete(next)
        try fixture.waitFor("series_ended")
        // UNTIL before the next day: the series ends with this task.
        let day = Date().addingTimeInterval(2 * 86_400)
        let until = ZonedTime.civilDate(of: day, in: TimeZone(identifier: "UTC")!).description.replacingOccurrences(of: "-", with: "")
        _ = try fixture.complete(try fixture.createRecurring("FREQ=DAILY;UNTIL=\(until)T235959Z"))
        try fixture.waitFor("series_ended", count: 2)
        #expect(try fixture.allTasks().count == 3)
    }

    @Test(arguments: TestBackend.available)
    func fromCompletionCountsFromTheDayItWasDone(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        // First due five days ago, done now: "every! 3 days" is due three days from today.
        let first = try fixture.createRecurring("FREQ=DAILY;INTERVAL=3", daysAhead: -5, from: "completion")
        let (completed, nextID) = try fixture.complete(first)
        try fixture.waitFor("created")
        let utc = TimeZone(identifier: "UTC")!
        let today = ZonedTime.civilDate(of: completed.completedAt!, in: utc)
        let expected = ZonedTime.instant(of: today, hour: 9, minute: 30, second: 0, in: utc).addingTimeInterval(3 * 86_400)
        #expect(try fixture.task(nextID).json()["due_at"] as? String == RFC3339.format(expected))
        #expect(try fixture.task(nextID).json()["recurrence_from"] as? String == "completion")
    }

    @Test(arguments: TestBackend.available)
    func aCompletionWhoseTaskIsGoneIsLoggedAndAcknowledged(_ backend: TestBackend) throws {
        // The backend alone: completions wait in the log for the recurring service.
        let fixture = try Fixture(backend, arguments: ["--service", "backend"])
        let first = try fixture.createRecurring("FREQ=DAILY")
        let (completed, nextID) = try fixture.complete(first)
        #expect(try fixture.client.delete("/api/v1/tasks/\(first["id"] as! String)").status == 204)
        try fixture.restart(arguments: [])
        try fixture.waitFor("completed_task_gone")
        #expect(try fixture.task(nextID).status == 404)
        #expect(try fixture.allTasks().isEmpty)
        #expect(fixture.server.signal(SIGTERM)) // the log is written out by then
        #expect(fixture.server.stderr.contains("recurring: completed task no longer exists, no next task"))
        #expect(fixture.server.stderr.contains("task_id=\(completed.id.lowercasedString)"))
    }

    @Test(arguments: TestBackend.available)
    func aKilledServiceCreatesEveryNextTaskOnceAfterItsRestart(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        var nextIDs: [UUID] = []
        for _ in 0..<20 { nextIDs.append(try fixture.complete(try fixture.createRecurring("FREQ=DAILY")).nextID) }
        #expect(fixture.server.signal(SIGKILL))
        // As if killed before it committed any position: everything is delivered again.
        try fixture.database.execute("UPDATE consumer_offsets SET position = 0 WHERE consumer_group = 'recurring-task-service'")
        try fixture.restart()
        let handled = try (fixture.outcomes("created"), fixture.outcomes("already_handled"))
        let deadline = Date().addingTimeInterval(10)
        while try fixture.outcomes("created") + fixture.outcomes("already_handled") < 20, Date() < deadline { usleep(10_000) }
        // What the killed process had done is recognised; what it had not is done now, once.
        #expect(try fixture.outcomes("created") + fixture.outcomes("already_handled") == 20, "\(handled)")
        let tasks = try fixture.allTasks()
        #expect(tasks.count == 40)
        let ids = Set(tasks.compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) })
        #expect(Set(nextIDs).isSubset(of: ids))
    }

    @Test(arguments: TestBackend.available)
    func theServiceAloneBesideTheBackendSurvivesKillNine(_ backend: TestBackend) throws {
        // Two processes on one database, as deployed: the backend and the service alone.
        let fixture = try Fixture(backend, arguments: ["--service", "backend"])
        var service = try ServerProcess(database: fixture.database, arguments: ["--service", "recurring"], environment: Fixture.environment)
        var nextIDs: [UUID] = []
        for index in 0..<30 {
            nextIDs.append(try fixture.complete(try fixture.createRecurring("FREQ=WEEKLY")).nextID)
            if index == 14 {
                #expect(service.signal(SIGKILL))
                service = try ServerProcess(database: fixture.database, arguments: ["--service", "recurring"],
                                            environment: Fixture.environment)
            }
        }
        let deadline = Date().addingTimeInterval(15)
        while try fixture.allTasks().count < 60, Date() < deadline { usleep(20_000) }
        let tasks = try fixture.allTasks()
        #expect(tasks.count == 60)
        let ids = Set(tasks.compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) })
        #expect(Set(nextIDs).isSubset(of: ids))
        #expect(Set(tasks.compactMap { $0["number"] as? Int }).count == 60)
        #expect(try service.client().get("/healthz").text == #"{"service":"recurring-task-service","status":"healthy"}"#)
    }

    @Test(arguments: TestBackend.available)
    func aLocalCompletionRelayedLaterCreatesNoSecondTask(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let now = ["TODO_NOW": "2030-03-04T08:00:00Z", "TZ": "UTC"]
        #expect(try TodoBinary.run(["add", "--db", database.url, "Standup every weekday at 9:30"], environment: now).status == 0)
        let done = try TodoBinary.run(["done", "--db", database.url, "1"], environment: now)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("next: #2 \"Standup\", due"), "\(done.stdout)")
        let server = try ServerProcess(database: database, environment: Fixture.environment)
        let deadline = Date().addingTimeInterval(10)
        let prefix = "todo_recurring_completions_total{outcome=\"already_created\"} 1"
        while !(try server.client().get("/metrics").text.contains(prefix)), Date() < deadline { usleep(10_000) }
        #expect(try server.client().get("/metrics").text.contains(prefix))
        let list = try TodoBinary.run(["list", "--db", database.url, "--status", "all", "--json"], environment: now)
        #expect(list.stdout.components(separatedBy: "\"number\":").count - 1 == 2, "\(list.stdout)")
    }

    @Test func doneAgainstAServerNamesTheNextTaskItsServiceCreated() throws {
        let fixture = try Fixture(.sqlite)
        _ = try fixture.createRecurring("FREQ=DAILY")
        let done = try TodoBinary.run(["done", "--server", "http://127.0.0.1:\(fixture.server.port)", "--token", fixture.token!, "1"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.hasPrefix("Completed #1 \"Water the plants\" — next: #2 \"Water the plants\", due "), "\(done.stdout)")
    }

    @Test(arguments: TestBackend.available)
    func anUnreadableCompletionIsLoggedAndSkipped(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        // A well-formed CloudEvent whose data is not a completed task of a user.
        let event = #"{"specversion":"1.0","id":"9f0c8a52-5d1b-4e7a-8a43-3c2d1e0f9b11","source":"/test","type":"com.todo.task.completed","data":{"user_id":"nobody","task":{}}}"#
        try fixture.database.execute("""
            INSERT INTO event_log (topic, key, event_id, type, payload, appended_at)
            VALUES ('task-events', 'nobody', '9f0c8a52-5d1b-4e7a-8a43-3c2d1e0f9b11', 'com.todo.task.completed', '\(event)', 0);
            """)
        try fixture.waitFor("unreadable")
        // The service goes on with the next events.
        _ = try fixture.complete(try fixture.createRecurring("FREQ=DAILY"))
        try fixture.waitFor("created")
        #expect(fixture.server.signal(SIGTERM))
        #expect(fixture.server.stderr.contains("recurring: completion event unreadable, skipped"))
        #expect(fixture.server.stderr.contains("data.user_id is missing or not a UUID"))
    }
}
