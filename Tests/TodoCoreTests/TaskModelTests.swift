import Foundation
import Testing
import TodoCore

private let now = RFC3339.parse("2026-11-24T10:00:00Z")!

@Suite struct TaskValidationTests {
    private func make(_ draft: TaskDraft) throws(TaskValidationError) -> TodoTask {
        try draft.makeTask(id: UUID(), number: 1, now: now)
    }

    @Test func titleIsTrimmedAndBounded() throws {
        #expect(try make(TaskDraft(title: "  Buy milk \n")).title == "Buy milk")
        #expect(try make(TaskDraft(title: String(repeating: "é", count: 500))).title.count == 500)
        #expect(throws: TaskValidationError.titleTooLong(length: 501)) { try make(TaskDraft(title: String(repeating: "a", count: 501))) }
        #expect(throws: TaskValidationError.emptyTitle) { try make(TaskDraft(title: " \t ")) }
        #expect(throws: TaskValidationError.controlCharacters(field: "title")) { try make(TaskDraft(title: "a\u{0}b")) }
    }

    @Test func tagsAreNormalised() throws {
        #expect(try make(TaskDraft(title: "t", tags: ["#Work", "work", " HOME ", "Straße"])).tags == ["work", "home", "straße"])
        #expect(throws: TaskValidationError.self) { try make(TaskDraft(title: "t", tags: ["two words"])) }
        #expect(throws: TaskValidationError.self) { try make(TaskDraft(title: "t", tags: [String(repeating: "x", count: 65)])) }
        #expect(throws: TaskValidationError.tooManyTags(count: 51)) { try make(TaskDraft(title: "t", tags: (0...50).map { "t\($0)" })) }
    }

    @Test func everyErrorNamesItsFieldAndSaysWhatToDo() {
        let errors: [TaskValidationError] = [
            .emptyTitle, .titleTooLong(length: 600), .descriptionTooLong(length: 10_001), .tooManyTags(count: 51),
            .invalidTag("a b", reason: "contains a space"), .unknownTimeZone("Mars/Olympus"), .dueDateRequired(forField: "reminders"),
            .invalidRecurrence("FREQ=X", reason: "bad"), .recurrenceTooFrequent("FREQ=SECONDLY"), .tooManyReminders(count: 30),
            .invalidReminderLead(minutes: -1),
        ]
        for error in errors {
            #expect(!error.field.isEmpty)
            #expect(error.description.count > 15)
        }
        #expect(TaskValidationError.unknownTimeZone("Mars/Olympus").description.contains("Europe/Berlin"))
    }

    @Test(arguments: [
        ("freq=weekly;byday=mo,we", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("RRULE:BYMONTHDAY=-1;FREQ=MONTHLY", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;INTERVAL=2", "FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYMONTHDAY=3"),
    ])
    func recurrenceRulesAreCanonicalised(_ input: String, _ canonical: String) throws {
        #expect(try RecurrenceRule(parsing: input).canonicalText == canonical)
    }

    @Test(arguments: ["", "DAILY", "FREQ=SOMETIMES", "FREQ=DAILY;FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;BYDAY=XX",
                      "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=DAILY;COUNT=3;UNTIL=20270101", "FREQ=DAILY;COLOR=RED", "INTERVAL=2",
                      "FREQ=WEEKLY;BYDAY=0MO", "FREQ=DAILY;UNTIL=tomorrow"])
    func invalidRecurrenceRulesAreRefused(_ rule: String) {
        #expect(throws: TaskValidationError.self) { try RecurrenceRule(parsing: rule) }
    }

    /// A number past the limit says the limit, not that the number is not positive.
    @Test(arguments: [("FREQ=DAILY;COUNT=100001", "COUNT must be at most 100000 (got 100001)"),
                      ("FREQ=DAILY;INTERVAL=10001", "INTERVAL must be at most 10000 (got 10001)"),
                      ("FREQ=DAILY;COUNT=-1", "COUNT must be a positive integer")])
    func aRuleNumberPastItsLimitIsRefusedNamingTheLimit(_ rule: String, _ message: String) throws {
        let error = #expect(throws: TaskValidationError.self) { try RecurrenceRule(parsing: rule) }
        let described = error.map { String(describing: $0) } ?? ""
        #expect(described.contains(message), "\(described)")
        #expect(try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=100000;INTERVAL=10000").count == 100_000)
    }

    @Test func aTaskCannotRepeatEverySecond() throws {
        // Valid RFC 5545, so the rule itself parses; a task with it does not.
        #expect(try RecurrenceRule(parsing: "FREQ=SECONDLY;INTERVAL=30").frequency == .secondly)
        #expect(throws: TaskValidationError.recurrenceTooFrequent("FREQ=SECONDLY;INTERVAL=30")) {
            try make(TaskDraft(title: "t", dueAt: now, recurrence: "FREQ=SECONDLY;INTERVAL=30"))
        }
        let task = try make(TaskDraft(title: "t", dueAt: now, recurrence: "FREQ=MINUTELY"))
        #expect(throws: TaskValidationError.recurrenceTooFrequent("freq=secondly")) {
            try TaskPatch(recurrence: .some("freq=secondly")).applied(to: task, now: now)
        }
        #expect(TaskValidationError.recurrenceTooFrequent("FREQ=SECONDLY").description.contains("FREQ=MINUTELY"))
    }

