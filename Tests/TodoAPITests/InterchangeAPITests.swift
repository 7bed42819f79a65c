import Foundation
import Synchronization
import Testing
import TodoTestSupport

/// `GET /api/v1/export.ics` and `POST /api/v1/import` through a running server, the export read
/// by the Python `icalendar` library as calendar apps read it.
@Suite struct InterchangeAPITests {
    /// Reads the calendar with `icalendar`: every VTODO's fields, DUE as a UTC instant (or a
    /// date), and for each VTIMEZONE whether its offsets agree with the IANA database
    /// (zoneinfo) on the 1st and 15th of every month of the years asked.
    static let reader = #"""
    import json, sys, datetime, zoneinfo, icalendar
    cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
    years = range(int(sys.argv[2]), int(sys.argv[3]) + 1)
    zones = {}
    for tz in cal.walk('VTIMEZONE'):
        name = str(tz['TZID'])
        ours, iana, bad = tz.to_tz(), zoneinfo.ZoneInfo(name), []
        for y in years:
            for m in range(1, 13):
                for d in (1, 15):
                    local = datetime.datetime(y, m, d, 12)
                    if local.replace(tzinfo=ours).utcoffset() != local.replace(tzinfo=iana).utcoffset():
                        bad.append(local.isoformat())
        zones[name] = bad
    todos = []
    for t in cal.walk('VTODO'):
        due = t.get('DUE')
        value = None
        if due is not None:
            dt = due.dt
            value = dt.isoformat() if not isinstance(dt, datetime.datetime) else dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        alarms = [str(a['TRIGGER'].to_ical(), 'utf-8') for a in t.walk('VALARM')]
        todos.append({'uid': str(t['UID']), 'summary': str(t['SUMMARY']), 'due': value,
                      'tzid': due.params.get('TZID') if due is not None else None,
                      'rrule': t['RRULE'].to_ical().decode() if 'RRULE' in t else None,
                      'categories': [str(c) for c in t['CATEGORIES'].cats] if 'CATEGORIES' in t else [],
                      'priority': int(t['PRIORITY']) if 'PRIORITY' in t else None, 'status': str(t['STATUS']),
                      'alarms': alarms, 'has_dtstamp': 'DTSTAMP' in t})
    print(json.dumps({'todos': todos, 'zones': zones, 'version': str(cal['VERSION'])}))
    """#

    @Test(.enabled(if: TestComponent.icalendar.runsTests, "needs the Python icalendar package: run scripts/test"),
          arguments: TestBackend.available)
    func theExportIsACalendarThatCalendarLibrariesRead(_ backend: TestBackend) throws {
        try TestComponent.icalendar.require()
        let api = try APIFixture(backend)
        let rent = try api.createTask([
            "title": "Pay rent", "due_at": "2027-01-01T09:00:00+01:00", "timezone": "Europe/Berlin", "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1",
            "priority": "high", "tags": ["home", "money"], "reminders": [["minutes_before": 1440], ["at": "2026-12-31T12:00:00Z"]],
        ])
        let sydney = try api.createTask(["title": "Call Sydney, then; rest \\ 🎉", "due_at": "2027-07-01T18:30:00+10:00", "timezone": "Australia/Sydney",
                                         "priority": "low"])
        let chatham = try api.createTask(["title": "Chatham", "due_at": "2027-03-01T10:00:00+13:45", "timezone": "Pacific/Chatham",
                                          "priority": "medium"])
        let dentist = try api.createTask(["title": "Dentist", "due_at": "2026-12-24", "timezone": "America/New_York"])
        let done = try api.createTask(["title": "Filed taxes", "due_at": "2026-12-01T10:00:00Z"])
        #expect(try api.client.post("/api/v1/tasks/\(done["id"] as! String)/complete", [:]).status == 200)
        let (other, _) = try api.server.registeredClient()
        _ = try other.post("/api/v1/tasks", ["title": "Not yours"])

        let response = try api.client.get("/api/v1/export.ics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/calendar; charset=utf-8")
        #expect(response.text.hasPrefix("BEGIN:VCALENDAR\r\n") && response.text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(response.text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).ics")
        try Data(response.body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let read = try JSONSerialization.jsonObject(with: Data(try PythonScript.run(Self.reader, arguments: [file.path, "2026", "2030"]).utf8)) as! [String: Any]

        #expect(read["version"] as? String == "2.0")
        let zones = try #require(read["zones"] as? [String: [String]])
        #expect(Set(zones.keys) == ["Europe/Berlin", "Australia/Sydney", "Pacific/Chatham"])
        for (zone, wrong) in zones { #expect(wrong.isEmpty, "\(zone)'s VTIMEZONE disagrees with zoneinfo at \(wrong.prefix(3))") }
        let todos = try #require(read["todos"] as? [[String: Any]])
        #expect(todos.map { $0["uid"] as? String } == [rent, sydney, chatham, dentist, done].map { $0["id"] as? String })
        #expect(todos.allSatisfy { $0["has_dtstamp"] as? Bool == true })
        let byTitle = Dictionary(uniqueKeysWithValues: todos.map { ($0["summary"] as! String, $0) })
        let rentRead = try #require(byTitle["Pay rent"])
        #expect(rentRead["due"] as? String == "2027-01-01T08:00:00Z")
        #expect(rentRead["tzid"] as? String == "Europe/Berlin")
        #expect(rentRead["rrule"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(rentRead["categories"] as? [String] == ["home", "money"])
        #expect(rentRead["priority"] as? Int == 1)
        #expect(rentRead["alarms"] as? [String] == ["-P1D", "20261231T120000Z"])
        #expect(byTitle["Call Sydney, then; rest \\ 🎉"]?["due"] as? String == "2027-07-01T08:30:00Z")
        #expect(byTitle["Call Sydney, then; rest \\ 🎉"]?["priority"] as? Int == 9)
        #expect(byTitle["Chatham"]?["due"] as? String == "2027-02-28T20:15:00Z")
        #expect(byTitle["Chatham"]?["priority"] as? Int == 5)
        #expect(byTitle["Dentist"]?["due"] as? String == "2026-12-24")
        #expect(byTitle["Filed taxes"]?["status"] as? String == "COMPLETED")
        #expect(byTitle["Not yours"] == nil)

        let pending = try api.client.get("/api/v1/export.ics?status=pending").text
        #expect(!pending.contains("SUMMARY:Filed taxes") && pending.contains("SUMMARY:Dentist"))
        try api.expectRefused("GET", "/api/v1/export.ics?status=open", status: 422, code: "validation_failed")
        #expect(try api.client.send("GET", "/api/v1/export.ics", authorized: false).status == 401)
    }

    @Test(arguments: TestBackend.available)
    func importingAgainChangesOnlyWhatTheFileChanged(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let calendar = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Example//Tasks//EN\r
            BEGIN:VTODO\r
            UID:abc-1@example.com\r
            DTSTAMP:20261201T100000Z\r
            SUMMARY:Renew passport\r
            DUE;TZID=Europe/Paris:20270115T100000\r
            PRIORITY:2\r
            CATEGORIES:Admin,Travel Plans\r
            BEGIN:VALARM\r
            ACTION:DISPLAY\r
            TRIGGER;RELATED=END:-PT30M\r
            END:VALARM\r
            END:VTODO\r
            BEGIN:VTODO\r
            UID:abc-2@example.com\r
            DTSTAMP:20261201T100000Z\r
            SUMMARY:Water plants\r
            DUE;VALUE=DATE:20261210\r
            RRULE:FREQ=WEEKLY\r
            END:VTODO\r
            BEGIN:VTODO\r
            UID:abc-3@example.com\r
            DTSTAMP:20261201T100000Z\r
            STATUS:CANCELLED\r
            SUMMARY:Forget it\r
            END:VTODO\r
            END:VCALENDAR\r

            """
        let first = try importFile(api.client, calendar, type: "text/calendar", query: "?timezone=Europe/Berlin")
        #expect(first.counts == [2, 0, 0, 1], "\(first.body)")
        let items = try #require(first.body["items"] as? [[String: Any]])
        #expect(items.map { $0["place"] as? String } == ["line 4", "line 16", "line 23"])
        let passport = try #require(items[0]["task"] as? [String: Any])
        #expect(passport["title"] as? String == "Renew passport")
        #expect(passport["due_at"] as? String == "2027-01-15T10:00:00+01:00")
        #expect(passport["timezone"] as? String == "Europe/Paris")
        #expect(passport["priority"] as? String == "high")
        #expect(passport["tags"] as? [String] == ["admin", "travel-plans"])
        #expect(passport["reminders"] as? [[String: Int]] == [["minutes_before": 30]])
        let plants = try #require(items[1]["task"] as? [String: Any])
        #expect(plants["due_at"] as? String == "2026-12-10T00:00:00+01:00" && plants["all_day"] as? Bool == true)
        #expect(plants["recurrence"] as? String == "FREQ=WEEKLY")
        #expect((items[2]["error"] as? [String: Any])?["code"] as? String == "cancelled")

