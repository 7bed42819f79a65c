import Foundation
import Testing
import TodoTestSupport

@Suite struct TaskAPITests {
    @Test(arguments: TestBackend.available)
    func createShowUpdateDelete(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let created = try api.client.post("/api/v1/tasks", [
            "title": "  Pay rent  ", "description": "flat 3", "priority": "high", "tags": ["Home", "#money"],
            "due_at": "2036-12-01T09:00:00+01:00", "timezone": "Europe/Berlin", "reminders": [["minutes_before": 30]],
            "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1",
        ])
        #expect(created.status == 201, "\(created)")
        let task = try created.json()
        let id = try #require(task["id"] as? String)
        #expect(created.header("Location") == "/api/v1/tasks/\(id)")
        #expect(created.header("ETag") == "\"1\"")
        #expect(task["number"] as? Int == 1)
        #expect(task["title"] as? String == "Pay rent")
        #expect(task["status"] as? String == "pending")
        #expect(task["priority"] as? String == "high")
        #expect(task["tags"] as? [String] == ["home", "money"])
        #expect(task["due_at"] as? String == "2036-12-01T09:00:00+01:00")
        #expect(task["all_day"] as? Bool == false)
        #expect(task["recurrence"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(task["recurrence_from"] as? String == "due")
        #expect((task["reminders"] as? [[String: Any]])?.first?["minutes_before"] as? Int == 30)
        #expect(task["completed_at"] is NSNull)
        #expect(task["version"] as? Int == 1)
        for key in ["series_id", "created_at", "updated_at", "timezone", "description"] { #expect(task[key] != nil, "\(key)") }

        let shown = try api.client.get("/api/v1/tasks/\(id)")
        #expect(shown.status == 200)
        #expect(shown.text == created.text)

        let patched = try api.client.patch("/api/v1/tasks/\(id)", ["title": "Pay the rent", "due_at": NSNull(), "reminders": NSNull(), "recurrence": NSNull()])
        #expect(patched.status == 200, "\(patched)")
        let after = try patched.json()
        #expect(after["title"] as? String == "Pay the rent")
        #expect(after["due_at"] is NSNull)
        #expect(after["version"] as? Int == 2)
        #expect(after["description"] as? String == "flat 3")
        #expect(patched.header("ETag") == "\"2\"")

        let deleted = try api.client.delete("/api/v1/tasks/\(id)")
        #expect(deleted.status == 204)
        #expect(try api.client.get("/api/v1/tasks/\(id)").status == 404)
        #expect(try api.client.delete("/api/v1/tasks/\(id)").status == 404)
    }

    @Test(arguments: TestBackend.available)
    func dateOnlyDueMeansAllDayInTheTaskZone(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let task = try api.createTask(["title": "Birthday", "due_at": "2036-12-05", "timezone": "America/New_York"])
        #expect(task["due_at"] as? String == "2036-12-05T00:00:00-05:00")
        #expect(task["all_day"] as? Bool == true)
        let id = try #require(task["id"] as? String)
        let moved = try api.client.patch("/api/v1/tasks/\(id)", ["due_at": "2036-07-04"]).json()
        #expect(moved["due_at"] as? String == "2036-07-04T00:00:00-04:00")
        #expect(moved["all_day"] as? Bool == true)
        // Another zone keeps the date, westward and eastward; a timed task keeps its instant.
        let west = try api.client.patch("/api/v1/tasks/\(id)", ["timezone": "America/Los_Angeles"]).json()
        #expect(west["due_at"] as? String == "2036-07-04T00:00:00-07:00")
        let east = try api.client.patch("/api/v1/tasks/\(id)", ["timezone": "Asia/Tokyo"]).json()
        #expect(east["due_at"] as? String == "2036-07-04T00:00:00+09:00")
        #expect(east["all_day"] as? Bool == true)
        let timed = try api.createTask(["title": "Call", "due_at": "2036-07-04T09:00:00Z", "timezone": "UTC"])
        let timedID = try #require(timed["id"] as? String)
        let shown = try api.client.patch("/api/v1/tasks/\(timedID)", ["timezone": "Asia/Tokyo"]).json()
        #expect(shown["due_at"] as? String == "2036-07-04T18:00:00+09:00")
    }

    /// "é" as one character (NFC) and as e + U+0301 (NFD) look alike: they store, count, search
    /// and filter as one text.
    @Test(arguments: TestBackend.available)
    func composedAndDecomposedAccentsAreOneText(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let task = try api.createTask(["title": "Cafe\u{301} order", "tags": ["cafe\u{301}"]])
        #expect((task["title"] as? String)?.unicodeScalars.elementsEqual("Caf\u{E9} order".unicodeScalars) == true)
        #expect((task["tags"] as? [String])?.first?.unicodeScalars.elementsEqual("caf\u{E9}".unicodeScalars) == true)
        func titles(_ query: String) throws -> [String] {
            let response = try api.client.get("/api/v1/tasks?\(query)")
            #expect(response.status == 200, "\(query): \(response)")
            return (try response.json()["tasks"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        for spelled in ["Caf\u{E9}", "Cafe\u{301}"] {
            let encoded = try #require(spelled.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(try titles("q=\(encoded)").count == 1, "search \(Array(spelled.unicodeScalars))")
            #expect(try titles("tag=\(encoded)").count == 1, "tag \(Array(spelled.unicodeScalars))")
        }
        // 500 accented letters are 500 characters, however they were typed.
        let long = try api.client.post("/api/v1/tasks", ["title": String(repeating: "e\u{301}", count: 500)])
        #expect(long.status == 201, "\(long)")
    }

    /// Emoji and other symbols have no words in the full-text index: a search for them finds the
    /// tasks holding them (title, description or tags), not every task; punctuation alone, like
    /// an empty search, still finds every task.
    @Test(arguments: TestBackend.available)
    func aSearchForSymbolsFindsTheTasksHoldingThem(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        try api.createTask(["title": "Party 🎉"])
        try api.createTask(["title": "Budget", "description": "about 300 €"])
        try api.createTask(["title": "Cake", "tags": ["🎉"]])
        try api.createTask(["title": "Plain"])
        func titles(_ search: String) throws -> [String] {
            let encoded = try #require(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let response = try api.client.get("/api/v1/tasks?sort=title&q=\(encoded)")
            #expect(response.status == 200, "\(search): \(response)")
            return (try response.json()["tasks"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        #expect(try titles("🎉") == ["Cake", "Party 🎉"])
        #expect(try titles("€") == ["Budget"])
        #expect(try titles("party 🎉") == ["Party 🎉"])
        #expect(try titles("🎈").isEmpty)
        #expect(try titles("!!!").count == 4)
    }

    @Test(arguments: TestBackend.available)
    func completeAndReopen(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let id = try #require(try api.createTask(["title": "Water plants"])["id"] as? String)
        let completed = try api.client.send("POST", "/api/v1/tasks/\(id)/complete")
        #expect(completed.status == 200, "\(completed)")
        #expect(try completed.json()["status"] as? String == "completed")
        #expect(try completed.json()["completed_at"] as? String != nil)
        // Completing again changes nothing.
        let again = try api.client.send("POST", "/api/v1/tasks/\(id)/complete").json()
        #expect(again["version"] as? Int == 2)
        let reopened = try api.client.send("POST", "/api/v1/tasks/\(id)/reopen").json()
        #expect(reopened["status"] as? String == "pending")
        #expect(reopened["completed_at"] is NSNull)
        #expect(reopened["version"] as? Int == 3)
        #expect(try api.client.send("POST", "/api/v1/tasks/\(UUID().uuidString)/complete").status == 404)
    }

    @Test(arguments: TestBackend.available)
    func ifMatchGuardsEveryChange(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let id = try #require(try api.createTask(["title": "Draft"])["id"] as? String)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X"], headers: [("If-Match", "\"7\"")],
                              status: 412, code: "version_conflict")
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X", "version": 5], status: 412)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X"], headers: [("If-Match", "banana")], status: 412)
        // The header counts with a version in the body too: malformed, or naming another version.
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X", "version": 1], headers: [("If-Match", "!(Go&q")], status: 412)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X", "version": 1], headers: [("If-Match", "\"2\"")], status: 412)
        try api.expectRefused("DELETE", "/api/v1/tasks/\(id)", headers: [("If-Match", "\"2\"")], status: 412)
        try api.expectRefused("POST", "/api/v1/tasks/\(id)/complete", headers: [("If-Match", "\"2\"")], status: 412)
        let ok = try api.client.patch("/api/v1/tasks/\(id)", ["title": "Final"], headers: [("If-Match", "\"1\"")])
        #expect(ok.status == 200)
        // RFC 9110 §13.1.1: a weak tag never matches (it did), and a list matches when one of it
        // is the version (it was refused).
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X"], headers: [("If-Match", "W/\"2\"")], status: 412)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["title": "X"], headers: [("If-Match", "\"7\", \"9\"")], status: 412)
        #expect(try api.client.patch("/api/v1/tasks/\(id)", ["title": "Final!"], headers: [("If-Match", "\"99\", W/\"1\", \"2\"")]).status == 200)
        #expect(try api.client.patch("/api/v1/tasks/\(id)", ["title": "Any"], headers: [("If-Match", "*")]).status == 200)
        #expect(try api.client.delete("/api/v1/tasks/\(id)", headers: [("If-Match", "\"4\"")]).status == 204)
    }

    /// Listings copy a task's JSON from a cache keyed by its version: every change must show in
    /// the very next listing, including changes made by another process on the same database.
    @Test(arguments: TestBackend.available)
    func listingsShowEveryChangeAtOnce(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let id = try #require(try api.createTask(["title": "Draft", "priority": "low"])["id"] as? String)
        func listed() throws -> [String: Any] {
            try #require((try api.client.get("/api/v1/tasks?status=all").json()["tasks"] as? [[String: Any]])?.first)
        }
        #expect(try listed()["title"] as? String == "Draft")
        _ = try api.client.patch("/api/v1/tasks/\(id)", ["title": "Final", "priority": "high"])
        #expect(try listed()["title"] as? String == "Final")
        #expect(try listed()["priority"] as? String == "high")
        _ = try api.client.send("POST", "/api/v1/tasks/\(id)/complete")
        #expect(try listed()["status"] as? String == "completed")
        _ = try api.client.send("POST", "/api/v1/tasks/\(id)/reopen")
        #expect(try listed()["status"] as? String == "pending")
        #expect(try listed()["version"] as? Int == 4)
    }

    @Test(arguments: TestBackend.available)
    func listFiltersSortsSearchesAndPages(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        // The server reads "overdue" on its own clock, so the dates are relative to today's.
        let format = ISO8601DateFormatter()
        func inDays(_ days: Double) -> String { format.string(from: Date().addingTimeInterval(days * 86_400)) }
        try api.createTask(["title": "Buy milk", "tags": ["shopping"], "priority": "low", "due_at": inDays(3)])
        try api.createTask(["title": "Buy bread", "tags": ["shopping", "urgent"], "priority": "high", "due_at": inDays(1)])
        try api.createTask(["title": "Write report", "description": "quarterly numbers", "tags": ["work"], "priority": "medium"])
        try api.createTask(["title": "Old thing", "due_at": "2020-01-01T00:00:00Z"])
        let done = try api.createTask(["title": "Done thing", "tags": ["work"]])
        _ = try api.client.send("POST", "/api/v1/tasks/\(done["id"] as! String)/complete")

        func titles(_ query: String) throws -> [String] {
            let response = try api.client.get("/api/v1/tasks?\(query)")
            #expect(response.status == 200, "\(query): \(response)")
            return (try response.json()["tasks"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        #expect(try titles("").count == 5)
        #expect(try titles("status=pending&sort=due") == ["Old thing", "Buy bread", "Buy milk", "Write report"])
        #expect(try titles("status=completed") == ["Done thing"])
        #expect(try titles("tag=shopping&sort=due") == ["Buy bread", "Buy milk"])
        #expect(try titles("tag=shopping&tag=urgent") == ["Buy bread"])
        #expect(try titles("priority=high,medium&sort=priority") == ["Buy bread", "Write report"])
        #expect(try titles("priority=low&priority=high&sort=priority&order=asc") == ["Buy milk", "Buy bread"])
        #expect(try titles("q=quarterly") == ["Write report"])
        #expect(try titles("q=buy&sort=title") == ["Buy bread", "Buy milk"])
        #expect(try titles("overdue=true") == ["Old thing"])
        #expect(try titles("due_before=\(inDays(2))&sort=due") == ["Old thing", "Buy bread"])
        #expect(try titles("due_after=\(inDays(2))") == ["Buy milk"])

        // Pages of 2 visit every task exactly once, for every sort.
        for sort in ["due", "priority", "created", "updated", "title"] {
            var seen: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                var target = "/api/v1/tasks?status=all&limit=2&sort=\(sort)"
                if let cursor { target += "&cursor=\(cursor)" }
                let page = try api.client.get(target).json()
                seen += (page["tasks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["next_cursor"] as? String
                if cursor == nil { break }
            }
            #expect(seen.count == 5 && Set(seen).count == 5, "sort \(sort): \(seen)")
        }
    }

    @Test(arguments: TestBackend.available)
    func tagsWithCounts(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        try api.createTask(["title": "a", "tags": ["work", "home"]])
        try api.createTask(["title": "b", "tags": ["work"]])
        let tags = try api.client.get("/api/v1/tags").json()["tags"] as? [[String: Any]]
        #expect(tags?.map { $0["name"] as? String } == ["work", "home"])
        #expect(tags?.map { $0["count"] as? Int } == [2, 1])
    }

    @Test(arguments: TestBackend.available)
    func usersSeeOnlyTheirOwnTasks(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let mine = try api.createTask(["title": "Mine", "tags": ["secret"]])
        let id = try #require(mine["id"] as? String)
        let (other, _) = try api.server.registeredClient()
        #expect(try other.get("/api/v1/tasks/\(id)").status == 404)
        #expect(try other.patch("/api/v1/tasks/\(id)", ["title": "Stolen"]).status == 404)
        #expect(try other.send("POST", "/api/v1/tasks/\(id)/complete").status == 404)
        #expect(try other.send("POST", "/api/v1/tasks/\(id)/reopen").status == 404)
        #expect(try other.delete("/api/v1/tasks/\(id)").status == 404)
        #expect((try other.get("/api/v1/tasks?status=all").json()["tasks"] as? [Any])?.isEmpty == true,
                "another user's listing is an empty list of tasks")
        #expect((try other.get("/api/v1/tags").json()["tags"] as? [Any])?.isEmpty == true)
        let still = try api.client.get("/api/v1/tasks/\(id)").json()
        #expect(still["title"] as? String == "Mine")
        #expect(still["version"] as? Int == 1)
        // Numbers are per user.
        #expect(try other.post("/api/v1/tasks", ["title": "Theirs"]).json()["number"] as? Int == 1)
    }
}
