import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// Filters, sorts, search and pagination of `listTasks`, on each backend.
@Suite struct TaskListingTests {
    /// A user with a small, varied set of tasks.
    struct Sample {
        let fixture: StoreFixture
        let user: User
        var store: any TaskStore { fixture.store }

        init(_ backend: Backend) throws {
            fixture = try StoreFixture(backend)
            user = try fixture.makeUser()
            let drafts = [
                TaskDraft(title: "Buy groceries", description: "milk and eggs", priority: .low, tags: ["home", "shopping"],
                          dueAt: Fixed.date("2026-11-25T17:00:00Z")),
                TaskDraft(title: "Write quarterly report", priority: .high, tags: ["work"], dueAt: Fixed.date("2026-11-23T09:00:00Z")),
                TaskDraft(title: "call the plumber", priority: .medium, tags: ["home"]),
                TaskDraft(title: "Renew passport", description: "before the trip", priority: .high, dueAt: Fixed.date("2026-12-15T00:00:00Z"),
                          allDay: true),
                TaskDraft(title: "Already done", status: .completed, tags: ["work"], dueAt: Fixed.date("2026-11-20T10:00:00Z")),
                TaskDraft(title: "Äpfel kaufen", tags: ["shopping"], dueAt: Fixed.date("2026-11-24T00:00:00Z"), allDay: true),
            ]
            _ = try fixture.store.createTasks(drafts, userID: user.id, now: Fixed.now)
        }

        func titles(_ query: TaskQuery) throws -> [String] {
            try store.listTasks(query, userID: user.id).tasks.map(\.title)
        }
    }

    @Test(arguments: Backend.available)
    func statusFilter(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(try sample.titles(TaskQuery(status: .completed)) == ["Already done"])
        #expect(try sample.titles(TaskQuery(status: .pending)).count == 5)
        #expect(try sample.titles(TaskQuery(status: .all)).count == 6)
    }

    @Test(arguments: Backend.available)
    func defaultOrderIsByDueWithUndatedLast(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(try sample.titles(TaskQuery(status: .pending)) == [
            "Write quarterly report", "Äpfel kaufen", "Buy groceries", "Renew passport", "call the plumber",
        ])
        #expect(try sample.titles(TaskQuery(status: .pending, order: .desc)).first == "call the plumber")
    }