        let again = try importFile(api.client, calendar, type: "text/calendar", query: "?timezone=Europe/Berlin")
        #expect(again.counts == [0, 0, 2, 1], "\(again.body)")
        let changed = calendar.replacingOccurrences(of: "SUMMARY:Renew passport", with: "SUMMARY:Renew passport today\r\nSTATUS:COMPLETED")
        let updated = try importFile(api.client, changed, type: "text/calendar", query: "?timezone=Europe/Berlin")
        #expect(updated.counts == [0, 1, 1, 1], "\(updated.body)")
        let tasks = try #require(try api.client.get("/api/v1/tasks?status=all").json()["tasks"] as? [[String: Any]])
        #expect(tasks.count == 2)
        let renamed = try #require(tasks.first { $0["id"] as? String == passport["id"] as? String })
        #expect(renamed["title"] as? String == "Renew passport today" && renamed["version"] as? Int == 2)
        #expect(renamed["status"] as? String == "completed")
        let completed = try #require(tasks.first { $0["id"] as? String == plants["id"] as? String })
        #expect(completed["version"] as? Int == 1)

        // The server's own export, imported into another account: every field kept, new ids.
        let exported = try api.client.get("/api/v1/export.ics").body
        let (other, _) = try api.server.registeredClient()
        let copied = try importFile(other, String(decoding: exported, as: UTF8.self), type: "text/calendar", query: "")
        #expect(copied.counts == [2, 0, 0, 0], "\(copied.body)")
        let copies = try #require(try other.get("/api/v1/tasks?status=all").json()["tasks"] as? [[String: Any]])
        let fields = ["title", "due_at", "all_day", "timezone", "priority", "tags", "recurrence", "reminders", "status"]
        for original in [renamed, completed] {
            let copy = try #require(copies.first { $0["title"] as? String == original["title"] as? String })
            #expect(copy["id"] as? String != original["id"] as? String)
            for field in fields { #expect("\(copy[field] ?? "-")" == "\(original[field] ?? "-")", "\(field)") }
        }
        #expect(try importFile(other, String(decoding: exported, as: UTF8.self), type: "text/calendar", query: "").counts == [0, 0, 2, 0])

        // The imported task's change went through the store like any: its audit entry follows.
        let audited = try (0..<100).lazy.compactMap { _ -> [[String: Any]]? in
            let entries = try api.client.get("/api/v1/audit?task_id=\(passport["id"] as! String)").json()["entries"] as? [[String: Any]] ?? []
            if entries.count >= 2 { return entries }
            Thread.sleep(forTimeInterval: 0.05)
            return nil
        }.first
        #expect(audited?.map { $0["action"] as? String } == ["created", "completed"])
    }

