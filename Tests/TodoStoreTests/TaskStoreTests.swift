import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// The behaviour every `TaskStore` has, run against each backend.
@Suite struct TaskStoreTests {
    @Test(arguments: Backend.available)
    func createAssignsSequentialNumbersPerUser(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.makeUser(), bob = try fixture.makeUser()
        let a1 = try fixture.store.createTask(TaskDraft(title: "one"), userID: alice.id, now: Fixed.now)
        let a2 = try fixture.store.createTask(TaskDraft(title: "two"), userID: alice.id, now: Fixed.now)
        let b1 = try fixture.store.createTask(TaskDraft(title: "mine"), userID: bob.id, now: Fixed.now)
        #expect([a1.number, a2.number, b1.number] as [Int] == [1, 2, 1])
        #expect(a1.version == 1)
    }

    @Test(arguments: Backend.available)
    func everyFieldRoundTrips(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let series = UUID()
        let draft = TaskDraft(
            title: "  Pay rent  ", description: "Line one\nline two — ünïcode ✓", priority: .high, tags: ["#Home", "bills", "home"],
            dueAt: Fixed.date("2026-12-01T09:30:00.250+01:00"), timezone: "Europe/Berlin", recurrence: "freq=monthly;bymonthday=1",
            recurrenceFrom: .completion, seriesID: series,
            reminders: [.minutesBefore(30), .at(Fixed.date("2026-11-30T18:00:00Z")), .minutesBefore(30)]
        )
        let created = try fixture.store.createTask(draft, userID: user.id, now: Fixed.now)
        #expect(created.title == "Pay rent")
        #expect(created.tags == ["home", "bills"])
        #expect(created.recurrence == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(created.reminders == [.minutesBefore(30), .at(Fixed.date("2026-11-30T18:00:00Z"))])
        #expect(created.createdAt == Fixed.now)
        let fetched = try #require(try fixture.store.task(id: created.id, userID: user.id))
        #expect(fetched == created)
        #expect(try fixture.store.task(number: created.number, userID: user.id) == created)
        #expect(fetched.dueAt == Fixed.date("2026-12-01T08:30:00.250Z"))
        #expect(fetched.seriesID == series)
        #expect(fetched.recurrenceFrom == .completion)
    }

    @Test(arguments: Backend.available)
    func allDayDueDateIsStartOfLocalDay(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(
            TaskDraft(title: "Dentist", dueAt: Fixed.date("2026-12-05T15:00:00+01:00"), allDay: true, timezone: "Europe/Berlin"),
            userID: user.id, now: Fixed.now)
        #expect(task.dueAt == Fixed.date("2026-12-05T00:00:00+01:00"))
        #expect(task.allDay)
    }

    static let invalidDrafts: [(String, TaskDraft)] = [
        ("empty title", TaskDraft(title: "   \n ")),
        ("title of 501 characters", TaskDraft(title: String(repeating: "a", count: 501))),
        ("control character in title", TaskDraft(title: "bad\u{7}title")),
        ("description over 10 000", TaskDraft(title: "t", description: String(repeating: "d", count: 10_001))),
        ("control character in description", TaskDraft(title: "t", description: "bell\u{7}")),
        ("tag of 65 characters", TaskDraft(title: "t", tags: [String(repeating: "x", count: 65)])),
        ("tag with a comma", TaskDraft(title: "t", tags: ["a,b"])),
        ("reminder over a year ahead", TaskDraft(title: "t", dueAt: Fixed.now, reminders: [.minutesBefore(Reminder.maxMinutesBefore + 1)])),
        ("tag with a space", TaskDraft(title: "t", tags: ["two words"])),
        ("empty tag", TaskDraft(title: "t", tags: ["#"])),
        ("51 tags", TaskDraft(title: "t", tags: (0...50).map { "tag\($0)" })),
        ("unknown time zone", TaskDraft(title: "t", timezone: "Mars/Olympus")),
        ("abbreviated time zone", TaskDraft(title: "t", timezone: "EST")),
        ("reminder without due date", TaskDraft(title: "t", reminders: [.minutesBefore(10)])),
        ("recurrence without due date", TaskDraft(title: "t", recurrence: "FREQ=DAILY")),
        ("all-day without due date", TaskDraft(title: "t", allDay: true)),
        ("invalid recurrence", TaskDraft(title: "t", dueAt: Fixed.now, recurrence: "FREQ=SOMETIMES")),
        ("recurrence with COUNT and UNTIL", TaskDraft(title: "t", dueAt: Fixed.now, recurrence: "FREQ=DAILY;COUNT=2;UNTIL=20270101")),
        ("negative reminder", TaskDraft(title: "t", dueAt: Fixed.now, reminders: [.minutesBefore(-5)])),
        ("21 reminders", TaskDraft(title: "t", dueAt: Fixed.now, reminders: (1...21).map { .minutesBefore($0) })),
    ]

