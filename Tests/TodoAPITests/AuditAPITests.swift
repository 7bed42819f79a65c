import Foundation
import Testing
import TodoStore
import TodoTestSupport

/// The audit-log service through the real binary (DESIGN §6.3, issue 13 item 3): every task
/// change appended to its user's hash chain in order, paged by cursor, scoped to its user,
/// verified against rows edited, deleted or inserted behind its back, and applied once however
/// often an event is delivered or the process is killed.
@Suite struct AuditAPITests {
    static let zeroHash = String(repeating: "0", count: 64)

    /// Waits (at most 15 s) until the user's trail holds `count` entries, and returns them.
    static func entries(_ client: HTTPTestClient, count: Int, query: String = "", pages: Bool = false,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(30)
        var entries: [[String: Any]] = []
        while Date() < deadline {
            entries = try trail(client, query: query, allPages: pages)
            if entries.count >= count { break }
            usleep(50_000)
        }
        #expect(entries.count == count, "\(entries)", sourceLocation: sourceLocation)
        return entries
    }

    /// The first page of the trail, or every page by its cursors.
    static func trail(_ client: HTTPTestClient, query: String, allPages: Bool) throws -> [[String: Any]] {
        var entries: [[String: Any]] = []
        var target = "/api/v1/audit?limit=500\(query)"
        while true {
            let page = try client.get(target).json()
            entries += page["entries"] as? [[String: Any]] ?? []
            guard allPages, let cursor = page["next_cursor"] as? String else { return entries }
            target = "/api/v1/audit?limit=500\(query)&cursor=\(cursor)"
        }
    }

    static func verify(_ client: HTTPTestClient) throws -> [String: Any] {
        try client.get("/api/v1/audit/verify").json()
    }

    /// One task created, renamed, completed, reopened and deleted: five entries of its user.
    static func lifecycle(_ fixture: APIFixture, title: String = "Pay rent") throws -> String {
        let id = try fixture.createTask(["title": title, "tags": ["home"]])["id"] as! String
        #expect(try fixture.client.patch("/api/v1/tasks/\(id)", ["title": "\(title) today"]).status == 200)
        #expect(try fixture.client.send("POST", "/api/v1/tasks/\(id)/complete").status == 200)
        #expect(try fixture.client.send("POST", "/api/v1/tasks/\(id)/reopen").status == 200)
        #expect(try fixture.client.delete("/api/v1/tasks/\(id)").status == 204)
        return id
    }

    @Test(arguments: TestBackend.available)
    func everyChangeIsAppendedInOrderWithItsFieldsBeforeAndAfterOnAValidChain(backend: TestBackend) throws {
        let fixture = try APIFixture(backend)
        let id = try Self.lifecycle(fixture)
        let entries = try Self.entries(fixture.client, count: 5)
        #expect(entries.map { $0["action"] as? String } == ["created", "updated", "completed", "reopened", "deleted"])
        #expect(entries.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5])
        #expect(entries.allSatisfy { $0["task_id"] as? String == id && $0["actor"] as? String == fixture.user["id"] as? String })
        let created = entries[0]["changes"] as? [String: [String: Any]]
        #expect(created?["title"]?["to"] as? String == "Pay rent")
        #expect(created?["title"]?["from"] is NSNull)
        #expect(created?["due_at"] == nil, "a field null before and after is no change")
        let renamed = entries[1]["changes"] as? [String: [String: Any]]
        #expect(renamed?["title"]?["from"] as? String == "Pay rent")
        #expect(renamed?["title"]?["to"] as? String == "Pay rent today")
        let completed = entries[2]["changes"] as? [String: [String: Any]]
        #expect(completed?["status"]?["from"] as? String == "pending")
        #expect(completed?["status"]?["to"] as? String == "completed")
        let deleted = entries[4]["changes"] as? [String: [String: Any]]
        #expect(deleted?["title"]?["from"] as? String == "Pay rent today")
        #expect(deleted?["title"]?["to"] is NSNull)
        // Linked: the first after 32 zero bytes, each after the one before.
        #expect(entries[0]["prev_hash"] as? String == Self.zeroHash)
        for (previous, entry) in zip(entries, entries.dropFirst()) {
            #expect(entry["prev_hash"] as? String == previous["hash"] as? String)
        }
        #expect(entries.allSatisfy { ($0["at"] as? String)?.hasSuffix("Z") == true })
        let verification = try Self.verify(fixture.client)
        #expect(verification["intact"] as? Bool == true)
        #expect(verification["checked"] as? Int == 5)
        #expect(verification["first_bad_seq"] is NSNull)
    }

