import Foundation
import Testing
import TodoChat
import TodoCore
import TodoStore
import TodoTestSupport

/// The tool registry on a real store (SQLite, and PostgreSQL when a cluster is available).
@Suite struct ToolRegistryTests {
    static let now = RFC3339.parse("2026-03-25T10:00:00+01:00")!

    final class Fixture {
        let database: TestDatabase
        let store: any TaskStore
        let user: User
        let other: User

        init(_ backend: TestBackend) throws {
            database = try TestDatabase(backend)
            store = try StoreFactory.open(DatabaseURL(database.url))
            user = try store.createUser(email: "a@example.com", name: nil, passwordHash: nil, now: ToolRegistryTests.now)
            other = try store.createUser(email: "b@example.com", name: nil, passwordHash: nil, now: ToolRegistryTests.now)
        }

        deinit { store.close() }

        func context(for user: User? = nil) -> ToolContext {
            ToolContext(store: store, userID: (user ?? self.user).id, now: ToolRegistryTests.now, zoneName: "Europe/Berlin",
                         zone: TimeZone(identifier: "Europe/Berlin")!)
        }

        func run(_ name: String, _ arguments: JSONValue, as user: User? = nil) throws(ToolError) -> ToolResult {
            try ToolRegistry.standard.run(ToolCall(name: name, arguments: arguments), in: context(for: user))
        }

        func events(of user: User) throws -> Int { try store.outbox(after: 0, limit: 10_000).filter { $0.userID == user.id }.count }
    }