    @Test func patchesChangeOnlyWhatTheyName() throws {
        let task = try make(TaskDraft(title: "Plan", description: "details", priority: .low, tags: ["a"], dueAt: now))
        let later = now.addingTimeInterval(60)
        let patched = try TaskPatch(priority: .high).applied(to: task, now: later)
        #expect(patched.priority == .high)
        #expect(patched.title == task.title && patched.tags == task.tags && patched.dueAt == task.dueAt)
        #expect(patched.version == 2 && patched.updatedAt == later)
        #expect(try TaskPatch(priority: .low).applied(to: task, now: later) == task, "no change, no new version")
        let completed = try TaskPatch(status: .completed).applied(to: task, now: later)
        #expect(completed.completedAt == later)
    }

    @Test func overdueMeansPendingAndPastDue() throws {
        let past = try make(TaskDraft(title: "t", dueAt: now.addingTimeInterval(-60)))
        #expect(past.isOverdue(at: now))
        var done = past
        done.status = .completed
        #expect(!done.isOverdue(at: now))
        let today = try make(TaskDraft(title: "t", dueAt: now, allDay: true, timezone: "UTC"))
        #expect(!today.isOverdue(at: now))
        #expect(today.isOverdue(at: now.addingTimeInterval(86_400)))
    }
}

@Suite struct TaskJSONTests {
    @Test func taskJSONHasExactlyTheContractFields() throws {
        let task = try TaskDraft(title: "Say \"hi\" \\ ✓", description: "line\n\ttab", tags: ["x"], dueAt: RFC3339.parse("2026-12-05T17:00:00Z"),
                                 timezone: "Europe/Berlin", reminders: [.minutesBefore(30)])
            .makeTask(id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!, number: 7, now: now)
        var writer = JSONWriter()
        task.write(to: &writer)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(Set(object.keys) == [
            "id", "number", "title", "description", "status", "priority", "tags", "due_at", "all_day", "timezone", "recurrence",
            "recurrence_from", "series_id", "reminders", "created_at", "updated_at", "completed_at", "version",
        ])
        #expect(object["id"] as? String == "6f9619ff-8b86-d011-b42d-00c04fc964ff")
        #expect(object["title"] as? String == "Say \"hi\" \\ ✓")
        #expect(object["description"] as? String == "line\n\ttab")
        #expect(object["due_at"] as? String == "2026-12-05T18:00:00+01:00")
        #expect(object["created_at"] as? String == "2026-11-24T10:00:00Z")
        #expect(object["recurrence"] is NSNull)
        #expect((object["reminders"] as? [[String: Int]]) == [["minutes_before": 30]])
    }