    @Test(arguments: TestBackend.available)
    func todoTxtAndJSONFilesImportToo(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let todoTxt = "(A) 2026-11-20 Pay taxes +finance @home due:2027-04-15\nx 2026-12-01 2026-11-01 Old thing\n+onlytags\n"
        let read = try importFile(api.client, todoTxt, type: "text/plain", query: "?timezone=Europe/Berlin")
        #expect(read.counts == [2, 0, 0, 1], "\(read.body)")
        #expect(try importFile(api.client, todoTxt, type: "text/plain", query: "?timezone=Europe/Berlin").counts == [0, 0, 2, 1])

        let listing = try api.client.get("/api/v1/tasks?status=all").text
        let (other, _) = try api.server.registeredClient()
        let json = try importFile(other, listing, type: "application/json", query: "")
        #expect(json.counts == [2, 0, 0, 0], "\(json.body)")
        let copies = try #require(try other.get("/api/v1/tasks?status=all&sort=title").json()["tasks"] as? [[String: Any]])
        #expect(copies.map { $0["title"] as? String } == ["Old thing", "Pay taxes"])
        #expect(copies[1]["due_at"] as? String == "2027-04-15T00:00:00+02:00")
        #expect(copies[0]["status"] as? String == "completed")

        // Sniffed without a type; an array of new tasks; an item that is not a task is skipped.
        let array = #"[{"title": "From JSON", "due_at": "2027-01-02", "tags": ["x"]}, {"title": ""}, 7]"#
        let sniffed = try importFile(other, array, type: nil, query: "?timezone=Asia/Tokyo")
        #expect(sniffed.counts == [1, 0, 0, 2], "\(sniffed.body)")
        let errors = (sniffed.body["items"] as? [[String: Any]])?.compactMap { ($0["error"] as? [String: Any])?["code"] as? String }
        #expect(errors == ["validation_failed", "invalid_task"])
        #expect(try importFile(other, array, type: nil, query: "?timezone=Asia/Tokyo").counts == [0, 0, 1, 2])
    }