    @Test func everyToolDeclaresItsNameDescriptionAndSchemas() {
        let tools = ToolRegistry.standard.tools
        #expect(tools.map(\.name) == ["add_task", "list_tasks", "complete_task", "update_task", "delete_task",
                                      "search_tasks", "reopen_task", "show_task"])
        for tool in tools {
            #expect(!tool.description.isEmpty)
            #expect(tool.inputSchema.json["type"] == .string("object"), "\(tool.name)")
            #expect(tool.inputSchema.json["properties"]?["user_id"] != nil, "\(tool.name)")
            #expect(tool.outputSchema.json["type"] == .string("object"), "\(tool.name)")
        }
        #expect(ToolRegistry.standard.tool(named: "add_task")?.inputSchema.json["required"] == .array([.string("title")]))
    }

    @Test(arguments: TestBackend.available)
    func aCallActsForTheAuthenticatedUserAndWritesItsEvent(_ backend: TestBackend) throws {
        let fixture = try Fixture(backend)
        let added = try fixture.run("add_task", .object([("title", .string("Pay rent")), ("user_id", .string(fixture.other.id.lowercasedString)),
                                                         ("due_at", .string("2026-03-27T00:00:00+01:00")), ("all_day", .bool(true)),
                                                         ("tags", .array([.string("home")]))]))
        #expect(added.json["status"] == .string("created"))
        #expect(added.json["title"] == .string("Pay rent"))
        #expect(added.json["number"] == .int(1))
        #expect(try fixture.events(of: fixture.user) == 1)
        #expect(try fixture.events(of: fixture.other) == 0)

        // The other user's #1 is not this task, whatever the arguments say.
        #expect(throws: ToolError.taskNotFound("#1")) { try fixture.run("complete_task", .object([("task_id", .int(1))]), as: fixture.other) }

        let completed = try fixture.run("complete_task", .object([("task_id", .string("#1"))]))
        #expect(completed.json["status"] == .string("completed"))
        let cleared = try fixture.run("update_task", .object([("task_id", .int(1)), ("due_at", .null)]))
        #expect(cleared.tasks.first?.dueAt == nil)
        #expect(cleared.tasks.first?.tags == ["home"])
        let listed = try fixture.run("list_tasks", .object([("status", .string("all"))]))
        #expect(listed.tasks.map(\.title) == ["Pay rent"])
        #expect(try fixture.events(of: fixture.user) == 3)
    }

    @Test func badArgumentsAndUnknownToolsAreToolErrorsThatChangeNothing() throws {
        let fixture = try Fixture(.sqlite)
        _ = try fixture.run("add_task", .object([("title", .string("Pay rent"))]))
        let before = try fixture.events(of: fixture.user)
        let refused: [(String, JSONValue, String)] = [
            ("add_task", .object([("title", .int(42))]), "title"),
            ("add_task", .object([("description", .string("no title"))]), "title"),
            ("add_task", .object([("title", .string("x")), ("tags", .string("home"))]), "tags"),
            ("add_task", .object([("title", .string("x")), ("priority", .string("extreme"))]), "priority"),
            ("add_task", .object([("title", .string("x")), ("due_at", .string("friday"))]), "due_at"),
            ("complete_task", .object([("task_id", .bool(true))]), "task_id"),
            ("delete_task", .object([]), "task_id"),
            ("update_task", .object([("task_id", .int(1))]), "arguments"),
            ("list_tasks", .string("all"), "arguments"),
            ("complete_task", .object([("task_id", .int(0))]), "task_id"),
            ("delete_task", .object([("task_id", .int(-1))]), "task_id"),
            ("update_task", .object([("task_id", .int(1)), ("title", .null)]), "title"),
            ("search_tasks", .object([("query", .string("  "))]), "query"),
        ]
        for (name, arguments, field) in refused {
            do {
                _ = try fixture.run(name, arguments)
                Issue.record("\(name) \(arguments) was accepted")
            } catch {
                guard case .invalidArgument(let named, _) = error else { Issue.record("\(name): \(error)"); continue }
                #expect(named == field, "\(name): \(error)")
            }
        }
        #expect(throws: ToolError.unknownTool("drop_database")) { try fixture.run("drop_database", .object([])) }
        #expect(throws: ToolError.taskNotFound("#99")) { try fixture.run("delete_task", .object([("task_id", .int(99))])) }
        #expect(try fixture.events(of: fixture.user) == before)
    }

    /// As the REST API takes them: a date is all day in the task's zone, and a wall time without
    /// an offset is read in the task's zone (the call's `timezone`, else the task's or the
    /// client's), never in UTC; an impossible date is refused and changes nothing.
    @Test func dueDatesWithoutAnOffsetAreReadInTheTasksZone() throws {
        let fixture = try Fixture(.sqlite)
        let dated = try fixture.run("add_task", .object([("title", .string("Dated")), ("due_at", .string("2026-03-27"))]))
        #expect(dated.tasks.first?.dueAt == RFC3339.parse("2026-03-27T00:00:00+01:00"))
        #expect(dated.tasks.first?.allDay == true)
        let local = try fixture.run("add_task", .object([("title", .string("Call")), ("due_at", .string("2026-03-27T09:30:00")),
                                                         ("timezone", .string("America/New_York"))]))
        #expect(local.tasks.first?.dueAt == RFC3339.parse("2026-03-27T09:30:00-04:00"))
        #expect(local.tasks.first?.allDay == false)
        // A wall time that the spring-forward gap skips moves forward by the gap (RFC 5545).
        let gap = try fixture.run("add_task", .object([("title", .string("Gap")), ("due_at", .string("2026-03-29T02:30:00"))]))
        #expect(gap.tasks.first?.dueAt == RFC3339.parse("2026-03-29T03:30:00+02:00"))
        let moved = try fixture.run("update_task", .object([("task_id", .int(2)), ("due_at", .string("2026-03-28T18:00:00"))]))
        #expect(moved.tasks.first?.dueAt == RFC3339.parse("2026-03-28T18:00:00-04:00"))
        // Models often leave the seconds out.
        let noSeconds = try fixture.run("update_task", .object([("task_id", .int(2)), ("due_at", .string("2026-03-28T18:30"))]))
        #expect(noSeconds.tasks.first?.dueAt == RFC3339.parse("2026-03-28T18:30:00-04:00"))
        let noSecondsWithOffset = try fixture.run("update_task", .object([("task_id", .int(2)), ("due_at", .string("2026-03-28T18:00-04:00"))]))
        #expect(noSecondsWithOffset.tasks.first?.dueAt == RFC3339.parse("2026-03-28T18:00:00-04:00"))
        // A listing's bounds read dates and wall times as due_at does.
        let before28 = try fixture.run("list_tasks", .object([("due_before", .string("2026-03-28"))]))
        #expect(before28.tasks.map(\.title) == ["Dated"])
        let after28 = try fixture.run("list_tasks", .object([("due_after", .string("2026-03-28T00:00"))]))
        #expect(Set(after28.tasks.map(\.title)) == ["Call", "Gap"])
        let before = try fixture.events(of: fixture.user)
        for bad in ["2026-02-30", "2026-03-27T25:00:00", "tomorrow", "2026-03-27T09", "2026-03-27T09:30+"] {
            #expect(throws: ToolError.self, "\(bad)") { try fixture.run("update_task", .object([("task_id", .int(1)), ("due_at", .string(bad))])) }
        }
        #expect(throws: ToolError.invalidArgument(field: "timezone", reason: "Mars/Olympus is not an IANA time zone such as Europe/Berlin")) {
            try fixture.run("add_task", .object([("title", .string("Far")), ("due_at", .string("2026-03-27")), ("timezone", .string("Mars/Olympus"))]))
        }
        #expect(try fixture.events(of: fixture.user) == before)
    }

    /// Listings and shown tasks are written straight from the tasks; what is written must be
    /// exactly the `json` MCP and a model read (reminders, local due times, nulls included).
    @Test func aTaskResultWritesTheSameJSONItsValueHolds() throws {
        let fixture = try Fixture(.sqlite)
        _ = try fixture.run("add_task", .object([("title", .string("Call \"Mum\"\n")), ("due_at", .string("2026-03-27T09:30:00+01:00")),
                                                 ("reminders", .array([.object([("minutes_before", .int(30))])])), ("tags", .array([.string("home")]))]))
        _ = try fixture.run("add_task", .object([("title", .string("Undated"))]))
        for result in [try fixture.run("list_tasks", .object([])), try fixture.run("show_task", .object([("task_id", .int(1))]))] {
            var direct = JSONWriter(capacity: 64)
            result.write(to: &direct)
            var fromValue = JSONWriter(capacity: 64)
            result.json.write(to: &fromValue)
            #expect(direct.string == fromValue.string)
            #expect(direct.string.contains("\"minutes_before\":30"))
        }
        #expect(try fixture.run("list_tasks", .object([])).json["tasks"].flatMap { if case .array(let tasks) = $0 { tasks.count } else { nil } } == 2)
    }
}
