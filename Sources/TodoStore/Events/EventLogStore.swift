import Foundation
import Synchronization
import TodoCore

/// One message for a topic of any bus: what the relay publishes and the embedded log stores.
public struct TopicMessage: Hashable, Sendable {
    public var topic: String
    /// The partition key (the user id for task events): per-key order is kept.
    public var key: String
    /// The CloudEvent `id`, or a placeholder for a message that had none.
    public var eventID: String
    public var type: String
    /// The whole CloudEvent, structured JSON.
    public var payload: String

    public init(topic: String, key: String, eventID: String, type: String, payload: String) {
        self.topic = topic
        self.key = key
        self.eventID = eventID
        self.type = type
        self.payload = payload
    }
}

/// A record as stored in the log, with its position (increasing in commit order per topic).
public struct LogEntry: Hashable, Sendable {
    public var position: Int64
    public var message: TopicMessage
    public var appendedAt: Date
}

/// Who holds a relay lease, and until when.
public struct LeaseHolder: Hashable, Sendable {
    public var name: String
    public var owner: String
    public var expiresAt: Date
    public var acquiredAt: Date
}

/// How far a consumer group is in a topic of the log.
public struct ConsumerPosition: Hashable, Sendable {
    public var group: String
    public var topic: String
    public var position: Int64
    /// Messages of the topic after `position`.
    public var lag: Int64

    public init(group: String, topic: String, position: Int64, lag: Int64) {
        self.group = group
        self.topic = topic
        self.position = position
        self.lag = lag
    }
}

/// How many messages a group gave up on, per topic.
public struct DeadLetterCount: Hashable, Sendable {
    public var group: String
    public var topic: String
    public var count: Int64
    public var lastError: String
}

/// One message a consumer gave up on.
public struct DeadLetter: Hashable, Sendable {
    public var group: String
    public var topic: String
    public var eventID: String
    public var error: String
    public var attempts: Int
    public var payload: String
    public var failedAt: Date

    public init(group: String, topic: String, eventID: String, error: String, attempts: Int, payload: String, failedAt: Date) {
        self.group = group
        self.topic = topic
        self.eventID = eventID
        self.error = error
        self.attempts = attempts
        self.payload = payload
        self.failedAt = failedAt
    }
}

public enum EventLogError: Error, Sendable, CustomStringConvertible {
    /// The relay lease `name` is no longer ours (another relay took it over); nothing was written.
    case leaseLost(name: String, owner: String)

    public var description: String {
        switch self {
        case .leaseLost(let name, let owner): "the relay lease \"\(name)\" is no longer held by \(owner)"
        }
    }
}

/// The database side of the event backbone (DESIGN §7): the outbox the task store fills, the
/// log the embedded bus keeps, consumer positions, relay leases, processed event ids and dead
/// letters. The same SQL on SQLite and PostgreSQL.
public final class EventLogStore: @unchecked Sendable {
    public let database: any SQLDatabase
    /// What each consumer of this process waits for: entries of its topic, and of its types.
    private let appendWatchers = Mutex<[(topic: String, types: Set<String>?, signal: WakeSignal)]>([])

    init(database: any SQLDatabase) {
        self.database = database
        outboxChanges = database.changes(to: "outbox")
    }

    /// Signalled after every committed write of this process, outbox rows included.
    public var commits: WakeSignal { database.commits }

    /// A signal raised after this process appended entries of `topic` to the log, of one of
    /// `types` when given: a consumer that skips most types (the recurring service wants
    /// completions only) is not woken by the others, which it acknowledges on its next read.
    public func appendedSignal(topic: String, types: Set<String>? = nil) -> WakeSignal {
        let signal = WakeSignal()
        appendWatchers.withLock { $0.append((topic, types, signal)) }
        return signal
    }

    private func signalAppended(_ records: [TopicMessage]) {
        let woken = appendWatchers.withLock { watchers in
            watchers.filter { watcher in
                records.contains { record in record.topic == watcher.topic && (watcher.types?.contains(record.type) ?? true) }
            }.map(\.signal)
        }
        for signal in woken { signal.signal() }
    }

