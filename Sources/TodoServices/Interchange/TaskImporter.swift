import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// What an import did with each item of the file.
public struct ImportReport: Sendable {
    public enum Result: String, Sendable, CaseIterable {
        /// A new task.
        case created
        /// A task of an earlier import of the same item, changed to what the file says now.
        case updated
        /// A task of an earlier import that already says what the file says.
        case unchanged
        /// A task of an earlier import changed here after the file's item last changed (its
        /// LAST-MODIFIED): kept as it is, so an old file does not undo newer work.
        case kept
        /// Not imported; `error` says why.
        case skipped
    }

    public struct Entry: Sendable {
        public var place: String
        public var result: Result
        public var task: TodoTask?
        public var title: String?
        public var error: ImportItemError?

        public init(place: String, result: Result, task: TodoTask? = nil, title: String? = nil, error: ImportItemError? = nil) {
            self.place = place
            self.result = result
            self.task = task
            self.title = title
            self.error = error
        }
    }

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public var entries: [Entry]

    public func count(_ result: Result) -> Int { entries.reduce(0) { $0 + ($1.result == result ? 1 : 0) } }

    /// The API's answer: `{"created", "updated", "unchanged", "skipped", "items": [{"place", "result", "title"?, "task"?, "error"?}]}`.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        for result in ImportReport.Result.allCases {
            json.key(escaping: result.rawValue)
            json.value(count(result))
        }
        json.key("items")
        json.beginArray()
        for entry in entries {
            json.beginObject()
            json.key("place")
            json.value(entry.place)
            json.key("result")
            json.value(entry.result.rawValue)
            if let title = entry.title {
                json.key("title")
                json.value(title)
            }
            if let task = entry.task {
                json.key("task")
                task.write(to: &json)
            }
            if let error = entry.error {
                json.key("error")
                json.beginObject()
                json.key("code")
                json.value(error.code)
                json.key("message")
                json.value(error.message)
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

/// Turns the items of an import file into the user's tasks through the same store calls as
/// the API's creates and changes, so each writes its event and audit entry.
///
/// Importing is idempotent: an item's task id is its UID when that is a UUID free for this
/// user (a file exported here keeps its ids), else derived from the user and the item's key.
/// Importing the same file again finds the same tasks and changes only what the file changed;
/// an import cut short by a crash is finished by running it again.
public struct TaskImporter: Sendable {
    /// More items than this in one file is refused: one request must not hold a writer for long.
    public static let maxItems = 10_000
    /// The namespace of derived task ids (a version 5 UUID of the user and the item's key).
    static let namespace = UUID(uuidString: "6f1d3c52-8e0b-4b8e-9a53-1e5f0c2d7a41")!

    let store: any TaskRepository

    public init(store: any TaskRepository) {
        self.store = store
    }

    public func run(_ items: [ImportedItem], userID: UUID, now: Date) throws -> ImportReport {
        var entries = [ImportReport.Entry?](repeating: nil, count: items.count)
        var keys = Set<String>()
        // New tasks wait here and are created many to a transaction (an import of 10 000 tasks
        // took 4–6 s one transaction each); an item whose task exists is applied at once.
        var waiting: [(index: Int, draft: TaskDraft)] = []
        func create(_ batch: [(index: Int, draft: TaskDraft)]) throws {
            let created = try store.createTasks(batch.map(\.draft), userID: userID, now: now)
            for (entry, task) in zip(batch, created) {
                entries[entry.index] = .init(place: items[entry.index].place, result: .created, task: task, title: task.title)
            }
        }
        func flush() throws {
            guard !waiting.isEmpty else { return }
            defer { waiting.removeAll(keepingCapacity: true) }
            do {
                try create(waiting)
            } catch StoreError.taskExists {
                // Mostly the file's ids are another account's (its export imported here): the
                // batch again with the derived ids; else (another import of the same file made
                // some first) one item at a time.
                let derived = waiting.map { entry in
                    var draft = entry.draft
                    draft.id = Self.ids(of: TaskDraft(title: ""), key: items[entry.index].key, userID: userID).derived
                    return (entry.index, draft)
                }
                do {
                    try create(derived)
                } catch StoreError.taskExists {
                    for entry in waiting { entries[entry.index] = try applied(items[entry.index], entry.draft, userID: userID, now: now) }
                }
            }
        }
        for (index, item) in items.enumerated() {
            switch item.outcome {
            case .failure(let error):
                entries[index] = .init(place: item.place, result: .skipped, error: error)
            case .success(let draft) where !keys.insert(item.key).inserted:
                entries[index] = .init(place: item.place, result: .skipped, title: draft.title,
                                       error: ImportItemError(code: "duplicate", "an earlier item of the file has the same id (\(item.key.prefix(80)))"))
            case .success(var draft):
                let ids = Self.ids(of: draft, key: item.key, userID: userID)
                if try existing(ids, userID: userID) != nil {
                    entries[index] = try applied(item, draft, userID: userID, now: now)
                    continue
                }
                // Checked here, so that one bad item does not fail the others' transaction.
                do {
                    _ = try draft.makeTask(id: ids.derived, number: 1, now: now)
                } catch {
                    entries[index] = .init(place: item.place, result: .skipped, title: draft.title,
                                           error: ImportItemError(code: "validation_failed", error.description))
                    continue
                }
                draft.id = ids.given ?? ids.derived
                waiting.append((index, draft))
                if waiting.count == Self.createsPerTransaction { try flush() }
            }
        }
        try flush()
        return ImportReport(entries: entries.map { $0! })
    }

    /// New tasks created in one transaction: small enough that the API's writes do not wait long.
    static let createsPerTransaction = 200

    /// The id an item's task has: the item's own (a UUID), else one derived from the user and the key.
    static func ids(of draft: TaskDraft, key: String, userID: UUID) -> (given: UUID?, derived: UUID) {
        (draft.id ?? UUID.parse(key), UUID.nameBased(namespace: namespace, name: userID.lowercasedString + "\n" + key))
    }

    private func existing(_ ids: (given: UUID?, derived: UUID), userID: UUID) throws -> TodoTask? {
        try ids.given.flatMap { try store.task(id: $0, userID: userID) } ?? store.task(id: ids.derived, userID: userID)
    }

    /// One item applied on its own: its task created or updated, or why it was skipped.
    private func applied(_ item: ImportedItem, _ draft: TaskDraft, userID: UUID, now: Date) throws -> ImportReport.Entry {
        do {
            let (result, task) = try apply(draft, key: item.key, modifiedAt: item.modifiedAt, userID: userID, now: now)
            return .init(place: item.place, result: result, task: task, title: task.title)
        } catch StoreError.invalidTask(let error) {
            return .init(place: item.place, result: .skipped, title: draft.title, error: ImportItemError(code: "validation_failed", error.description))
        }
    }

    private func apply(_ draft: TaskDraft, key: String, modifiedAt: Date?, userID: UUID, now: Date) throws -> (ImportReport.Result, TodoTask) {
        let ids = Self.ids(of: draft, key: key, userID: userID)
        let (given, derived) = ids
        // A second attempt only after a create lost a race with the same item's (two imports
        // of one file at once): the task is then there to compare with.
        for _ in 0..<2 {
            if let task = try existing(ids, userID: userID) { return try update(task, to: draft, modifiedAt: modifiedAt, userID: userID, now: now) }
            var draft = draft
            if let given {
                draft.id = given
                do {
                    return (.created, try store.createTask(draft, userID: userID, now: now))
                } catch StoreError.taskExists {
                    // Another user's task has that id (the same file imported into two accounts), or a race.
                    if try store.task(id: given, userID: userID) != nil { continue }
                }
            }
            draft.id = derived
            do {
                return (.created, try store.createTask(draft, userID: userID, now: now))
            } catch StoreError.taskExists {
                continue
            }
        }
        throw StoreError.taskExists(derived.lowercasedString)
    }

    private func update(_ task: TodoTask, to draft: TaskDraft, modifiedAt: Date?, userID: UUID, now: Date) throws -> (ImportReport.Result, TodoTask) {
        let patch = Self.patch(making: draft)
        let changed: TodoTask
        do {
            changed = try patch.applied(to: task, now: now)
        } catch {
            throw StoreError.invalidTask(error)
        }
        guard changed != task else { return (.unchanged, task) }
        if let modifiedAt, task.updatedAt > modifiedAt { return (.kept, task) }
        return (.updated, try store.updateTask(id: task.id, userID: userID, patch: patch, expectedVersion: task.version, now: now))
    }

    /// Every field of `draft`, as a change: what the file says replaces what the task says.
    static func patch(making draft: TaskDraft) -> TaskPatch {
        var patch = TaskPatch()
        patch.title = draft.title
        patch.description = draft.description
        patch.status = draft.status
        patch.priority = draft.priority
        patch.tags = draft.tags
        patch.timezone = draft.timezone
        patch.dueAt = .some(draft.dueAt)
        patch.allDay = draft.allDay
        patch.recurrence = .some(draft.recurrence)
        patch.recurrenceFrom = draft.recurrenceFrom
        patch.reminders = draft.reminders
        return patch
    }
}

/// Why a file cannot be imported at all; nothing of it was.
public struct ImportFileError: HTTPResponseError, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String

    init(_ message: String, code: String = "invalid_file", status: HTTPStatus = .badRequest) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Reading an import file: its format, its items, and what makes it unreadable as a whole.
public enum ImportFile {
    /// The file's items in `format` (nil: sniffed from its bytes); dates without a zone are in
    /// `timezone`. Throws when the file as a whole is not of its format, or holds too many items.
    public static func items(_ bytes: [UInt8], format: InterchangeFormat?, timezone: String, clock: () -> Date) throws(ImportFileError) -> [ImportedItem] {
        let sniffed = InterchangeFormat.sniffed(bytes)
        let format = format ?? sniffed
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportFileError("the file is not UTF-8 text")
        }
        guard !text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) else { throw ImportFileError("the file is empty: there is nothing to import") }
        // todo.txt takes any text: a calendar or JSON read as its lines would be tasks named "BEGIN:VCALENDAR".
        if format == .todotxt, sniffed != .todotxt {
            throw ImportFileError("the file is \(sniffed == .ics ? "an iCalendar file" : "JSON"), not todo.txt: import it with format \(sniffed.rawValue)")
        }
        // Counted before the items are read: a large file of tiny items must not become a
        // million drafts in memory first.
        let tooMany = { (count: Int) in
            ImportFileError("the file holds \(count) tasks; import at most \(TaskImporter.maxItems) at a time",
                            code: "too_many_items", status: .contentTooLarge)
        }
        let counted = switch format {
        case .ics: text.uppercased().components(separatedBy: "BEGIN:VTODO").count - 1
        case .todotxt: text.split(whereSeparator: \.isNewline).count { !$0.allSatisfy(\.isWhitespace) }
        case .json: 0
        }
        guard counted <= TaskImporter.maxItems else { throw tooMany(counted) }
        let items: [ImportedItem]
        switch format {
        case .ics:
            do {
                items = try VTodoCalendar.read(text, timezone: timezone)
            } catch {
                throw ImportFileError("the file is not an iCalendar object: \(error)")
            }
        case .todotxt:
            items = TodoTxt.read(text, timezone: timezone)
        case .json:
            items = try jsonItems(bytes, timezone: timezone, clock: clock)
        }
        guard items.count <= TaskImporter.maxItems else { throw tooMany(items.count) }
        return items
    }

    /// `[{task}, …]` or `{"tasks": [{task}, …]}` (what the API lists), each task as
    /// `POST /api/v1/tasks` takes it, plus its `id`, which identifies it across imports.
    static func jsonItems(_ bytes: [UInt8], timezone: String, clock: () -> Date) throws(ImportFileError) -> [ImportedItem] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        } catch {
            throw ImportFileError("the file is not valid JSON: at byte \(error.offset), \(error.reason)")
        }
        let tasks: [JSONValue]
        switch value {
        case .array(let items): tasks = items
        case .object(let members):
            guard case .array(let items)? = members.first(where: { $0.0 == "tasks" })?.1 else {
                throw ImportFileError("a JSON file to import is an array of tasks or an object with a \"tasks\" array")
            }
            tasks = items
        default:
            throw ImportFileError("a JSON file to import is an array of tasks or an object with a \"tasks\" array, not a JSON \(value.typeName)")
        }
        return tasks.enumerated().map { index, task in
            let place = "task \(index + 1)"
            guard case .object(var members) = task else {
                return ImportedItem(place: place, key: "", outcome: .failure(ImportItemError(code: "invalid_task", "it is not a JSON object")))
            }
            // Numbers, times and versions are the store's: an exported task's own are left out.
            if !members.contains(where: { $0.0 == "timezone" }) { members.append(("timezone", .string(timezone))) }
            // A due time without an offset is a time of the task's zone, as in the other formats.
            if let index = members.firstIndex(where: { $0.0 == "due_at" }), case .string(let text) = members[index].1,
               let wall = RFC3339.parseWallTime(text), case .string(let zoneName)? = members.first(where: { $0.0 == "timezone" })?.1,
               let zone = ZonedTime.zone(named: zoneName) {
                let instant = ZonedTime.instant(of: wall.day, hour: wall.secondOfDay / 3600, minute: wall.secondOfDay / 60 % 60,
                                                second: wall.secondOfDay % 60, in: zone)
                members[index].1 = .string(RFC3339.format(instant, in: zone))
            }
            let key = members.first { $0.0 == "id" }.flatMap { JSONRead.string($0.1) } ?? String(decoding: MCPController.bytes(task), as: UTF8.self)
            let outcome = Result { () throws(ImportItemError) -> TaskDraft in
                do throws(HTTPError) {
                    let body = JSONBody(members: members)
                    var draft = try TaskInput.draft(from: body, clock: clock)
                    // An exported task's completion keeps its time.
                    draft.completedAt = try body.optional("completed_at", expected: "an RFC 3339 date-time") { JSONRead.string($0).flatMap(RFC3339.parse) }
                    return draft
                } catch {
                    throw ImportItemError(code: error.code, error.message)
                }
            }
            return ImportedItem(place: place, key: key, outcome: outcome)
        }
    }
}