    @Test func theDirectWriterAgreesWithTheFieldList() throws {
        let tasks = [
            try TaskDraft(title: "Plain").makeTask(id: UUID.random(), number: 1, now: now),
            try TaskDraft(title: "Full", description: "d", status: .completed, priority: .medium, tags: ["a", "b"],
                          dueAt: now, allDay: true, timezone: "America/New_York", recurrence: "FREQ=DAILY", recurrenceFrom: .completion,
                          seriesID: UUID.random(), reminders: [.minutesBefore(5), .at(now)]).makeTask(id: UUID.random(), number: 2, now: now),
        ]
        for task in tasks {
            var direct = JSONWriter(), generic = JSONWriter()
            task.write(to: &direct)
            JSONValue.object(task.fields.map { ($0.name, $0.value) }).write(to: &generic)
            #expect(direct.string == generic.string)
        }
    }

    /// Listings copy tasks' JSON from the cache: hits, misses, a changed task (new version) and a
    /// full cache must all write exactly what the task writes itself.
    @Test func theJSONCacheWritesWhatTheTaskWrites() throws {
        var tasks = try (1...5).map { try TaskDraft(title: "Task \($0)", tags: ["t\($0)"]).makeTask(id: UUID.random(), number: $0, now: now) }
        let cache = TaskJSONCache(capacity: 4)
        func expected(_ tasks: [TodoTask]) -> String {
            var json = JSONWriter()
            json.beginArray()
            for task in tasks { task.write(to: &json) }
            json.endArray()
            return json.string
        }
        for round in 0..<3 {
            if round == 2 {
                tasks[1].title = "Renamed"
                tasks[1].version += 1
            }
            for listing in [Array(tasks.prefix(3)), tasks, Array(tasks.suffix(2))] {
                var json = JSONWriter()
                cache.writeArray(listing, to: &json)
                #expect(json.string == expected(listing), "round \(round)")
            }
        }
        var one = JSONWriter(), own = JSONWriter()
        cache.write(tasks[1], to: &one)
        tasks[1].write(to: &own)
        #expect(one.string == own.string)
        #expect(one.string.contains("Renamed"))
    }

    @Test func timeOrderedIDsSortByTimeAndAreVersion7() {
        let earlier = UUID.timeOrdered(at: now), later = UUID.timeOrdered(at: now.addingTimeInterval(0.002))
        #expect(earlier.uuidString < later.uuidString)
        #expect(Array(earlier.uuidString)[14] == "7")
        #expect("89AB".contains(Array(earlier.uuidString)[19]))
        #expect(earlier.uuidString.hasPrefix("01A20CFF-7D00"), "2026-11-24T10:00:00Z is 0x01a20cff7d00 ms")
        #expect(UUID.timeOrdered(at: now) != earlier)
    }

    @Test func uuidsParseFastAndStrictly() {
        for _ in 0..<200 {
            let id = UUID.random()
            #expect(UUID.parse(id.uuidString) == id)
            #expect(UUID.parse(id.uuidString.lowercased()) == id)
        }
        for bad in ["", "6f9619ff8b86d011b42d00c04fc964ff", "6f9619ff-8b86-d011-b42d-00c04fc964fg", "6f9619ff-8b86-d011-b42d_00c04fc964ff",
                    "6f9619ff-8b86-d011-b42d-00c04fc964ff0"] {
            #expect(UUID.parse(bad) == nil, "\(bad)")
        }
        // Every byte just outside the digits' ranges, in the first and the last place.
        for bad in ["/", ":", "@", "G", "`", "g", " ", "\u{7F}"] {
            #expect(UUID.parse(bad + "f9619ff-8b86-d011-b42d-00c04fc964ff") == nil, "\(bad) first")
            #expect(UUID.parse("6f9619ff-8b86-d011-b42d-00c04fc964f" + bad) == nil, "\(bad) last")
        }
        #expect(UUID.parse("6F9619FF-8B86-D011-B42D-00C04FC964FF") == UUID.parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"))
    }