    /// docs/audit.md, followed from outside: the stored `changes` text and the served fields,
    /// put together by hand and hashed by coreutils' sha256sum, give the served hash.
    @Test func anEntryReVerifiesOutsideWithTheDocumentedCanonicalForm() throws {
        let fixture = try APIFixture(.sqlite)
        _ = try Self.lifecycle(fixture)
        let entries = try Self.entries(fixture.client, count: 5)
        let database = try StoreFactory.openDatabase(DatabaseURL(fixture.database.url))
        defer { database.close() }
        for entry in entries {
            let seq = entry["seq"] as! Int
            var changes = ""
            try database.read { db in
                try db.query("SELECT changes FROM audit_entries WHERE seq = ?", [.int(seq)]) { changes = $0.text(0) }
            }
            let canonical = #"{"action":"\#(entry["action"]!)","actor":"\#(entry["actor"]!)","at":"\#(entry["at"]!)","changes":\#(changes),"#
                + #""seq":\#(seq),"task_id":"\#(entry["task_id"]!)","user_id":"\#(fixture.user["id"]!)"}"#
            let prev = entry["prev_hash"] as! String
            var input = Data(stride(from: 0, to: 64, by: 2).map { UInt8(prev.dropFirst($0).prefix(2), radix: 16)! })
            input.append(Data(canonical.utf8))
            #expect(try Self.sha256sum(input, in: fixture.database.directory) == entry["hash"] as? String, "seq \(seq): \(canonical)")
        }
    }

    static func sha256sum(_ data: Data, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("entry-\(UUID().uuidString)")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(output.prefix(64))
    }

