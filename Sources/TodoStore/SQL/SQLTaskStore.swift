import Foundation
import TodoCore

/// The task store over any `SQLDatabase`: the same SQL text and the same behaviour on SQLite
/// and PostgreSQL; only full-text search differs by dialect.
final class SQLTaskStore: TaskStore, @unchecked Sendable {
    let database: any SQLDatabase

    let eventLog: EventLogStore

    /// SQLite's full-text indexing, in the background; PostgreSQL indexes in each write.
    let searchIndexer: SearchIndexer?

    init(database: any SQLDatabase) {
        self.database = database
        eventLog = EventLogStore(database: database)
        searchIndexer = database.dialect == .sqlite ? SearchIndexer(database: database) : nil
        searchIndexer?.start()
    }

    var displayURL: String { database.displayURL }

    func close() {
        searchIndexer?.stop()
        database.close()
    }

    /// Runs `body` in a write transaction, reporting every failure as a `StoreError`.
    @discardableResult
    private func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch { throw StoreError.wrap(error) }
    }

    private func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch { throw StoreError.wrap(error) }
    }

    private func readSnapshot<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.readSnapshot(body) } catch { throw StoreError.wrap(error) }
    }

    // MARK: Users

    private static let userColumns = "id, email, name, password_hash, created_at"

    private static func decodeUser(_ row: any SQLRow) throws -> User {
        guard let id = UUID.parse(row.text(0)) else {
            throw DatabaseError(kind: .corrupt, code: "row", message: "a stored user id is not a UUID")
        }
        return User(id: id, email: row.text(1), name: row.optionalText(2), passwordHash: row.optionalText(3),
                    createdAt: Timestamp.date(milliseconds: row.int64(4)))
    }

    func createUser(email rawEmail: String, name rawName: String?, passwordHash: String?, now: Date) throws -> User {
        let email: String, name: String?
        do throws(AccountValidationError) {
            email = try AccountValidator.email(rawEmail)
            name = try AccountValidator.name(rawName)
        } catch { throw StoreError.invalidAccount(error) }
        return try insertUser(email: email, name: name, passwordHash: passwordHash, now: now)
    }

    private func insertUser(email: String, name: String?, passwordHash: String?, now: Date) throws(StoreError) -> User {
        let user = User(id: UUID.random(), email: email, name: name, passwordHash: passwordHash, createdAt: Timestamp.truncated(now))
        do {
            _ = try database.write { db in
                try db.execute("INSERT INTO users (id, email, email_key, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               [.text(user.id.lowercasedString), .text(email), .text(email.lowercased()), .optionalText(name),
                                .optionalText(passwordHash), .integer(Timestamp.milliseconds(user.createdAt))])
            }
        } catch let error as DatabaseError where error.kind == .uniqueViolation {
            throw .emailTaken(email)
        } catch {
            throw StoreError.wrap(error)
        }
        return user
    }

    func user(id: UUID) throws -> User? {
        try read { db in
            var user: User?
            try db.query("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.text(id.lowercasedString)]) { user = try Self.decodeUser($0) }
            return user
        }
    }

    func user(email: String) throws -> User? {
        try read { db in
            var user: User?
            try db.query("SELECT \(Self.userColumns) FROM users WHERE email_key = ?", [.text(email.trimmingWhitespace().lowercased())]) {
                user = try Self.decodeUser($0)
            }
            return user
        }
    }

    func localUser() throws -> User {
        if let user = try user(email: User.localEmail) { return user }
        do {
            return try insertUser(email: User.localEmail, name: "Local user", passwordHash: nil, now: Date())
        } catch .readOnly {
            // A read-only database that never had a local user: it owns no tasks, so reads show
            // none and every write fails with the read-only error.
            return User(id: UUID.random(), email: User.localEmail, name: "Local user", passwordHash: nil, createdAt: Date())
        } catch .emailTaken {
            // Another process created it between our read and our insert.
            guard let user = try user(email: User.localEmail) else { throw StoreError.userNotFound }
            return user
        }
    }

    // MARK: Access tokens

    func createAccessToken(userID: UUID, name rawName: String, now: Date) throws -> IssuedAccessToken {
        let name: String
        do throws(AccountValidationError) { name = try AccountValidator.tokenName(rawName) } catch { throw StoreError.invalidAccount(error) }
        let secret = TokenSecret.generate()
        let token = AccessToken(id: UUID.random(), userID: userID, name: name, createdAt: Timestamp.truncated(now), lastUsedAt: nil)
        try write { db in
            // Said plainly rather than left to the foreign key, whose violation reads as a database failure.
            guard try db.scalarInt("SELECT 1 FROM users WHERE id = ?", [.text(userID.lowercasedString)]) != nil else {
                throw StoreError.userNotFound
            }
            try db.execute("INSERT INTO access_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           [.text(token.id.lowercasedString), .text(userID.lowercasedString), .text(name),
                            .text(TokenSecret.digest(secret)), .integer(Timestamp.milliseconds(token.createdAt))])
        }
        return IssuedAccessToken(token: token, secret: secret)
    }

    func accessTokens(userID: UUID) throws -> [AccessToken] {
        try read { db in
            var tokens: [AccessToken] = []
            try db.query("SELECT id, name, created_at, last_used_at FROM access_tokens WHERE user_id = ? ORDER BY created_at, id",
                         [.text(userID.lowercasedString)]) { row in
                guard let id = UUID.parse(row.text(0)) else { return }
                tokens.append(AccessToken(id: id, userID: userID, name: row.text(1), createdAt: Timestamp.date(milliseconds: row.int64(2)),
                                          lastUsedAt: row.optionalInt64(3).map(Timestamp.date(milliseconds:))))
            }
            return tokens
        }
    }

    func revokeAccessToken(id: UUID, userID: UUID) throws -> Bool {
        try write { db in
            try db.execute("DELETE FROM access_tokens WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)]) > 0
        }
    }

    /// Last use is recorded at most once a minute per token, so authentication stays a read.
    private static let lastUsedResolution: Int64 = 60_000

    func user(forAccessToken secret: String, now: Date) throws -> User? {
        guard secret.hasPrefix(TokenSecret.prefix), secret.utf8.count < 200 else { return nil }
        let digest = TokenSecret.digest(secret)
        var found: (user: User, tokenID: String, lastUsed: Int64?)?
        try read { db in
            try db.query("""
                SELECT u.id, u.email, u.name, u.password_hash, u.created_at, a.id, a.last_used_at
                FROM access_tokens a JOIN users u ON u.id = a.user_id WHERE a.token_hash = ?
                """, [.text(digest)]) { row in
                found = (try Self.decodeUser(row), row.text(5), row.optionalInt64(6))
            }
        }
        guard let found else { return nil }
        let nowMs = Timestamp.milliseconds(now)
        if (found.lastUsed ?? 0) + Self.lastUsedResolution <= nowMs {
            try write { db in
                try db.execute("UPDATE access_tokens SET last_used_at = ? WHERE id = ?", [.integer(nowMs), .text(found.tokenID)])
            }
        }
        return found.user
    }

    // MARK: Task reads

    func task(id: UUID, userID: UUID) throws -> TodoTask? {
        try read { db in try Self.fetchTask(db, id: id, userID: userID) }
    }

    func task(number: Int, userID: UUID) throws -> TodoTask? {
        try read { db in
            var task: TodoTask?
            try db.query("SELECT \(TaskRecord.columns) FROM tasks t WHERE t.user_id = ? AND t.number = ?",
                         [.text(userID.lowercasedString), .int(number)]) { task = try TaskRecord.decode($0) }
            return task
        }
    }

    private static func fetchTask(_ db: any SQLConnection, id: UUID, userID: UUID) throws -> TodoTask? {
        var task: TodoTask?
        try db.query("SELECT \(TaskRecord.columns) FROM tasks t WHERE t.id = ? AND t.user_id = ?",
                     [.text(id.lowercasedString), .text(userID.lowercasedString)]) { task = try TaskRecord.decode($0) }
        return task
    }

    func listTasks(_ query: TaskQuery, userID: UUID) throws -> TaskPage {
        let listing: TaskListing
        do {
            listing = try TaskListing(query: query.validated(), userID: userID)
        } catch {
            throw StoreError.invalidQuery(error)
        }
        // A listing of several statements (both statuses merged) reads one snapshot.
        if listing.readsSeveralStatements { return try readSnapshot { db in try listing.run(db) } }
        return try read { db in try listing.run(db) }
    }

    func tagCounts(userID: UUID) throws -> [TagCount] {
        try read { db in
            var counts: [TagCount] = []
            try db.query("SELECT tag, COUNT(*) FROM task_tags WHERE user_id = ? GROUP BY tag ORDER BY COUNT(*) DESC, tag",
                         [.text(userID.lowercasedString)]) { counts.append(TagCount(tag: $0.text(0), count: $0.int(1))) }
            return counts
        }
    }

    // MARK: Task writes

    func createTask(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask {
        try createTasks([draft], userID: userID, now: now)[0]
    }

    func createTasks(_ drafts: [TaskDraft], userID: UUID, now: Date) throws -> [TodoTask] {
        // Validate before taking the write lock: a bad draft costs no transaction.
        var tasks: [TodoTask] = []
        tasks.reserveCapacity(drafts.count)
        for draft in drafts {
            do { tasks.append(try draft.makeTask(id: UUID.timeOrdered(at: now), number: 0, now: now)) } catch { throw StoreError.invalidTask(error) }
        }
        do {
            if tasks.count == 1, database.dialect == .postgres {
                return [try PostgresTaskCreation.create(tasks[0], userID: userID, now: now, in: database)]
            }
            return try insert(tasks, userID: userID, now: now)
        } catch {
            let failure = StoreError.wrap(error)
            // Only a draft with its own id can collide: a series' next occurrence made twice.
            if case .database(let error) = failure, error.kind == .uniqueViolation {
                throw StoreError.taskExists(tasks.map { $0.id.lowercasedString }.joined(separator: ", "))
            }
            throw failure
        }
    }

    func createTasks(_ requests: [TaskCreationRequest], now: Date) throws -> [Result<TodoTask, StoreError>] {
        var results = [Result<TodoTask, StoreError>?](repeating: nil, count: requests.count)
        // The valid tasks of each user, in request order, with their request's index.
        var byUser: [(userID: UUID, tasks: [TodoTask], indexes: [Int])] = []
        for (index, request) in requests.enumerated() {
            precondition(request.draft.id == nil, "a group commit cannot take drafts with their own id")
            let task: TodoTask
            do { task = try request.draft.makeTask(id: UUID.timeOrdered(at: now), number: 0, now: now) } catch {
                results[index] = .failure(.invalidTask(error))
                continue
            }
            if let group = byUser.firstIndex(where: { $0.userID == request.userID }) {
                byUser[group].tasks.append(task)
                byUser[group].indexes.append(index)
            } else {
                byUser.append((request.userID, [task], [index]))
            }
        }
        if !byUser.isEmpty {
            let created = try write { db in
                try byUser.map { group in try Self.insert(group.tasks, userID: group.userID, now: now, db) }
            }
            for (group, tasks) in zip(byUser, created) {
                for (offset, index) in group.indexes.enumerated() {
                    results[index] = tasks.map { .success($0[offset]) } ?? .failure(.userNotFound)
                }
            }
        }
        return results.map { $0! }
    }

    private func insert(_ tasks: [TodoTask], userID: UUID, now: Date) throws -> [TodoTask] {
        try write { db in
            guard let created = try Self.insert(tasks, userID: userID, now: now, db) else { throw StoreError.userNotFound }
            return created
        }
    }

    /// Numbers and inserts `tasks` with their events; nil when the user does not exist.
    private static func insert(_ tasks: [TodoTask], userID: UUID, now: Date, _ db: any SQLConnection) throws -> [TodoTask]? {
        // One statement hands out the numbers and the event sequences of the whole batch.
        var allocated: (number: Int64, sequence: Int64)?
        try db.query("""
            UPDATE users SET next_task_number = next_task_number + ?, next_event_sequence = next_event_sequence + ?
            WHERE id = ? RETURNING next_task_number - ?, next_event_sequence - ?
            """, [.int(tasks.count), .int(tasks.count), .text(userID.lowercasedString), .int(tasks.count), .int(tasks.count)]) {
            allocated = ($0.int64(0), $0.int64(1))
        }
        guard let allocated else { return nil }
        return try tasks.enumerated().map { offset, unnumbered in
            var task = unnumbered
            task.number = Int(allocated.number) + offset
            try db.execute(TaskRecord.insertSQL, TaskRecord.insertArguments(task, userID: userID))
            try insertTags(task.tags, of: task, db, userID: userID)
            try recordEvent(db, type: .created, task: task, changes: [], userID: userID,
                            sequence: allocated.sequence + Int64(offset), now: now)
            return task
        }
    }

    func updateTask(id: UUID, userID: UUID, patch: TaskPatch, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try change(id: id, userID: userID, expectedVersion: expectedVersion, now: now) { task throws(TaskValidationError) in
            try patch.applied(to: task, now: now)
        }
    }

    func completeTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try updateTask(id: id, userID: userID, patch: TaskPatch(status: .completed), expectedVersion: expectedVersion, now: now)
    }

    func reopenTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try updateTask(id: id, userID: userID, patch: TaskPatch(status: .pending), expectedVersion: expectedVersion, now: now)
    }

    func deleteTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try write { db in
            let task = try Self.current(db, id: id, userID: userID, expectedVersion: expectedVersion)
            try db.execute("DELETE FROM tasks WHERE id = ? AND user_id = ?", [.text(id.lowercasedString), .text(userID.lowercasedString)])
            try Self.deleteTags(task.tags, of: task, db, userID: userID)
            try Self.recordEvent(db, type: .deleted, task: task, changes: [], userID: userID, sequence: Self.nextSequence(db, userID), now: now)
            return task
        }
    }

    /// Reads the task, applies `transform` and writes the result with its event, guarded by
    /// the version read (so a concurrent writer is detected, not overwritten).
    private func change(id: UUID, userID: UUID, expectedVersion: Int?, now: Date,
                        _ transform: (TodoTask) throws(TaskValidationError) -> TodoTask) throws -> TodoTask {
        try write { db in
            for _ in 0..<5 {
                let old = try Self.current(db, id: id, userID: userID, expectedVersion: expectedVersion)
                let new: TodoTask
                do throws(TaskValidationError) { new = try transform(old) } catch { throw StoreError.invalidTask(error) }
                guard new != old else { return old }
                let changed = try db.execute(TaskRecord.updateSQL, TaskRecord.updateArguments(new, userID: userID, previousVersion: old.version))
                guard changed == 1 else { continue }
                try Self.deleteTags(old.tags.filter { !new.tags.contains($0) }, of: old, db, userID: userID)
                try Self.insertTags(new.tags.filter { !old.tags.contains($0) }, of: new, db, userID: userID)
                let type: TaskEventType = new.status == old.status ? .updated : (new.status == .completed ? .completed : .reopened)
                try Self.recordEvent(db, type: type, task: new, changes: new.changes(from: old), userID: userID,
                                     sequence: Self.nextSequence(db, userID), now: now)
                return new
            }
            throw StoreError.database(DatabaseError(kind: .retryable, code: "contention", message: "the task kept changing; try again"))
        }
    }

    private static func current(_ db: any SQLConnection, id: UUID, userID: UUID, expectedVersion: Int?) throws -> TodoTask {
        guard let task = try fetchTask(db, id: id, userID: userID) else { throw StoreError.taskNotFound(id.lowercasedString) }
        if let expectedVersion, expectedVersion != task.version {
            throw StoreError.versionConflict(expected: expectedVersion, actual: task.version)
        }
        return task
    }

    private static func insertTags(_ tags: [String], of task: TodoTask, _ db: any SQLConnection, userID: UUID) throws {
        for tag in tags {
            try db.execute("INSERT INTO task_tags (user_id, tag, task_id) VALUES (?, ?, ?)",
                           [.text(userID.lowercasedString), .text(tag), .text(task.id.lowercasedString)])
        }
    }

    private static func deleteTags(_ tags: [String], of task: TodoTask, _ db: any SQLConnection, userID: UUID) throws {
        for tag in tags {
            try db.execute("DELETE FROM task_tags WHERE user_id = ? AND tag = ? AND task_id = ?",
                           [.text(userID.lowercasedString), .text(tag), .text(task.id.lowercasedString)])
        }
    }

    /// The user's next event sequence number.
    private static func nextSequence(_ db: any SQLConnection, _ userID: UUID) throws -> Int64 {
        guard let sequence = try db.scalarInt(
            "UPDATE users SET next_event_sequence = next_event_sequence + 1 WHERE id = ? RETURNING next_event_sequence - 1",
            [.text(userID.lowercasedString)])
        else { throw StoreError.userNotFound }
        return sequence
    }

    /// Appends the event to the outbox inside the caller's transaction.
    private static func recordEvent(_ db: any SQLConnection, type: TaskEventType, task: TodoTask,
                                    changes: [(String, JSONValue)], userID: UUID, sequence: Int64, now: Date) throws {
        let event = TaskEvent(id: UUID.timeOrdered(at: now), type: type, userID: userID, sequence: sequence, task: task, changes: changes,
                              occurredAt: Timestamp.truncated(now))
        try db.execute("""
            INSERT INTO outbox (event_id, user_id, sequence, type, subject, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(event.id.lowercasedString), .text(userID.lowercasedString), .integer(sequence), .text(type.cloudEventType),
                  .text(task.id.lowercasedString), .integer(Timestamp.milliseconds(event.occurredAt)),
                  .text(String(decoding: event.dataJSON, as: UTF8.self))])
    }

    // MARK: Outbox

    func outbox(after position: Int64, limit: Int) throws -> [OutboxRecord] {
        try read { db in
            var records: [OutboxRecord] = []
            try db.query("""
                SELECT position, event_id, type, user_id, sequence, subject, occurred_at, data
                FROM outbox WHERE position > ? ORDER BY position LIMIT ?
                """, [.integer(position), .int(max(1, min(limit, 10_000)))]) { records.append(try OutboxRecord(row: $0)) }
            return records
        }
    }
}