    @Test(arguments: Backend.available, invalidDrafts.indices)
    func invalidInputIsRejectedAndWritesNothing(_ backend: Backend, _ index: Int) throws {
        let (name, draft) = Self.invalidDrafts[index]
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        #expect(throws: StoreError.self, "\(name)") { try fixture.store.createTask(draft, userID: user.id, now: Fixed.now) }
        do {
            _ = try fixture.store.createTask(draft, userID: user.id, now: Fixed.now)
        } catch let StoreError.invalidTask(error) {
            #expect(!error.description.isEmpty)
        } catch {
            Issue.record("\(name): expected invalidTask, got \(error)")
        }
        #expect(try fixture.taskCount(for: user) == 0, "\(name)")
        #expect(try fixture.eventCount(for: user) == 0, "\(name)")
        // The failed attempt did not use up a task number.
        #expect(try fixture.store.createTask(TaskDraft(title: "ok"), userID: user.id, now: Fixed.now).number == 1)
    }

    @Test(arguments: Backend.available)
    func aDraftWithAnIdThatExistsIsRefusedAndWritesNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let id = UUID.random()
        _ = try fixture.store.createTask(TaskDraft(id: id, title: "Once"), userID: user.id, now: Fixed.now)
        do {
            _ = try fixture.store.createTask(TaskDraft(id: id, title: "Twice"), userID: user.id, now: Fixed.now)
            Issue.record("a second task with the same id was created")
        } catch StoreError.taskExists(let ids) {
            #expect(ids == id.uuidString.lowercased())
        }
        #expect(try fixture.taskCount(for: user) == 1)
        #expect(try fixture.eventCount(for: user) == 1)
        #expect(try fixture.store.task(id: id, userID: user.id)?.title == "Once")
    }

    @Test(arguments: Backend.available)
    func aBatchWithOneInvalidDraftWritesNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        #expect(throws: StoreError.self) {
            try fixture.store.createTasks([TaskDraft(title: "fine"), TaskDraft(title: "")], userID: user.id, now: Fixed.now)
        }
        #expect(try fixture.taskCount(for: user) == 0)
        #expect(try fixture.eventCount(for: user) == 0)
    }

    @Test(arguments: Backend.available)
    func everyChangeWritesOneEventWithIncreasingSequence(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let store = fixture.store
        _ = try store.createTask(TaskDraft(title: "Warm-up"), userID: user.id, now: Fixed.now)
        let task = try store.createTask(TaskDraft(title: "Write report", tags: ["work"]), userID: user.id, now: Fixed.now)
        let later = Fixed.now.addingTimeInterval(60)
        let renamed = try store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(title: "Write the report"), expectedVersion: nil, now: later)
        _ = try store.completeTask(id: task.id, userID: user.id, expectedVersion: nil, now: later)
        _ = try store.reopenTask(id: task.id, userID: user.id, expectedVersion: nil, now: later)
        _ = try store.deleteTask(id: task.id, userID: user.id, expectedVersion: nil, now: later)

        let events = try store.outbox(after: 0, limit: 100).filter { $0.userID == user.id }.dropFirst().map { $0 }
        #expect(events.map(\.type) == ["created", "updated", "completed", "reopened", "deleted"].map { "com.todo.task.\($0)" })
        #expect(events.map(\.sequence) == [2, 3, 4, 5, 6])
        #expect(events.allSatisfy { $0.subject == task.id.uuidString.lowercased() })
        #expect(Set(events.map(\.eventID)).count == 5)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.position < $1.position })

        let created = try JSONSerialization.jsonObject(with: Data(events[0].data.utf8)) as! [String: Any]
        let createdTask = created["task"] as! [String: Any]
        #expect(createdTask["number"] as? Int == task.number)
        #expect(createdTask["id"] as? String == task.id.uuidString.lowercased())
        #expect(createdTask["tags"] as? [String] == ["work"])
        #expect((created["changes"] as? [String: Any])?.isEmpty == true)
        let updated = try JSONSerialization.jsonObject(with: Data(events[1].data.utf8)) as! [String: Any]
        #expect(updated["user_id"] as? String == user.id.uuidString.lowercased())
        let changes = updated["changes"] as! [String: [String: Any]]
        #expect(Set(changes.keys) == ["title"])
        #expect(changes["title"]?["from"] as? String == "Write report")
        #expect(changes["title"]?["to"] as? String == "Write the report")
        let eventTask = updated["task"] as! [String: Any]
        #expect(eventTask["version"] as? Int == renamed.version)
        #expect(eventTask["title"] as? String == "Write the report")
        let completed = try JSONSerialization.jsonObject(with: Data(events[2].data.utf8)) as! [String: Any]
        #expect((completed["task"] as! [String: Any])["status"] as? String == "completed")
    }

    @Test(arguments: Backend.available)
    func createdEventsCarryTheTaskAsStoredAloneAndInABatch(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let single = try fixture.store.createTask(TaskDraft(title: "Alone", tags: ["home", "bills"]), userID: user.id, now: Fixed.now)
        let batch = try fixture.store.createTasks([TaskDraft(title: "First"), TaskDraft(title: "Second", tags: ["work"])],
                                                  userID: user.id, now: Fixed.now)
        let tasks = [single] + batch
        #expect(tasks.map(\.number) == [1, 2, 3])

        let events = try fixture.store.outbox(after: 0, limit: 100).filter { $0.userID == user.id }
        #expect(events.map(\.sequence) == [1, 2, 3])
        for (event, task) in zip(events, tasks) {
            let data = try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as! [String: Any]
            let eventTask = data["task"] as! [String: Any]
            #expect(eventTask["number"] as? Int == task.number)
            #expect(eventTask["id"] as? String == task.id.uuidString.lowercased())
            #expect(eventTask["tags"] as? [String] == task.tags)
            #expect(try fixture.store.task(number: task.number, userID: user.id) == task)
        }
        #expect(try fixture.store.tagCounts(userID: user.id).sorted { $0.tag < $1.tag }
            == [TagCount(tag: "bills", count: 1), TagCount(tag: "home", count: 1), TagCount(tag: "work", count: 1)])
    }

    @Test(arguments: Backend.available)
    func aRefusedCreateLeavesTheNextNumberAndSequenceUnused(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let id = UUID.random()
        _ = try fixture.store.createTask(TaskDraft(id: id, title: "Once"), userID: user.id, now: Fixed.now)
        #expect(throws: StoreError.self) {
            try fixture.store.createTask(TaskDraft(id: id, title: "Twice"), userID: user.id, now: Fixed.now)
        }
        let next = try fixture.store.createTask(TaskDraft(title: "Next"), userID: user.id, now: Fixed.now)
        #expect(next.number == 2)
        #expect(try fixture.store.outbox(after: 0, limit: 100).filter { $0.userID == user.id }.map(\.sequence) == [1, 2])
    }

    @Test(arguments: Backend.available)
    func anUpdateThatChangesNothingWritesNoEvent(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Same", tags: ["a"]), userID: user.id, now: Fixed.now)
        let same = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(title: " Same ", tags: ["#A"]),
                                                expectedVersion: 1, now: Fixed.now.addingTimeInterval(5))
        #expect(same == task)
        _ = try fixture.store.completeTask(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        _ = try fixture.store.completeTask(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
        #expect(try fixture.eventCount(for: user) == 2)
    }

    @Test(arguments: Backend.available)
    func updateKeepsOtherFieldsAndBumpsVersion(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(
            TaskDraft(title: "Plan trip", description: "Book flights", priority: .medium, tags: ["travel"],
                      dueAt: Fixed.date("2026-12-10T12:00:00Z")), userID: user.id, now: Fixed.now)
        let later = Fixed.now.addingTimeInterval(3600)
        let updated = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(priority: .high, tags: ["travel", "family"]),
                                                   expectedVersion: 1, now: later)
        #expect(updated.version == 2)
        #expect(updated.updatedAt == later)
        #expect(updated.createdAt == task.createdAt)
        #expect(updated.description == "Book flights")
        #expect(updated.dueAt == task.dueAt)
        #expect(updated.tags == ["travel", "family"])
        #expect(try fixture.store.task(id: task.id, userID: user.id) == updated)
        let cleared = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(dueAt: .some(nil)), expectedVersion: nil, now: later)
        #expect(cleared.dueAt == nil)
    }

    @Test(arguments: Backend.available)
    func completingRecordsCompletionTimeAndReopeningClearsIt(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Call mom"), userID: user.id, now: Fixed.now)
        let doneAt = Fixed.now.addingTimeInterval(120)
        let done = try fixture.store.completeTask(id: task.id, userID: user.id, expectedVersion: 1, now: doneAt)
        #expect(done.status == .completed)
        #expect(done.completedAt == doneAt)
        let reopened = try fixture.store.reopenTask(id: task.id, userID: user.id, expectedVersion: 2, now: doneAt)
        #expect(reopened.status == .pending)
        #expect(reopened.completedAt == nil)
        #expect(reopened.version == 3)
    }

    @Test(arguments: Backend.available)
    func aStaleVersionIsRefusedAndChangesNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Original"), userID: user.id, now: Fixed.now)
        _ = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(title: "Second"), expectedVersion: 1, now: Fixed.now)
        do {
            _ = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(title: "Third"), expectedVersion: 1, now: Fixed.now)
            Issue.record("a stale version was accepted")
        } catch StoreError.versionConflict(let expected, let actual) {
            #expect(expected == 1 && actual == 2)
        }
        #expect(throws: StoreError.self) { try fixture.store.deleteTask(id: task.id, userID: user.id, expectedVersion: 1, now: Fixed.now) }
        #expect(try fixture.store.task(id: task.id, userID: user.id)?.title == "Second")
        #expect(try fixture.eventCount(for: user) == 2)
    }

    @Test(arguments: Backend.available)
    func anInvalidPatchChangesNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Keep me"), userID: user.id, now: Fixed.now)
        for patch in [TaskPatch(title: ""), TaskPatch(timezone: "Nowhere/Land"), TaskPatch(reminders: [.minutesBefore(5)]),
                      TaskPatch(tags: ["a b"])] {
            #expect(throws: StoreError.self) {
                try fixture.store.updateTask(id: task.id, userID: user.id, patch: patch, expectedVersion: nil, now: Fixed.now)
            }
        }
        #expect(try fixture.store.task(id: task.id, userID: user.id) == task)
        #expect(try fixture.eventCount(for: user) == 1)
    }

    @Test(arguments: Backend.available)
    func anotherUsersTaskIsNotFound(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.makeUser(), mallory = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Private", tags: ["secret"]), userID: alice.id, now: Fixed.now)
        #expect(try fixture.store.task(id: task.id, userID: mallory.id) == nil)
        #expect(try fixture.store.task(number: task.number, userID: mallory.id) == nil)
        #expect(try fixture.store.listTasks(TaskQuery(), userID: mallory.id).tasks.isEmpty)
        #expect(try fixture.store.listTasks(TaskQuery(search: "private"), userID: mallory.id).tasks.isEmpty)
        #expect(try fixture.store.tagCounts(userID: mallory.id).isEmpty)
        for attempt in [
            { _ = try fixture.store.updateTask(id: task.id, userID: mallory.id, patch: TaskPatch(title: "Mine"), expectedVersion: nil, now: Fixed.now) },
            { _ = try fixture.store.completeTask(id: task.id, userID: mallory.id, expectedVersion: nil, now: Fixed.now) },
            { _ = try fixture.store.deleteTask(id: task.id, userID: mallory.id, expectedVersion: nil, now: Fixed.now) },
        ] as [() throws -> Void] {
            do {
                try attempt()
                Issue.record("another user's task was changed")
            } catch StoreError.taskNotFound {
            }
        }
        #expect(try fixture.store.task(id: task.id, userID: alice.id) == task)
    }

    @Test(arguments: Backend.available)
    func deleteRemovesTheTaskAndItsTags(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let task = try fixture.store.createTask(TaskDraft(title: "Gone", tags: ["x"]), userID: user.id, now: Fixed.now)
        let deleted = try fixture.store.deleteTask(id: task.id, userID: user.id, expectedVersion: 1, now: Fixed.now)
        #expect(deleted == task)
        #expect(try fixture.store.task(id: task.id, userID: user.id) == nil)
        #expect(try fixture.store.tagCounts(userID: user.id).isEmpty)
        #expect(try fixture.store.listTasks(TaskQuery(search: "gone"), userID: user.id).tasks.isEmpty)
        #expect(throws: StoreError.self) { try fixture.store.deleteTask(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now) }
    }

    @Test(arguments: Backend.available)
    func tagCountsCountTasksPerTag(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        _ = try fixture.store.createTasks([
            TaskDraft(title: "a", tags: ["work", "urgent"]), TaskDraft(title: "b", tags: ["work"]), TaskDraft(title: "c", tags: ["home"]),
        ], userID: user.id, now: Fixed.now)
        let task = try #require(try fixture.store.task(number: 3, userID: user.id))
        _ = try fixture.store.updateTask(id: task.id, userID: user.id, patch: TaskPatch(tags: ["work"]), expectedVersion: nil, now: Fixed.now)
        #expect(try fixture.store.tagCounts(userID: user.id) == [TagCount(tag: "work", count: 3), TagCount(tag: "urgent", count: 1)])
    }

    @Test(arguments: Backend.available)
    func concurrentCreatesGetDistinctNumbersAndSequences(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let store = fixture.store
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<25 {
                do { _ = try store.createTask(TaskDraft(title: "w\(worker)-\(i)"), userID: user.id, now: Fixed.now) } catch { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        let tasks = try store.listTasks(TaskQuery(sort: .created, order: .asc, limit: 500), userID: user.id).tasks
        #expect(tasks.map(\.number).sorted() == Array(1...200))
        let events = try store.outbox(after: 0, limit: 1000).filter { $0.userID == user.id }
        #expect(events.map(\.sequence).sorted() == Array(1...200))
    }

    /// Concurrent deletes of one task: one succeeds, the others find it gone, and one deletion
    /// is recorded (on PostgreSQL several answered 204 and each wrote a `deleted` event).
    @Test(arguments: Backend.available)
    func concurrentDeletesOfOneTaskDeleteItOnce(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let store = fixture.store
        for round in 0..<10 {
            let task = try store.createTask(TaskDraft(title: "t\(round)"), userID: user.id, now: Fixed.now)
            let deleted = LockedCounter(), missing = LockedCounter()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    _ = try store.deleteTask(id: task.id, userID: user.id, expectedVersion: nil, now: Fixed.now)
                    deleted.increment()
                } catch StoreError.taskNotFound {
                    missing.increment()
                } catch {}
            }
            #expect(deleted.value == 1 && missing.value == 7, "round \(round)")
        }
        let deletions = try store.outbox(after: 0, limit: 1000).filter { $0.userID == user.id && $0.type.hasSuffix(".deleted") }
        #expect(deletions.count == 10)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