    @Test(arguments: TestBackend.available)
    func pagesFollowTheCursorInOrderAndATaskFilterKeepsItsOwnEntries(backend: TestBackend) throws {
        let fixture = try APIFixture(backend)
        let first = try Self.lifecycle(fixture, title: "First")
        _ = try Self.lifecycle(fixture, title: "Second")
        _ = try Self.entries(fixture.client, count: 10)
        var seqs: [Int] = []
        var target = "/api/v1/audit?limit=3"
        for _ in 0..<10 {
            let page = try fixture.client.get(target).json()
            seqs += (page["entries"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
            guard let cursor = page["next_cursor"] as? String else { break }
            target = "/api/v1/audit?limit=3&cursor=\(cursor)"
        }
        #expect(seqs == Array(1...10))
        let own = try fixture.client.get("/api/v1/audit?task_id=\(first)&limit=2").json()
        #expect((own["entries"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [1, 2])
        let cursor = try #require(own["next_cursor"] as? String)
        let rest = try fixture.client.get("/api/v1/audit?task_id=\(first)&cursor=\(cursor)").json()
        #expect((rest["entries"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [3, 4, 5])
        #expect(rest["next_cursor"] is NSNull)
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersTrailIsNotVisible(backend: TestBackend) throws {
        let fixture = try APIFixture(backend)
        let id = try Self.lifecycle(fixture)
        _ = try Self.entries(fixture.client, count: 5)
        let (other, _) = try fixture.server.registeredClient()
        #expect(try other.get("/api/v1/audit?task_id=\(id)").text == #"{"entries":[],"next_cursor":null}"#)
        #expect(try other.get("/api/v1/audit").text == #"{"entries":[],"next_cursor":null}"#)
        #expect(try other.get("/api/v1/audit/verify").text == #"{"intact":true,"checked":0,"first_bad_seq":null}"#)
        #expect(try fixture.client.send("GET", "/api/v1/audit", authorized: false).status == 401)
    }

    enum Tampering: String, CaseIterable, Sendable {
        case edited, deletedInTheMiddle, deletedAtTheEnd, inserted, insertedInAGap

        /// The SQL, and the first bad seq verify must report, on a chain of five. A forged
        /// entry names an event of its own: the log holds one entry per event id.
        var attack: (sql: String, firstBad: Int, checked: Int) {
            let columns = "user_id, seq, task_id, action, at, actor, changes, prev_hash, hash, event_id, event_sequence"
            return switch self {
            case .edited: ("UPDATE audit_entries SET changes = replace(changes, 'Pay rent today', 'Pay nothing') WHERE seq = 2", 2, 5)
            case .deletedInTheMiddle: ("DELETE FROM audit_entries WHERE seq = 3", 3, 4)
            case .deletedAtTheEnd: ("DELETE FROM audit_entries WHERE seq = 5", 5, 4)
            case .inserted: ("INSERT INTO audit_entries (\(columns)) SELECT user_id, 6, task_id, action, at, actor, changes, hash, hash, event_id || '-forged', event_sequence FROM audit_entries WHERE seq = 5", 6, 6)
            // Renumbered so that seq stays contiguous: the forged entry does not link.
            case .insertedInAGap: ("""
                UPDATE audit_entries SET seq = seq + 10 WHERE seq >= 3;
                UPDATE audit_entries SET seq = seq - 9 WHERE seq >= 13;
                INSERT INTO audit_entries (\(columns)) SELECT user_id, 3, task_id, action, at, actor, changes, prev_hash, hash, event_id || '-forged', event_sequence FROM audit_entries WHERE seq = 2
                """, 3, 6)
            }
        }
    }

    @Test(arguments: TestBackend.available, Tampering.allCases)
    func verifyFindsTheFirstEntryChangedBehindItsBack(backend: TestBackend, tampering: Tampering) throws {
        let fixture = try APIFixture(backend)
        _ = try Self.lifecycle(fixture)
        _ = try Self.entries(fixture.client, count: 5)
        #expect(try Self.verify(fixture.client)["intact"] as? Bool == true)
        try fixture.database.execute(tampering.attack.sql)
        let verification = try Self.verify(fixture.client)
        #expect(verification["intact"] as? Bool == false, "\(tampering)")
        #expect(verification["first_bad_seq"] as? Int == tampering.attack.firstBad, "\(tampering): \(verification)")
        #expect(verification["checked"] as? Int == tampering.attack.checked, "\(tampering): \(verification)")
    }

    /// Every task event delivered a second time (the log's rows copied to new positions, as a
    /// bus redelivers after a lost commit): nothing is appended twice, and later changes go on
    /// after the last entry.
    @Test(arguments: TestBackend.available)
    func aRedeliveredEventIsAppendedOnce(backend: TestBackend) throws {
        let fixture = try APIFixture(backend)
        _ = try Self.lifecycle(fixture)
        _ = try Self.entries(fixture.client, count: 5)
        try fixture.database.execute("""
            INSERT INTO event_log (topic, key, event_id, type, payload, appended_at)
            SELECT topic, key, event_id, type, payload, appended_at FROM event_log WHERE topic = 'task-events' ORDER BY position
            """)
        let marker = try fixture.createTask(["title": "Marker"])["id"] as! String
        let entries = try Self.entries(fixture.client, count: 6)
        #expect(entries.map { $0["seq"] as? Int } == Array(1...6))
        #expect(entries.last?["task_id"] as? String == marker)
        #expect(try Self.verify(fixture.client)["intact"] as? Bool == true)
    }

    /// The process killed (SIGKILL) while it appends a burst, then started again on the same
    /// database: every change is in the trail once, in order, on an intact chain.
    @Test(arguments: TestBackend.available)
    func aKilledProcessResumesWithoutLosingOrDoublingEntries(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        var server = try ServerProcess(database: database)
        let (client, _) = try server.registeredClient()
        var titles: [String] = []
        for index in 0..<40 {
            titles.append("Task \(index)")
            #expect(try client.post("/api/v1/tasks", ["title": "Task \(index)"]).status == 201)
        }
        #expect(server.signal(SIGKILL))
        server = try ServerProcess(database: database)
        let restarted = server.client(token: client.token)
        let entries = try Self.entries(restarted, count: 40)
        #expect(entries.map { $0["seq"] as? Int } == Array(1...40))
        #expect(entries.compactMap { ($0["changes"] as? [String: [String: Any]])?["title"]?["to"] as? String } == titles)
        #expect(try Self.verify(restarted)["intact"] as? Bool == true)
    }

    /// The audit service alone (`--service audit`) killed (SIGKILL) while it works through a
    /// backlog the backend wrote meanwhile, then started again: the trail holds every change
    /// once, in order.
    @Test(arguments: TestBackend.available)
    func theAuditServiceKilledInTheMiddleOfABacklogResumesWithoutLosingOrDoublingEntries(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let backendServer = try ServerProcess(database: database, arguments: ["--service", "backend"])
        let (client, _) = try backendServer.registeredClient()
        let count = 600
        for index in 0..<count {
            #expect(try client.post("/api/v1/tasks", ["title": "Task \(index)"]).status == 201)
        }
        var audit = try ServerProcess(database: database, arguments: ["--service", "audit"])
        let deadline = Date().addingTimeInterval(15)
        var seen = 0
        while seen == 0, Date() < deadline {
            seen = (try audit.client(token: client.token).get("/api/v1/audit?limit=500").json()["entries"] as? [Any])?.count ?? 0
        }
        #expect(audit.signal(SIGKILL))
        audit = try ServerProcess(database: database, arguments: ["--service", "audit"])
        let entries = try Self.entries(audit.client(token: client.token), count: count, pages: true)
        #expect(entries.map { $0["seq"] as? Int } == Array(1...count))
        #expect(entries.compactMap { ($0["changes"] as? [String: [String: Any]])?["title"]?["to"] as? String }
                == (0..<count).map { "Task \($0)" })
        #expect(try Self.verify(audit.client(token: client.token))["intact"] as? Bool == true)
    }

    @Test(arguments: TestBackend.available)
    func badQueryParametersAreRefusedWithTheFieldNamed(backend: TestBackend) throws {
        let fixture = try APIFixture(backend)
        for (query, field) in [("task_id=12", "task_id"), ("task_id=not-a-uuid", "task_id"), ("cursor=abc", "cursor"),
                               ("cursor=a1.-4", "cursor"), ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit")] {
            let response = try fixture.client.get("/api/v1/audit?\(query)")
            #expect(response.status == 422, "\(query): \(response)")
            #expect(response.errorCode == "validation_failed", "\(query): \(response)")
            #expect(((try response.json()["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == field, "\(query)")
        }
    }
}
