import Foundation
import Testing
import TodoTestSupport

/// Every kind of bad input gets its 4xx with the JSON error shape and changes nothing.
@Suite struct BadInputTests {
    static let createRefusals: [(body: String, status: Int, code: String)] = [
        (#"{"title": "x""#, 400, "invalid_json"),
        (#"{"title": "x",}"#, 400, "invalid_json"),
        (#"["title"]"#, 400, "invalid_json"),
        (#""just a string""#, 400, "invalid_json"),
        (#"{"title": "a", "title": "b"}"#, 400, "invalid_json"),
        (#"{}"#, 422, "validation_failed"),
        (#"{"title": null}"#, 422, "validation_failed"),
        (#"{"title": 42}"#, 422, "validation_failed"),
        (#"{"title": "   "}"#, 422, "validation_failed"),
        (#"{"title": "x", "priority": "urgent"}"#, 422, "validation_failed"),
        (#"{"title": "x", "priority": 3}"#, 422, "validation_failed"),
        (#"{"title": "x", "status": "archived"}"#, 422, "validation_failed"),
        (#"{"title": "x", "tags": "work"}"#, 422, "validation_failed"),
        (#"{"title": "x", "tags": ["two words"]}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "tomorrow"}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2026-02-30T10:00:00Z"}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2020-06-01T10:00:00Z", "timezone": "Mars/Olympus"}"#, 422, "validation_failed"),
        (#"{"title": "x", "timezone": "EST5EDT!"}"#, 422, "validation_failed"),
        (#"{"title": "x", "reminders": [{"minutes_before": 10}]}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2020-06-01T10:00:00Z", "reminders": [{"minutes_before": -5}]}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2020-06-01T10:00:00Z", "reminders": [{"when": 5}]}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2020-06-01T10:00:00Z", "recurrence": "FREQ=SOMETIMES"}"#, 422, "validation_failed"),
        (#"{"title": "x", "recurrence_from": "whenever"}"#, 422, "validation_failed"),
        (#"{"title": "x", "all_day": "yes"}"#, 422, "validation_failed"),
        (#"{"title": "x", "id": "not-a-uuid"}"#, 422, "validation_failed"),
        // Undated tasks sort after 9999-12-31T23:59:59Z: no due date may reach it.
        (#"{"title": "x", "due_at": "9999-12-31T23:59:59Z"}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "9999-12-31T23:59:59.500Z"}"#, 422, "validation_failed"),
        // Year 0 is no date of iCalendar's (an export holding one was unreadable whole).
        (#"{"title": "x", "due_at": "0000-01-01"}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "0000-12-31T23:59:59Z"}"#, 422, "validation_failed"),
        // A rule that would never repeat: it ends before the due date, or names a day no month has.
        (#"{"title": "x", "due_at": "2026-06-01T10:00:00Z", "recurrence": "FREQ=WEEKLY;UNTIL=20260501T000000Z"}"#, 422, "validation_failed"),
        (#"{"title": "x", "due_at": "2026-06-01T10:00:00Z", "recurrence": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}"#, 422, "validation_failed"),
    ]

    @Test(arguments: TestBackend.available)
    func createRefusesBadBodies(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        for refusal in Self.createRefusals {
            try api.expectRefused("POST", "/api/v1/tasks", body: Array(refusal.body.utf8),
                                  headers: [("Content-Type", "application/json")], status: refusal.status, code: refusal.code)
        }
        let long = String(repeating: "a", count: 501)
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": long], status: 422, code: "validation_failed")
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": "x", "tags": (0..<51).map { "t\($0)" }], status: 422)
    }

    @Test func otherBodyProblems() throws {
        let api = try APIFixture(.sqlite)
        // Invalid UTF-8 inside a JSON string.
        try api.expectRefused("POST", "/api/v1/tasks", body: Array(#"{"title": "caf"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
                              headers: [("Content-Type", "application/json")], status: 400, code: "invalid_json")
        // Not JSON at all, said so.
        try api.expectRefused("POST", "/api/v1/tasks", body: Array("title=x".utf8),
                              headers: [("Content-Type", "application/x-www-form-urlencoded")], status: 415)
        // Empty body.
        try api.expectRefused("POST", "/api/v1/tasks", body: [], headers: [("Content-Type", "application/json")], status: 400)
        // Deeply nested.
        try api.expectRefused("POST", "/api/v1/tasks", body: Array((String(repeating: "[", count: 10_000)).utf8),
                              headers: [("Content-Type", "application/json")], status: 400)
        // Over the 1 MiB limit: announced by Content-Length.
        let huge = Array(#"{"title": ""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_100_000) + Array(#""}"#.utf8)
        let response = try api.client.send("POST", "/api/v1/tasks", body: huge, headers: [("Content-Type", "application/json")])
        #expect(response.status == 413, "\(response)")
        #expect(response.errorCode == "payload_too_large")
        api.client.disconnect()
        #expect((try api.client.get("/api/v1/tasks").json()["tasks"] as? [Any])?.isEmpty == true)
    }

    /// FREQ=SECONDLY is valid RFC 5545 but no task can follow it: refused with 422 on create
    /// and on update, and nothing changes.
    @Test(arguments: TestBackend.available)
    func aTaskThatRepeatsEverySecondIsRefused(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let rule = "FREQ=SECONDLY;INTERVAL=5"
        let created = try api.client.post("/api/v1/tasks", ["title": "Blink", "due_at": "2020-06-01T10:00:00Z", "recurrence": rule])
        #expect(created.status == 422, "\(created)")
        let error = try #require(try created.json()["error"] as? [String: Any])
        #expect((error["details"] as? [String: Any])?["field"] as? String == "recurrence")
        #expect((error["message"] as? String)?.contains("more than once a minute") == true, "\(error)")
        let id = try #require(try api.createTask(["title": "Keep me", "due_at": "2020-06-01T10:00:00Z", "recurrence": "FREQ=HOURLY"])["id"] as? String)
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["recurrence": rule], status: 422, code: "validation_failed")
        // Several seconds a minute repeat as often, under any frequency; one second a minute does not.
        for often in ["FREQ=MINUTELY;BYSECOND=0,10,20,30,40,50", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0,1;BYSECOND=0,30"] {
            try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["recurrence": often], status: 422, code: "validation_failed")
        }
        try api.expectRefused("POST", "/api/v1/tasks", json: ["title": "Blink", "due_at": "2020-06-01T10:00:00Z",
                                                            "recurrence": "FREQ=MINUTELY;BYSECOND=0,30"], status: 422, code: "validation_failed")
        let kept = try api.client.get("/api/v1/tasks/\(id)").json()
        #expect(kept["recurrence"] as? String == "FREQ=HOURLY")
        #expect(kept["version"] as? Int == 1)
        #expect((try api.client.get("/api/v1/tasks").json()["tasks"] as? [Any])?.count == 1)
    }

    /// A rule that would never repeat (it ends before the due date, or names a day no month has)
    /// is refused when it is given, at once however it is written; the rarest real rule (29
    /// February on a Monday, every 28 years) is not, and the last task of a series may move past
    /// the series' end.
    @Test(arguments: TestBackend.available)
    func aRuleThatWouldNeverRepeatIsRefused(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let id = try #require(try api.createTask(["title": "Keep me", "due_at": "2026-06-01T10:00:00Z", "recurrence": "FREQ=HOURLY"])["id"] as? String)
        let start = ContinuousClock.now
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", json: ["recurrence": "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30"],
                              status: 422, code: "validation_failed")
        #expect(ContinuousClock.now - start < .seconds(1), "a look bounded by a century, not the year 9999")
        #expect(try api.client.patch("/api/v1/tasks/\(id)", ["recurrence": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"]).status == 200)
        let last = try #require(try api.createTask(["title": "Gym", "due_at": "2026-06-01T10:00:00Z",
                                                    "recurrence": "FREQ=WEEKLY;UNTIL=20260601T235959Z"])["id"] as? String)
        #expect(try api.client.patch("/api/v1/tasks/\(last)", ["due_at": "2026-06-03T10:00:00Z"]).status == 200)
    }

    /// A route's `:id` that no task or token can have is the 404 of an unknown one, naming it as
    /// it was sent (a task number with `#`); a well-formed unknown id is answered alike.
    @Test func anIdInThePathThatNamesNothingIsA404NamingIt() throws {
        let api = try APIFixture(.sqlite)
        let unknown = "0D3C1F4E-5B6A-4C7D-8E9F-A0B1C2D3E4F5"
        let refusals: [(method: String, path: String, message: String)] = [
            ("GET", "/api/v1/tasks/abc", "task abc not found"),
            ("GET", "/api/v1/tasks/0", "task #0 not found"),
            ("GET", "/api/v1/tasks/7", "task #7 not found"),
            ("PATCH", "/api/v1/tasks/-3", "task #-3 not found"),
            ("GET", "/api/v1/tasks/\(unknown)", "task \(unknown) not found"),
            ("POST", "/api/v1/tasks/\(unknown)/complete", "task \(unknown.lowercased()) not found"),
            ("POST", "/api/v1/tasks/x1/reopen", "task x1 not found"),
            ("DELETE", "/api/v1/tasks/12", "task #12 not found"),
            ("DELETE", "/api/v1/tokens/xyz", "token xyz not found"),
            ("DELETE", "/api/v1/tokens/\(unknown)", "token \(unknown.lowercased()) not found"),
        ]
        for refusal in refusals {
            let json: Any? = refusal.method == "PATCH" ? ["title": "x"] : nil
            try api.expectRefused(refusal.method, refusal.path, json: json, status: 404, code: "not_found")
            let response = try api.client.send(refusal.method, refusal.path, json: json)
            let error = try response.json()["error"] as? [String: Any]
            #expect(error?["message"] as? String == refusal.message, "\(refusal.method) \(refusal.path)")
        }
    }

    @Test func patchRefusesBadBodies() throws {
        let api = try APIFixture(.sqlite)
        let id = try #require(try api.createTask(["title": "Keep me", "due_at": "2020-06-01T10:00:00Z"])["id"] as? String)
        for body in [#"{"title": null}"#, #"{"title": ""}"#, #"{"priority": null}"#, #"{"tags": null}"#, #"{"due_at": 5}"#,
                     #"{"version": "one"}"#, #"{"version": -1}"#, #"{"version": 0}"#, #"{"status": "done"}"#,
                     "{\"tags\": [" + Array(repeating: "\"x\"", count: 51).joined(separator: ",") + "]}", #"{"timezone": "Nowhere/Land"}"#, "[]", "nope"] {
            try api.expectRefused("PATCH", "/api/v1/tasks/\(id)", body: Array(body.utf8), headers: [("Content-Type", "application/json")],
                                  status: body.hasPrefix("{") ? 422 : 400)
        }
        #expect(try api.client.get("/api/v1/tasks/\(id)").json()["version"] as? Int == 1)
        try api.expectRefused("PATCH", "/api/v1/tasks/not-a-uuid", json: ["title": "x"], status: 404)
    }

    @Test func listRefusesBadParameters() throws {
        let api = try APIFixture(.sqlite)
        for query in ["limit=0", "limit=-1", "limit=501", "limit=99999999999999999999", "limit=ten", "status=open", "priority=urgent",
                      "priority=", "priority=high,", "sort=color", "order=up", "overdue=maybe", "overdue=true&status=completed", "due_before=yesterday", "cursor=garbage", "cursor=djF8ZHVlfGFzY3x4",
                      "sort=relevance", "q=" + String(repeating: "a", count: 501),
                      // A misspelt or repeated parameter: it was ignored, and every task listed.
                      "statu=pending", "Status=pending", "search=milk", "status=pending&status=completed", "limit=5&limit=6"] {
            let response = try api.client.get("/api/v1/tasks?\(query)")
            #expect(response.status == 422, "\(query): \(response)")
            #expect(response.errorCode == "validation_failed")
        }
        #expect(try api.client.get("/api/v1/tasks?statu=pending").text.contains("its parameters are status, priority, tag, q"))
        // Parameters that take several values may repeat.
        #expect(try api.client.get("/api/v1/tasks?tag=a&tag=b&priority=high&priority=low").status == 200)
        // A query string beyond the URI limit (8 KiB); one far beyond it does not fit the
        // connection's memory at all, and libmicrohttpd refuses the head (431).
        let long = try api.client.get("/api/v1/tasks?q=" + String(repeating: "a", count: 8_200))
        #expect(long.status == 414 && long.errorCode == "uri_too_long", "\(long)")
        #expect(try api.client.get("/api/v1/tasks?q=" + String(repeating: "a", count: 20_000)).status == 431)
        // A target just within the limit, beside 4 KiB of other headers (a large cookie), still
        // fits the connection's memory pool and reaches the API (which refuses a search that long).
        let withinLimit = try api.client.send("GET", "/api/v1/tasks?q=" + String(repeating: "a", count: 8_000),
                                              headers: [("Cookie", "session=" + String(repeating: "c", count: 4_096))])
        #expect(withinLimit.status == 422 && withinLimit.errorCode == "validation_failed", "\(withinLimit)")
        // A head that does not fit is refused whole, and the server goes on.
        let tooLarge = try api.client.send("GET", "/api/v1/tasks", headers: [("Cookie", "session=" + String(repeating: "c", count: 16_384))])
        #expect(tooLarge.status == 431, "\(tooLarge)")
        #expect(try api.client.get("/api/v1/tasks").status == 200)
        // Invalid UTF-8 (percent-encoded) in a parameter and in the path.
        #expect(try api.client.get("/api/v1/tasks?q=%C3%28").status == 400)
        #expect(try api.client.get("/api/v1/tasks/%FF%FE").status == 400)
    }
}

/// A path is routed only as sent: a percent-encoded NUL or bytes that are not UTF-8 are a 400
/// before routing, not a shorter path.
@Suite struct RequestPathTests {
    @Test func aNULInThePathIsRefusedBeforeRouting() throws {
        let api = try APIFixture(.sqlite)
        let id = try #require(try api.createTask(["title": "Keep me"])["id"] as? String)
        try api.expectRefused("GET", "/api/v1/tasks/%00", status: 400, code: "bad_request")
        try api.expectRefused("GET", "/api/v1/tasks/\(id)%00anything", status: 400, code: "bad_request")
        try api.expectRefused("PATCH", "/api/v1/tasks/\(id)%00", json: ["title": "Changed"], status: 400, code: "bad_request")
        try api.expectRefused("DELETE", "/api/v1/tasks/\(id)%00x", status: 400, code: "bad_request")
        try api.expectRefused("GET", "/healthz%00", status: 400, code: "bad_request")
        // The connection stays usable after the refusal.
        #expect(try api.client.get("/api/v1/tasks/\(id)").status == 200)
        #expect(api.client.connectionsOpened == 1)
    }

    /// A raw NUL byte in the request line: libmicrohttpd hands the target over as a C string,
    /// which ended there ("DELETE /api/v1/tasks/ID\0x" deleted the task).
    @Test func aRawNULInTheTargetIsRefusedNotCut() throws {
        let api = try APIFixture(.sqlite)
        let id = try #require(try api.createTask(["title": "Keep me"])["id"] as? String)
        for (method, target) in [("DELETE", "/api/v1/tasks/\(id)\u{0}garbage"), ("GET", "/api/v1/tasks/\(id)\u{0}"),
                                 ("GET", "/api/v1/tasks/\u{0}"), ("GET", "/api/v1/me\u{0}/../../tasks"),
                                 ("GET", "/api/v1/tasks?status=all\u{0}&x=1")] {
            let response = try api.client.send(method, target)
            #expect(response.status == 400, "\(method) \(target.debugDescription): \(response)")
        }
        #expect(try api.client.get("/api/v1/tasks/\(id)").status == 200)
        #expect(try api.client.get("/api/v1/tasks?status=all&limit=5").status == 200)
    }

    @Test func aPathThatIsNotUTF8OnceDecodedIsRefused() throws {
        let api = try APIFixture(.sqlite)
        try api.expectRefused("GET", "/api/v1/tasks/%C3%28", status: 400, code: "bad_request")
        try api.expectRefused("GET", "/api/v1/tasks/%ED%A0%80", status: 400, code: "bad_request")  // a UTF-16 surrogate
        // Well-formed escapes still route: an encoded "é" is simply no such task.
        #expect(try api.client.get("/api/v1/tasks/caf%C3%A9").status == 404)
    }

    @Test func aNULInTheQueryIsRefusedNotCut() throws {
        let api = try APIFixture(.sqlite)
        try api.createTask(["title": "Plumber"])
        try api.expectRefused("GET", "/api/v1/tasks?q=plumb%00zzz", status: 400, code: "bad_request")
        try api.expectRefused("GET", "/api/v1/tasks?q%00=plumb", status: 400, code: "bad_request")
    }
}