    @Test func uuidsAreWrittenAsFoundationWritesThemInLowerCase() {
        var ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                   UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                   UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe))]
        for _ in 0..<200 { ids.append(UUID.random()) }
        for id in ids {
            #expect(id.lowercasedString == id.uuidString.lowercased())
            var bytes = Array("x".utf8)
            id.appendLowercased(to: &bytes)
            #expect(bytes == Array(("x" + id.uuidString.lowercased()).utf8))
        }
        #expect(ids[2].lowercasedString == "01234567-89ab-cdef-1032-547698badcfe")
    }

    @Test func everyControlCharacterIsEscaped() throws {
        let text = String((0..<0x20).map { Character(Unicode.Scalar($0)!) }) + "\u{7F}\"\\/"
        var writer = JSONWriter()
        writer.value(text)
        #expect(!writer.bytes.contains { $0 < 0x20 })
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
    }

    @Test func integersAndNestingAreWellFormed() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.value(Int64.min)
        writer.key("b")
        writer.beginArray()
        writer.value(0)
        writer.value(-12)
        writer.beginObject()
        writer.endObject()
        writer.null()
        writer.endArray()
        writer.key("c")
        writer.value(true)
        writer.endObject()
        #expect(writer.string == "{\"a\":-9223372036854775808,\"b\":[0,-12,{},null],\"c\":true}")
    }
}

@Suite struct TaskCursorTests {
    @Test func cursorsRoundTripAndRememberTheirSort() throws {
        let query = TaskQuery(sort: .title, order: .desc)
        let cursor = TaskCursor.after(.text("a|b|c"), number: 3)
        let text = cursor.encode(sort: .title, order: .desc)
        #expect(try TaskCursor.decode(text, for: query) == cursor)
        #expect(throws: QueryError.cursorSortMismatch) { try TaskCursor.decode(text, for: TaskQuery(sort: .title)) }
        #expect(throws: QueryError.invalidCursor) { try TaskCursor.decode("%%%", for: query) }
        #expect(throws: QueryError.invalidCursor) { try TaskCursor.decode(String(repeating: "A", count: 5000), for: query) }
    }
}

/// `TodoTask` keeps its fields in a shared box (copy-on-write): it must still behave as a value.
@Suite struct TaskValueSemanticsTests {
    private let task = TodoTask(id: UUID(), number: 3, title: "Buy milk", tags: ["home"], dueAt: now, createdAt: now, updatedAt: now)

    @Test func changingACopyLeavesTheOriginalAsItWas() {
        var copy = task
        copy.title = "Buy bread"
        copy.tags.append("errands")
        copy.version += 1
        #expect(task.title == "Buy milk" && task.tags == ["home"] && task.version == 1)
        #expect(copy.title == "Buy bread" && copy.tags == ["home", "errands"] && copy.version == 2)
        #expect(copy != task)
    }

    @Test func equalTasksAreEqualAndHashAlikeWhetherOrNotTheyShareStorage() {
        let shared = task
        let rebuilt = TodoTask(id: task.id, number: 3, title: "Buy milk", tags: ["home"], dueAt: now, createdAt: now, updatedAt: now)
        #expect(shared == task && rebuilt == task)
        #expect(Set([task, shared, rebuilt]).count == 1)
        var changedBack = rebuilt
        changedBack.priority = .high
        #expect(changedBack != task)
        changedBack.priority = .none
        #expect(changedBack == task && changedBack.hashValue == task.hashValue)
    }
}

/// RFC 3339 offsets are whole minutes; a zone's offset before standard time was seconds off
/// ("1800-01-01T00:53:28+00:53" named another instant than the one stored, and a client that
/// sent back what it read moved the task 28 s each time: an outside check of the API).
@Suite struct RFC3339OffsetTests {
    @Test func anOffsetOfSecondsIsWrittenInUTCAndReadsBackAsTheSameInstant() throws {
        let berlin = try #require(ZonedTime.zone(named: "Europe/Berlin"))
        let midnight = ZonedTime.instant(of: CivilDate(year: 1800, month: 1, day: 1), second: 0, in: berlin)
        #expect(berlin.secondsFromGMT(for: midnight) == 3208)
        let text = RFC3339.format(midnight, in: berlin)
        #expect(text == "1799-12-31T23:06:32Z")
        #expect(RFC3339.parse(text) == midnight)
        // Whole minutes keep their offset.
        #expect(RFC3339.format(try #require(RFC3339.parse("2026-03-10T09:00:00Z")), in: berlin) == "2026-03-10T10:00:00+01:00")
        #expect(RFC3339.format(try #require(RFC3339.parse("2026-03-10T09:00:00Z")), offsetSeconds: 20_700) == "2026-03-10T14:45:00+05:45")
    }
}