    /// Signalled after every committed write of this process that appended to (or relayed
    /// from) the outbox: what the relay waits for.
    public let outboxChanges: WakeSignal

    @discardableResult
    private func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.write(body) } catch { throw StoreError.wrap(error) }
    }

    private func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try database.read(body) } catch { throw StoreError.wrap(error) }
    }

    // MARK: Outbox

    /// The oldest events not yet relayed, in outbox order. A PostgreSQL transaction that commits
    /// late can add rows behind ones already relayed; they are simply found on the next call,
    /// and one user's events still come in order (a user's writes queue on the user's row).
    public func pendingOutbox(limit: Int) throws(StoreError) -> [OutboxRecord] {
        try read { db in
            var records: [OutboxRecord] = []
            try db.query("""
                SELECT position, event_id, type, user_id, sequence, subject, occurred_at, data
                FROM outbox ORDER BY position LIMIT ?
                """, [.int(max(1, limit))]) { records.append(try OutboxRecord(row: $0)) }
            return records
        }
    }

    /// How many events wait for the relay, and when the oldest happened.
    public func outboxBacklog() throws(StoreError) -> (count: Int64, oldest: Date?) {
        try read { db in
            var result: (Int64, Date?) = (0, nil)
            try db.query("SELECT count(*), min(occurred_at) FROM outbox", []) { row in
                result = (row.int64(0), row.optionalInt64(1).map(Timestamp.date(milliseconds:)))
            }
            return result
        }
    }

    /// Removes relayed events from the outbox and appends `records` to the log, in one
    /// transaction that first renews the lease: a relay that lost its lease writes nothing.
    public func completeRelay(positions: [Int64], appending records: [TopicMessage], lease: String, owner: String,
                              ttl: TimeInterval, now: Date) throws {
        guard !positions.isEmpty || !records.isEmpty else { return }
        do {
            try database.write { db in
            let renewed = try db.execute("UPDATE relay_leases SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?",
                                         [.integer(Timestamp.milliseconds(now.addingTimeInterval(ttl))), .text(lease), .text(owner),
                                          .integer(Timestamp.milliseconds(now))])
            guard renewed == 1 else { throw EventLogError.leaseLost(name: lease, owner: owner) }
            try Self.insert(records, db, now: now)
            for slice in positions.chunks(of: 500) {
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                try db.execute("DELETE FROM outbox WHERE position IN (\(marks))", slice.map(SQLValue.integer))
            }
            }
        } catch let error as EventLogError {
            throw error
        } catch {
            throw StoreError.wrap(error)
        }
        signalAppended(records)
    }

    // MARK: The bus the events go to

    /// The bus recorded as where this database's events go, recording `kind` when none is
    /// (the first relay to run on the database decides).
    public func claimEventBus(_ kind: String, now: Date) throws(StoreError) -> String {
        if let recorded = try recordedEventBus() { return recorded.kind }
        try write { db in
            try db.execute("INSERT INTO event_bus (id, kind, recorded_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
                           [.text(kind), .integer(Timestamp.milliseconds(now))])
        }
        return try recordedEventBus()?.kind ?? kind
    }

    /// The bus recorded as where this database's events go, and since when; nil before any relay ran.
    public func recordedEventBus() throws(StoreError) -> (kind: String, since: Date)? {
        try read { db in
            var recorded: (String, Date)?
            try db.query("SELECT kind, recorded_at FROM event_bus WHERE id = 1", []) { row in
                recorded = (row.text(0), Timestamp.date(milliseconds: row.int64(1)))
            }
            return recorded
        }
    }

    /// Records `kind` as where this database's events go from now on (`todo events switch-bus`,
    /// after a deployment moved to another bus): a relay of any other bus then stops relaying.
    public func switchEventBus(to kind: String, now: Date) throws(StoreError) {
        try write { db in
            try db.execute("""
                INSERT INTO event_bus (id, kind, recorded_at) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, recorded_at = excluded.recorded_at
                """, [.text(kind), .integer(Timestamp.milliseconds(now))])
        }
    }

    // MARK: Relay lease

    /// Takes the lease when it is free or expired, or renews it when `owner` holds it.
    public func acquireLease(_ name: String, owner: String, ttl: TimeInterval, now: Date) throws(StoreError) -> Bool {
        try write { db in
            let nowMS = Timestamp.milliseconds(now)
            return try db.execute("""
                INSERT INTO relay_leases (name, owner, expires_at, acquired_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
                    acquired_at = CASE WHEN relay_leases.owner = excluded.owner THEN relay_leases.acquired_at ELSE excluded.acquired_at END
                WHERE relay_leases.owner = excluded.owner OR relay_leases.expires_at <= ?
                """, [.text(name), .text(owner), .integer(Timestamp.milliseconds(now.addingTimeInterval(ttl))), .integer(nowMS),
                      .integer(nowMS)]) == 1
        }
    }

    /// Takes the lease from `deadOwner`, a holder known to be gone, whatever its expiry; false
    /// when someone else holds it by now.
    public func takeOverLease(_ name: String, from deadOwner: String, owner: String, ttl: TimeInterval, now: Date) throws(StoreError) -> Bool {
        try write { db in
            try db.execute("UPDATE relay_leases SET owner = ?, expires_at = ?, acquired_at = ? WHERE name = ? AND owner = ?",
                           [.text(owner), .integer(Timestamp.milliseconds(now.addingTimeInterval(ttl))), .integer(Timestamp.milliseconds(now)),
                            .text(name), .text(deadOwner)]) == 1
        }
    }

    /// Gives the lease up at once (on shutdown), so another relay need not wait for it to expire.
    public func releaseLease(_ name: String, owner: String) throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM relay_leases WHERE name = ? AND owner = ?", [.text(name), .text(owner)])
        }
    }

    public func leaseHolder(_ name: String) throws(StoreError) -> LeaseHolder? {
        try read { db in
            var holder: LeaseHolder?
            try db.query("SELECT owner, expires_at, acquired_at FROM relay_leases WHERE name = ?", [.text(name)]) { row in
                holder = LeaseHolder(name: name, owner: row.text(0), expiresAt: Timestamp.date(milliseconds: row.int64(1)),
                                     acquiredAt: Timestamp.date(milliseconds: row.int64(2)))
            }
            return holder
        }
    }

    // MARK: Log

    /// Appends records to the log (the embedded bus's publish, dead-letter topics).
    public func append(_ records: [TopicMessage], now: Date) throws(StoreError) {
        guard !records.isEmpty else { return }
        try write { db in try Self.insert(records, db, now: now) }
        signalAppended(records)
    }

    /// Rows per INSERT: one statement for many rows saves a statement's overhead per row, and
    /// on SQLite the AUTOINCREMENT counter is written back once per statement, not per row.
    private static let rowsPerInsert = 64

    private static func insert(_ records: [TopicMessage], _ db: any SQLConnection, now: Date) throws {
        let at = SQLValue.integer(Timestamp.milliseconds(now))
        for chunk in records.chunks(of: rowsPerInsert) {
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(chunk.count * 6)
            for record in chunk {
                arguments += [.text(record.topic), .text(record.key), .text(record.eventID), .text(record.type), .text(record.payload), at]
            }
            // Rows in the order given: positions follow it.
            try db.execute("INSERT INTO event_log (topic, key, event_id, type, payload, appended_at) VALUES "
                           + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "), arguments)
        }
    }

    /// Entries of `topic` (or of every topic) after `position`, oldest first.
    public func entries(topic: String?, after position: Int64, limit: Int) throws(StoreError) -> [LogEntry] {
        try read { db in
            var entries: [LogEntry] = []
            let collect = { (row: any SQLRow) in
                entries.append(LogEntry(position: row.int64(0),
                                        message: TopicMessage(topic: row.text(1), key: row.text(2), eventID: row.text(3), type: row.text(4),
                                                          payload: row.text(5)),
                                        appendedAt: Timestamp.date(milliseconds: row.int64(6))))
            }
            let columns = "position, topic, key, event_id, type, payload, appended_at"
            if let topic {
                try db.query("SELECT \(columns) FROM event_log WHERE topic = ? AND position > ? ORDER BY position LIMIT ?",
                             [.text(topic), .integer(position), .int(max(1, limit))], row: collect)
            } else {
                try db.query("SELECT \(columns) FROM event_log WHERE position > ? ORDER BY position LIMIT ?",
                             [.integer(position), .int(max(1, limit))], row: collect)
            }
            return entries
        }
    }

    /// The newest `limit` entries of `topic` (or of every topic), oldest first.
    public func lastEntries(topic: String?, limit: Int) throws(StoreError) -> [LogEntry] {
        let newest = try lastPosition(topic: topic)
        guard newest > 0 else { return [] }
        // Positions are shared by all topics: find where the last `limit` of this one begin.
        let start: Int64 = try read { db in
            let filter = topic == nil ? "" : "WHERE topic = ?"
            let arguments: [SQLValue] = (topic.map { [SQLValue.text($0)] } ?? []) + [.int(max(1, limit))]
            var lowest: Int64 = newest
            try db.query("SELECT position FROM event_log \(filter) ORDER BY position DESC LIMIT ?", arguments) { lowest = $0.int64(0) }
            return lowest - 1
        }
        return try entries(topic: topic, after: start, limit: limit)
    }

    /// The position of the newest entry of `topic` (or of the whole log), 0 when empty.
    public func lastPosition(topic: String?) throws(StoreError) -> Int64 {
        try read { db in
            if let topic {
                return try db.scalarInt("SELECT max(position) FROM event_log WHERE topic = ?", [.text(topic)]) ?? 0
            }
            return try db.scalarInt("SELECT max(position) FROM event_log", []) ?? 0
        }
    }

    /// Removes log entries and processed-event ids recorded before `cutoff` (retention); returns
    /// how many log entries went.
    @discardableResult
    public func trim(before cutoff: Date) throws(StoreError) -> Int {
        try write { db in
            let at = SQLValue.integer(Timestamp.milliseconds(cutoff))
            let entries = try db.execute("DELETE FROM event_log WHERE appended_at < ?", [at])
            try db.execute("DELETE FROM processed_events WHERE processed_at < ?", [at])
            return entries
        }
    }

    // MARK: Consumer positions

    /// The last position `group` has handled in `topic` (0 before its first message).
    public func committedPosition(group: String, topic: String) throws(StoreError) -> Int64 {
        try read { db in
            try db.scalarInt("SELECT position FROM consumer_offsets WHERE consumer_group = ? AND topic = ?", [.text(group), .text(topic)]) ?? 0
        }
    }

    public func commit(group: String, topic: String, position: Int64, now: Date) throws(StoreError) {
        try write { db in
            try db.execute("""
                INSERT INTO consumer_offsets (consumer_group, topic, position, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                """, [.text(group), .text(topic), .integer(position), .integer(Timestamp.milliseconds(now))])
        }
    }

    /// Every group's position and lag, by group then topic.
    public func consumerPositions() throws(StoreError) -> [ConsumerPosition] {
        try read { db in
            var positions: [ConsumerPosition] = []
            try db.query("""
                SELECT o.consumer_group, o.topic, o.position,
                       (SELECT count(*) FROM event_log l WHERE l.topic = o.topic AND l.position > o.position)
                FROM consumer_offsets o ORDER BY o.consumer_group, o.topic
                """, []) { row in
                positions.append(ConsumerPosition(group: row.text(0), topic: row.text(1), position: row.int64(2), lag: row.int64(3)))
            }
            return positions
        }
    }

    // MARK: Idempotent consumption

    /// Records that `group` applied `eventID`, inside the caller's transaction; false when it
    /// already had (the caller then skips its effect, which the same transaction would write).
    public static func markProcessed(_ eventID: String, group: String, in db: any SQLConnection, now: Date) throws -> Bool {
        try db.execute("""
            INSERT INTO processed_events (consumer_group, event_id, processed_at) VALUES (?, ?, ?)
            ON CONFLICT (consumer_group, event_id) DO NOTHING
            """, [.text(group), .text(eventID), .integer(Timestamp.milliseconds(now))]) == 1
    }

    /// Records `eventIDs` as processed by `group` in one statement; returns those that were not
    /// yet (a batch of a consumer, one round trip on PostgreSQL however many there are).
    public static func markProcessed(_ eventIDs: [String], group: String, in db: any SQLConnection, now: Date) throws -> Set<String> {
        guard !eventIDs.isEmpty else { return [] }
        var fresh: Set<String> = []
        let at = SQLValue.integer(Timestamp.milliseconds(now))
        // 3 arguments a row: well under SQLite's 32 766 variables per statement.
        for chunk in eventIDs.chunks(of: 1_000) {
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(chunk.count * 3)
            for id in chunk { arguments += [.text(group), .text(id), at] }
            let rows = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try db.query("""
                INSERT INTO processed_events (consumer_group, event_id, processed_at) VALUES \(rows)
                ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id
                """, arguments) { fresh.insert($0.text(0)) }
        }
        return fresh
    }

    // MARK: Dead letters

    public func recordDeadLetter(_ letter: DeadLetter) throws(StoreError) {
        try write { db in
            try db.execute("""
                INSERT INTO dead_letters (consumer_group, topic, event_id, error, attempts, payload, failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(letter.group), .text(letter.topic), .text(letter.eventID), .text(letter.error), .int(letter.attempts),
                      .text(letter.payload), .integer(Timestamp.milliseconds(letter.failedAt))])
        }
    }

    public func deadLetterCounts() throws(StoreError) -> [DeadLetterCount] {
        try read { db in
            var counts: [DeadLetterCount] = []
            // Each group and topic with its count, joined to its newest letter for the last error.
            try db.query("""
                SELECT d.consumer_group, d.topic, c.letters, d.error FROM dead_letters d
                JOIN (SELECT count(*) AS letters, max(id) AS newest FROM dead_letters GROUP BY consumer_group, topic) c ON d.id = c.newest
                ORDER BY d.consumer_group, d.topic
                """, []) { row in
                counts.append(DeadLetterCount(group: row.text(0), topic: row.text(1), count: row.int64(2), lastError: row.text(3)))
            }
            return counts
        }
    }

    public func deadLetters(limit: Int) throws(StoreError) -> [DeadLetter] {
        try read { db in
            var letters: [DeadLetter] = []
            try db.query("""
                SELECT consumer_group, topic, event_id, error, attempts, payload, failed_at FROM dead_letters ORDER BY id DESC LIMIT ?
                """, [.int(max(1, limit))]) { row in
                letters.append(DeadLetter(group: row.text(0), topic: row.text(1), eventID: row.text(2), error: row.text(3),
                                          attempts: row.int(4), payload: row.text(5), failedAt: Timestamp.date(milliseconds: row.int64(6))))
            }
            return letters
        }
    }
}

extension OutboxRecord {
    init(row: any SQLRow) throws {
        guard let eventID = UUID.parse(row.text(1)), let userID = UUID.parse(row.text(3)) else {
            throw DatabaseError(kind: .corrupt, code: "row", message: "an outbox row has a malformed id")
        }
        self.init(position: row.int64(0), eventID: eventID, type: row.text(2), userID: userID, sequence: row.int64(4),
                  subject: row.text(5), occurredAt: Timestamp.date(milliseconds: row.int64(6)), data: row.text(7))
    }
}