    @Test(arguments: Backend.available)
    func sortByPriorityTitleCreatedUpdated(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(try sample.titles(TaskQuery(status: .pending, sort: .priority)) == [
            "Write quarterly report", "Renew passport", "call the plumber", "Buy groceries", "Äpfel kaufen",
        ], "equal priorities: soonest due first")
        #expect(try sample.titles(TaskQuery(status: .pending, sort: .title)) == [
            "Buy groceries", "call the plumber", "Renew passport", "Write quarterly report", "Äpfel kaufen",
        ])
        #expect(try sample.titles(TaskQuery(sort: .created, order: .asc)).first == "Buy groceries")
        let plumber = try #require(try sample.store.task(number: 3, userID: sample.user.id))
        _ = try sample.store.updateTask(id: plumber.id, userID: sample.user.id, patch: TaskPatch(description: "leak"),
                                        expectedVersion: nil, now: Fixed.now.addingTimeInterval(10))
        #expect(try sample.titles(TaskQuery(sort: .updated)).first == "call the plumber")
    }

    @Test(arguments: Backend.available)
    func priorityAndTagFilters(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(Set(try sample.titles(TaskQuery(priorities: [.high]))) == ["Write quarterly report", "Renew passport"])
        #expect(Set(try sample.titles(TaskQuery(priorities: [.low, .medium]))) == ["Buy groceries", "call the plumber"])
        #expect(Set(try sample.titles(TaskQuery(tags: ["home"]))) == ["Buy groceries", "call the plumber"])
        #expect(try sample.titles(TaskQuery(tags: ["#Home", "shopping"])) == ["Buy groceries"])
        #expect(try sample.titles(TaskQuery(tags: ["nothing"])).isEmpty)
        #expect(try sample.titles(TaskQuery(tags: ["hom"])).isEmpty, "a tag matches whole")
        #expect(try sample.titles(TaskQuery(tags: ["%"])).isEmpty, "LIKE wildcards are literal")
        #expect(try sample.titles(TaskQuery(tags: ["h_me"])).isEmpty, "LIKE wildcards are literal")
    }

    @Test(arguments: Backend.available)
    func tagsWithLikeWildcardsMatchExactly(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks([TaskDraft(title: "a", tags: ["50%", "a_b"]), TaskDraft(title: "b", tags: ["500", "axb"]),
                                           TaskDraft(title: "c", tags: ["back\\slash"])], userID: user.id, now: Fixed.now)
        func titles(_ tags: [String]) throws -> [String] {
            try fixture.store.listTasks(TaskQuery(tags: tags), userID: user.id).tasks.map(\.title)
        }
        #expect(try titles(["50%"]) == ["a"])
        #expect(try titles(["a_b"]) == ["a"])
        #expect(try titles(["back\\slash"]) == ["c"])
        #expect(try titles(["50%", "a_b"]) == ["a"])
    }

    @Test(arguments: Backend.available)
    func dueRangeAndOverdue(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(Set(try sample.titles(TaskQuery(dueBefore: Fixed.date("2026-11-25T00:00:00Z")))) == [
            "Write quarterly report", "Already done", "Äpfel kaufen",
        ])
        #expect(try sample.titles(TaskQuery(dueAfter: Fixed.date("2026-12-01T00:00:00Z"))) == ["Renew passport"])
        // Both bounds as documented: due_after at or after, due_before strictly before.
        #expect(try sample.titles(TaskQuery(dueAfter: Fixed.date("2026-12-15T00:00:00Z"))) == ["Renew passport"])
        #expect(try sample.titles(TaskQuery(dueAfter: Fixed.date("2026-12-15T00:00:00.001Z"))) == [])
        #expect(try sample.titles(TaskQuery(dueBefore: Fixed.date("2026-12-15T00:00:00Z"), dueAfter: Fixed.date("2026-12-01T00:00:00Z"))) == [])
        // At 2026-11-24T10:00Z the report is overdue; today's all-day task is not (its day has not passed).
        #expect(try sample.titles(TaskQuery(overdue: true, now: Fixed.now)) == ["Write quarterly report"])
        #expect(try sample.titles(TaskQuery(overdue: true, now: Fixed.date("2026-11-25T00:00:01Z"))) == [
            "Write quarterly report", "Äpfel kaufen",
        ])
    }

    @Test(arguments: Backend.available)
    func fullTextSearchMatchesEveryWordAsAPrefix(_ backend: Backend) throws {
        let sample = try Sample(backend)
        #expect(try sample.titles(TaskQuery(search: "groceries")) == ["Buy groceries"])
        #expect(try sample.titles(TaskQuery(search: "MILK")) == ["Buy groceries"], "description is searched, case-insensitively")
        #expect(try sample.titles(TaskQuery(search: "groc")) == ["Buy groceries"], "prefix")
        #expect(try sample.titles(TaskQuery(search: "shopping")).count == 2, "tags are searched")
        #expect(try sample.titles(TaskQuery(search: "report quarterly")) == ["Write quarterly report"])
        #expect(try sample.titles(TaskQuery(search: "report plumber")).isEmpty, "every word must match")
        #expect(try sample.titles(TaskQuery(search: "äpfel")) == ["Äpfel kaufen"])
        #expect(try sample.titles(TaskQuery(search: "\"*) OR NEAR( -- ' ;")).isEmpty, "query syntax is never interpreted")
        #expect(try sample.titles(TaskQuery(status: .completed, search: "done")) == ["Already done"])
    }

    @Test(arguments: Backend.available)
    func searchRanksBetterMatchesFirst(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks([
            TaskDraft(title: "Garden", description: "water the plants, then trim the hedge and rake leaves near the shed door"),
            TaskDraft(title: "Water water water", description: "water"),
        ], userID: user.id, now: Fixed.now)
        let titles = try fixture.store.listTasks(TaskQuery(search: "water"), userID: user.id).tasks.map(\.title)
        #expect(titles == ["Water water water", "Garden"])
    }

    /// Both engines split words at punctuation, fold case (a final sigma too) and rank a title
    /// match first: PostgreSQL's parser kept "bob@example.com", "/usr/local/bin" or "1.2.3" whole
    /// and found them by none of their words, told "ΟΔΟΣ" from "οδος", and ranked by creation.
    @Test(arguments: Backend.available)
    func bothEnginesFindTheSameWordsAndRankATitleMatchFirst(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks([
            TaskDraft(title: "Write to bob@example.com"), TaskDraft(title: "Renew www.example.org"), TaskDraft(title: "Clean /usr/local/bin"),
            TaskDraft(title: "Release 1.2.3"), TaskDraft(title: "Fix C3PO-7"), TaskDraft(title: "ΟΔΟΣ Σίσυφος"),
            TaskDraft(title: "Misc", description: "zebra in the description"), TaskDraft(title: "Other", tags: ["zebra"]),
            TaskDraft(title: "Zebra crossing"),
        ], userID: user.id, now: Fixed.now)
        func titles(_ search: String) throws -> [String] {
            try fixture.store.listTasks(TaskQuery(search: search), userID: user.id).tasks.map(\.title)
        }
        #expect(try titles("bob") == ["Write to bob@example.com"])
        #expect(try titles("example").sorted() == ["Renew www.example.org", "Write to bob@example.com"])
        #expect(try titles("bob@example.com") == ["Write to bob@example.com"])
        #expect(try titles("org") == ["Renew www.example.org"])
        #expect(try titles("usr bin") == ["Clean /usr/local/bin"])
        #expect(try titles("2") == ["Release 1.2.3"])
        #expect(try titles("7") == ["Fix C3PO-7"])
        for search in ["οδος", "ΟΔΟΣ", "σίσυφος", "ΣΊΣΥΦΟΣ"] { #expect(try titles(search) == ["ΟΔΟΣ Σίσυφος"], "\(search)") }
        #expect(try titles("zebra") == ["Zebra crossing", "Other", "Misc"])
    }

    @Test(arguments: Backend.available)
    func searchFindsTheUsersMatchesBehindOtherUsersBetterOnes(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let crowd = try fixture.makeUser(), user = try fixture.makeUser()
        _ = try fixture.store.createTasks((0..<400).map { TaskDraft(title: "Water water water \($0)") }, userID: crowd.id, now: Fixed.now)
        _ = try fixture.store.createTasks((0..<7).map { TaskDraft(title: "Plants \($0)", description: "water them") },
                                          userID: user.id, now: Fixed.now)
        let first = try fixture.store.listTasks(TaskQuery(search: "water", limit: 5), userID: user.id)
        #expect(first.tasks.count == 5)
        let rest = try fixture.store.listTasks(TaskQuery(search: "water", limit: 5, cursor: first.nextCursor), userID: user.id)
        #expect(Set((first.tasks + rest.tasks).map(\.title)) == Set((0..<7).map { "Plants \($0)" }))
        #expect(rest.nextCursor == nil)
        #expect(try fixture.store.listTasks(TaskQuery(search: "water", limit: 500), userID: crowd.id).tasks.count == 400)
    }

    static let sorts: [(TaskSort, SortDirection)] = TaskSort.allCases.filter { $0 != .relevance }.flatMap { sort in
        SortDirection.allCases.map { (sort, $0) }
    }

    @Test(arguments: Backend.available, sorts.indices)
    func pagingVisitsEveryTaskOnceInOrder(_ backend: Backend, _ index: Int) throws {
        let (sort, order) = Self.sorts[index]
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let priorities = Priority.allCases
        let drafts = (0..<37).map { (i: Int) -> TaskDraft in
            let hours = Double((i * 7919) % 50)
            let due: Date? = i % 5 == 0 ? nil : Fixed.now.addingTimeInterval(hours * 3600)
            return TaskDraft(title: "Task \(i % 7)", priority: priorities[i % 4], dueAt: due)
        }
        _ = try fixture.store.createTasks(drafts, userID: user.id, now: Fixed.now)
        let all = try fixture.store.listTasks(TaskQuery(sort: sort, order: order, limit: 500), userID: user.id).tasks
        var paged: [TodoTask] = []
        var cursor: String?
        for _ in 0..<20 {
            let page = try fixture.store.listTasks(TaskQuery(sort: sort, order: order, limit: 5, cursor: cursor), userID: user.id)
            paged += page.tasks
            cursor = page.nextCursor
            if cursor == nil { break }
        }
        #expect(paged.map(\.number) == all.map(\.number))
        #expect(all.count == 37)
        let keys = all.map { sort.key(of: $0)! }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { Self.inOrder($0, $1, order) })
    }

    private static func inOrder(_ a: SortKey, _ b: SortKey, _ order: SortDirection) -> Bool {
        switch (a, b) {
        case let (.integer(x), .integer(y)): return order == .asc ? x <= y : x >= y
        case let (.text(x), .text(y)): return order == .asc ? x <= y : x >= y
        default: return false
        }
    }

    @Test(arguments: Backend.available)
    func searchPagesByOffset(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks((0..<12).map { TaskDraft(title: "meeting \($0)") }, userID: user.id, now: Fixed.now)
        let first = try fixture.store.listTasks(TaskQuery(search: "meeting", limit: 5), userID: user.id)
        let second = try fixture.store.listTasks(TaskQuery(search: "meeting", limit: 5, cursor: first.nextCursor), userID: user.id)
        let third = try fixture.store.listTasks(TaskQuery(search: "meeting", limit: 5, cursor: second.nextCursor), userID: user.id)
        #expect(Set((first.tasks + second.tasks + third.tasks).map(\.number)) == Set(1...12))
        #expect(third.nextCursor == nil)
    }

    @Test(arguments: Backend.available)
    func badQueriesAreRefused(_ backend: Backend) throws {
        let sample = try Sample(backend)
        let page = try sample.store.listTasks(TaskQuery(limit: 2), userID: sample.user.id)
        let bad: [(TaskQuery, QueryError)] = [
            (TaskQuery(limit: 0), .invalidLimit(0)),
            (TaskQuery(limit: 501), .invalidLimit(501)),
            (TaskQuery(cursor: "not-a-cursor!"), .invalidCursor),
            (TaskQuery(cursor: "djF8ZHVlfGFzY3xpfHh8eQ"), .invalidCursor),
            (TaskQuery(sort: .title, limit: 2, cursor: page.nextCursor), .cursorSortMismatch),
            (TaskQuery(tags: ["a b"]), .invalidTag("")),
            (TaskQuery(tags: (0...20).map { "t\($0)" }), .invalidTag("")),
            (TaskQuery(search: String(repeating: "x", count: 501)), .searchTooLong(501)),
            (TaskQuery(sort: .relevance), .relevanceNeedsSearch),
        ]
        for (query, expected) in bad {
            do {
                _ = try sample.store.listTasks(query, userID: sample.user.id)
                Issue.record("accepted \(query)")
            } catch StoreError.invalidQuery(let error) {
                #expect(error.field == expected.field)
                #expect(!error.description.isEmpty)
            }
        }
    }
}