    @Test func aFileThatCannotBeImportedChangesNothing() throws {
        let api = try APIFixture(.sqlite)
        _ = try api.createTask(["title": "Keep me"])
        let calendar = [("Content-Type", "text/calendar")]
        try api.expectRefused("POST", "/api/v1/import", body: [], headers: calendar, status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\n".utf8), headers: calendar,
                              status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array("not a calendar".utf8), headers: calendar, status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: [0xFF, 0xFE, 0x00, 0x41], headers: [("Content-Type", "text/plain")],
                              status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array(#"{"title": "x"}"#.utf8), headers: [("Content-Type", "application/json")],
                              status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array("[{".utf8), headers: [("Content-Type", "application/json")],
                              status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array("x".utf8), headers: [("Content-Type", "image/png")],
                              status: 415, code: "unsupported_media_type")
        try api.expectRefused("POST", "/api/v1/import?format=csv", body: Array("x".utf8), status: 422, code: "validation_failed")
        try api.expectRefused("POST", "/api/v1/import?timezone=Mars/Olympus", body: Array("x".utf8), status: 422, code: "validation_failed")
        let many = String(repeating: "Task\n", count: 10_001)
        try api.expectRefused("POST", "/api/v1/import", body: Array(many.utf8), headers: [("Content-Type", "text/plain")],
                              status: 413, code: "too_many_items")
        #expect(try api.client.send("POST", "/api/v1/import", body: Array("x".utf8), authorized: false).status == 401)
        #expect(try api.client.get("/healthz").status == 200)
    }

    /// An export of many tasks is larger than other requests may be: the import takes up to
    /// 16 MiB, every other route still 1 MiB.
    @Test func aFileMayBeLargerThanOtherRequests() throws {
        let api = try APIFixture(.sqlite)
        let padded = "Read the manual\n" + String(repeating: "\n", count: 3_000_000)
        let read = try importFile(api.client, padded, type: "text/plain", query: "")
        #expect(read.counts == [1, 0, 0, 0], "\(read.body)")
        let huge = Array(#"{"title": ""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_100_000) + Array(#""}"#.utf8)
        let refused = try api.client.send("POST", "/api/v1/tasks", body: huge, headers: [("Content-Type", "application/json")])
        #expect(refused.status == 413 && refused.errorCode == "payload_too_large", "\(refused)")
        api.client.disconnect()
        #expect(try api.client.get("/api/v1/tasks").json()["tasks"] as? [[String: Any]] != nil)
    }

    /// An item as it was last imported leaves the task's later changes alone; an item that
    /// changed updates its task, unless the task changed since too, later than the item
    /// (LAST-MODIFIED far before and after any day the test runs).
    @Test(arguments: TestBackend.available)
    func importingAgainLeavesChangesMadeHereAlone(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        func calendar(modified: String, summary: String, extra: String = "") -> String {
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VTODO\r\nUID:Plan-Trip@Example.com\r\nDTSTAMP:\(modified)\r\n"
                + "LAST-MODIFIED:\(modified)\r\nSUMMARY:\(summary)\r\n\(extra)END:VTODO\r\n"
                + "BEGIN:VTODO\r\nUID:Plan-Trip@Example.com\r\nSUMMARY:The same UID again\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        }
        let first = try importFile(api.client, calendar(modified: "19900101T000000Z", summary: "Plan trip"), type: "text/calendar", query: "")
        #expect(first.counts == [1, 0, 0, 1], "\(first.body)")
        let items = try #require(first.body["items"] as? [[String: Any]])
        #expect((items[1]["error"] as? [String: Any])?["code"] as? String == "duplicate")
        let id = try #require((items[0]["task"] as? [String: Any])?["id"] as? String)

        // Changed in the other app (even "before" by its clock): nothing changed here, so it wins.
        let second = try importFile(api.client, calendar(modified: "19900102T000000Z", summary: "Plan the trip"), type: "text/calendar", query: "")
        #expect(second.counts == [0, 1, 0, 1], "\(second.body)")
        // Changed here; the same file again keeps that change.
        #expect(try api.client.patch("/api/v1/tasks/\(id)", ["title": "Plan the trip to Rome"]).status == 200)
        let again = try importFile(api.client, calendar(modified: "19900102T000000Z", summary: "Plan the trip"), type: "text/calendar", query: "")
        #expect(again.body["kept"] as? Int == 1 && again.counts == [0, 0, 0, 1], "\(again.body)")
        // Changed in both places: the later change wins.
        let older = try importFile(api.client, calendar(modified: "19900103T000000Z", summary: "Plan a trip"), type: "text/calendar", query: "")
        #expect(older.body["kept"] as? Int == 1, "\(older.body)")
        #expect(try api.client.get("/api/v1/tasks/\(id)").json()["title"] as? String == "Plan the trip to Rome")
        let completed = "STATUS:COMPLETED\r\nCOMPLETED:20261201T100000Z\r\n"
        let newer = try importFile(api.client, calendar(modified: "29990101T000000Z", summary: "Plan a trip", extra: completed),
                                   type: "text/calendar", query: "")
        #expect(newer.counts == [0, 1, 0, 1], "\(newer.body)")
        let task = try api.client.get("/api/v1/tasks/\(id)").json()
        #expect(task["title"] as? String == "Plan a trip" && task["status"] as? String == "completed")
        #expect(task["completed_at"] as? String == "2026-12-01T10:00:00Z", "a completion keeps the file's time")

        // The export gives the other app its own UID back; importing it here changes nothing.
        let exported = try api.client.get("/api/v1/export.ics").text
        #expect(exported.contains("\r\nUID:Plan-Trip@Example.com\r\n"), "\(exported)")
        #expect(try importFile(api.client, exported, type: "text/calendar", query: "").counts == [0, 0, 1, 0])
    }

    /// A todo.txt line holds less than a task: importing the account's own todo.txt export
    /// changes nothing, and a line moved to another day keeps the task's time.
    @Test func aTodoTxtLineChangesOnlyWhatItSays() throws {
        let api = try APIFixture(.sqlite)
        let rent = try api.createTask(["title": "Pay rent", "due_at": "2027-01-01T09:00:00+01:00", "timezone": "Europe/Berlin",
                                       "description": "the landlord's account", "reminders": [["minutes_before": 60]],
                                       "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1", "tags": ["home"]])
        _ = try api.createTask(["title": "Dentist", "due_at": "2027-01-05", "timezone": "America/New_York"])
        let exported = try exportTodoTxt(api)
        let again = try importFile(api.client, exported, type: "text/plain", query: "?timezone=Asia/Tokyo")
        #expect(again.counts == [0, 0, 2, 0], "\(again.body)")
        let moved = exported.replacingOccurrences(of: "due:2027-01-01", with: "due:2027-01-03")
        let changed = try importFile(api.client, moved, type: "text/plain", query: "?timezone=Asia/Tokyo")
        #expect(changed.counts == [0, 1, 1, 0], "\(changed.body)")
        let task = try api.client.get("/api/v1/tasks/\(rent["id"] as! String)").json()
        #expect(task["due_at"] as? String == "2027-01-03T09:00:00+01:00")
        #expect(task["description"] as? String == "the landlord's account" && task["recurrence"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(task["reminders"] as? [[String: Int]] == [["minutes_before": 60]] && task["timezone"] as? String == "Europe/Berlin")
    }

    private func exportTodoTxt(_ api: APIFixture) throws -> String {
        let tasks = try #require(try api.client.get("/api/v1/tasks?status=all&sort=created&order=asc").json()["tasks"] as? [[String: Any]])
        // What `todo export --format todotxt` writes for these two (the CLI's own test checks its output).
        return tasks.map { task -> String in
            let id = task["id"] as! String
            let day = String((task["due_at"] as! String).prefix(10))
            let tags = (task["tags"] as? [String] ?? []).map { " +" + $0 }.joined()
            return "2026-12-01 \(task["title"] as! String)\(tags) due:\(day) id:\(id)\n"
        }.joined()
    }

    /// Four imports of one file at once: each item becomes one task, and every import says so.
    @Test func importsOfOneFileAtOnceMakeEachTaskOnce() throws {
        let api = try APIFixture(.sqlite)
        let lines = (1...100).map { "Task \($0)" }.joined(separator: "\n")
        let token = try #require(api.client.token)
        let port = api.client.port
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let client = HTTPTestClient(port: port, token: token)
            let status = (try? client.send("POST", "/api/v1/import", body: Array(lines.utf8), headers: [("Content-Type", "text/plain")]).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 } == [200, 200, 200, 200])
        let tasks = try #require(try api.client.get("/api/v1/tasks?limit=500").json()["tasks"] as? [[String: Any]])
        #expect(tasks.count == 100)
    }

    @Test func aFileIsNotReadAsAFormatItIsNot() throws {
        let api = try APIFixture(.sqlite)
        let calendar = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".utf8)
        try api.expectRefused("POST", "/api/v1/import?format=todotxt", body: calendar, headers: [("Content-Type", "text/plain")],
                              status: 400, code: "invalid_file")
        try api.expectRefused("POST", "/api/v1/import", body: Array(" \n\n".utf8), headers: [("Content-Type", "text/plain")],
                              status: 400, code: "invalid_file")
        let events = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        try api.expectRefused("POST", "/api/v1/import", body: events, headers: [("Content-Type", "text/calendar")], status: 400, code: "invalid_file")
        // A byte-order mark before JSON is no reason to refuse it.
        let marked = try importFile(api.client, "\u{FEFF}[{\"title\": \"Marked\", \"status\": \"completed\", \"completed_at\": \"2020-01-02T03:04:05Z\"}]",
                                    type: "application/json", query: "")
        #expect(marked.counts == [1, 0, 0, 0], "\(marked.body)")
        let task = try #require((marked.body["items"] as? [[String: Any]])?.first?["task"] as? [String: Any])
        #expect(task["completed_at"] as? String == "2020-01-02T03:04:05Z")
        // A due time without an offset is one of the task's zone; a Latin-1 file is read as such.
        let floating = try importFile(api.client, #"[{"title": "Floating", "due_at": "2027-06-01T10:00:00", "timezone": "Europe/Berlin"}]"#,
                                      type: "application/json", query: "")
        #expect((floating.body["items"] as? [[String: Any]])?.first.flatMap { ($0["task"] as? [String: Any])?["due_at"] as? String }
                    == "2027-06-01T10:00:00+02:00", "\(floating.body)")
        let latin = try api.client.send("POST", "/api/v1/import", body: Array("Caf".utf8) + [0xE9] + Array(" au lait\n".utf8),
                                        headers: [("Content-Type", "text/plain; charset=ISO-8859-1")])
        #expect((try latin.json()["items"] as? [[String: Any]])?.first?["title"] as? String == "Café au lait", "\(latin)")
    }

    /// The import's answer and its counts: created, updated, unchanged, skipped.
    private func importFile(_ client: HTTPTestClient, _ text: String, type: String?, query: String) throws -> (counts: [Int], body: [String: Any]) {
        let response = try client.send("POST", "/api/v1/import" + query, body: Array(text.utf8), headers: type.map { [("Content-Type", $0)] } ?? [])
        #expect(response.status == 200, "\(response)")
        let body = try response.json()
        return (["created", "updated", "unchanged", "skipped"].map { body[$0] as? Int ?? -1 }, body)
    }
}
