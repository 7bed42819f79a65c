import Foundation
import TodoCore

/// The audit log's tables (DESIGN §6.3): every user's append-only, hash-chained trail of task
/// changes, and the head of each chain (its last seq and hash), so that an entry removed from
/// or added to the end of a trail is noticed too. The same SQL on SQLite and PostgreSQL.
public final class AuditLogStore: @unchecked Sendable {
    public let database: any SQLDatabase
    /// Entries read per query while verifying: the chain streams through in pages.
    static let verifyPageSize = 10_000

    init(database: any SQLDatabase) {
        self.database = database
    }

    /// The user's entries after `seq` (of one task, or all), oldest first.
    public func page(userID: UUID, taskID: UUID?, after seq: Int64, limit: Int) throws(StoreError) -> AuditPage {
        var arguments: [SQLValue] = [.text(userID.lowercasedString), .integer(seq)]
        var filter = ""
        if let taskID {
            filter = " AND task_id = ?"
            arguments.append(.text(taskID.lowercasedString))
        }
        arguments.append(.int(limit + 1))
        var entries: [AuditEntry] = []
        do {
            try database.read { db in
                try db.query("""
                    SELECT seq, task_id, action, at, actor, changes, hash, prev_hash FROM audit_entries
                    WHERE user_id = ? AND seq > ?\(filter) ORDER BY seq LIMIT ?
                    """, arguments) { row in
                    entries.append(AuditEntry(seq: row.int64(0), taskID: row.text(1), action: row.text(2),
                                              atMilliseconds: row.int64(3), actor: row.text(4), changesJSON: row.text(5),
                                              hash: row.text(6), prevHash: row.text(7)))
                }
            }
        } catch {
            throw StoreError.wrap(error)
        }
        guard entries.count > limit else { return AuditPage(entries: entries, nextAfter: nil) }
        entries.removeLast()
        return AuditPage(entries: entries, nextAfter: entries.last?.seq)
    }

    /// Walks the user's chain in seq order and checks every link: seq contiguous from 1, each
    /// `prev_hash` the previous entry's `hash`, each `hash` recomputed from the entry, and the
    /// last entry the chain's recorded head. Reads in pages inside one snapshot.
    public func verify(userID: UUID) throws(StoreError) -> AuditVerification {
        let user = userID.lowercasedString
        do {
            return try database.readSnapshot { db in
                var walk = AuditChainWalk(userID: user)
                var after: Int64 = 0
                while true {
                    var read = 0
                    try db.query("""
                        SELECT seq, task_id, action, at, actor, changes, hash, prev_hash FROM audit_entries
                        WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?
                        """, [.text(user), .integer(after), .int(Self.verifyPageSize)]) { row in
                        read += 1
                        after = row.int64(0)
                        walk.check(row)
                    }
                    if read < Self.verifyPageSize { break }
                }
                let head = try AuditChainHead.read(db, userID: user)
                return walk.finish(head: head)
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }
}

/// The last entry of a user's chain, kept in `audit_heads` in the transaction of the append.
struct AuditChainHead {
    var seq: Int64
    var hash: String
    /// The event sequence of the last entry: an event arriving with a lower one is out of order.
    var eventSequence: Int64

    static let empty = AuditChainHead(seq: 0, hash: AuditCanonicalForm.zeroHash, eventSequence: -1)

    static func read(_ db: any SQLConnection, userID: String) throws -> AuditChainHead? {
        var head: AuditChainHead?
        try db.query("SELECT seq, hash, event_sequence FROM audit_heads WHERE user_id = ?", [.text(userID)]) {
            head = AuditChainHead(seq: $0.int64(0), hash: $0.text(1), eventSequence: $0.int64(2))
        }
        return head
    }

    func write(_ db: any SQLConnection, userID: String) throws {
        try db.executeDeferred("""
            INSERT INTO audit_heads (user_id, seq, hash, event_sequence) VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, event_sequence = excluded.event_sequence
            """, [.text(userID), .integer(seq), .text(hash), .integer(eventSequence)])
    }
}

/// The state of a verify between rows: the next expected seq and the previous entry's hash.
/// Columns are read from the driver's buffers into the hash input: nothing is allocated per
/// entry. Once a link is bad, later rows are only counted.
struct AuditChainWalk {
    let userID: [UInt8]
    var hasher = AuditHasher()
    var expected: Int64 = 1
    /// The previous entry's hash as checked (32 zero bytes before the first): bytes and hex.
    var previousDigest = [UInt8](repeating: 0, count: 32)
    var previousHash = Array(AuditCanonicalForm.zeroHash.utf8)
    var checked: Int64 = 0
    var firstBad: Int64?

    init(userID: String) {
        self.userID = Array(userID.utf8)
    }

    /// Row columns: seq, task_id, action, at, actor, changes, hash, prev_hash.
    mutating func check(_ row: any SQLRow) {
        checked += 1
        let seq = row.int64(0)
        defer { expected = seq + 1 }
        guard firstBad == nil else { return }
        guard seq == expected else {
            // A gap is the first missing entry; a seq below the expected one cannot be read
            // twice (it is the key), so anything else is an entry that does not belong.
            firstBad = seq > expected ? expected : seq
            return
        }
        guard row.withUTF8(7, { Self.equal($0, previousHash) }) else {
            firstBad = seq
            return
        }
        let at = row.int64(3), user = userID
        hasher.hash(after: previousDigest) { entry in
            AuditCanonicalForm.append(seq: seq, atMilliseconds: at, to: &entry) { field, bytes in
                switch field {
                case .action: row.withUTF8(2) { bytes.append(contentsOf: $0) }
                case .actor: row.withUTF8(4) { bytes.append(contentsOf: $0) }
                case .changes: row.withUTF8(5) { bytes.append(contentsOf: $0) }
                case .taskID: row.withUTF8(1) { bytes.append(contentsOf: $0) }
                case .userID: bytes.append(contentsOf: user)
                }
            }
        }
        guard row.withUTF8(6, { Self.equal($0, hasher.hex) }) else {
            firstBad = seq
            return
        }
        // Copied into the buffers in place: assigning the arrays would share the hasher's
        // storage and copy it on its next write.
        previousDigest.withUnsafeMutableBytes { target in hasher.digest.withUnsafeBytes { target.copyMemory(from: $0) } }
        previousHash.withUnsafeMutableBytes { target in hasher.hex.withUnsafeBytes { target.copyMemory(from: $0) } }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count, let start = bytes.baseAddress else { return bytes.count == other.count }
        return other.withUnsafeBufferPointer { memcmp(start, $0.baseAddress!, bytes.count) == 0 }
    }

    /// The result once every row was read: the chain must end at the recorded head.
    func finish(head: AuditChainHead?) -> AuditVerification {
        if let firstBad { return AuditVerification(checked: checked, firstBadSeq: firstBad) }
        let last = expected - 1
        let head = head ?? .empty
        if last < head.seq { return AuditVerification(checked: checked, firstBadSeq: last + 1) }
        if last > head.seq { return AuditVerification(checked: checked, firstBadSeq: head.seq + 1) }
        if last > 0, !previousHash.elementsEqual(head.hash.utf8) { return AuditVerification(checked: checked, firstBadSeq: last) }
        return AuditVerification(checked: checked, firstBadSeq: nil)
    }
}

/// Appends records to their users' chains inside one transaction (one event, or a batch of
/// them): each user's head is read once and written once, at `finish()`.
public struct AuditAppender {
    let db: any SQLConnection
    private var heads: [String: AuditChainHead] = [:]
    private var lastDigests: [String: [UInt8]] = [:]
    /// The arguments of the entries appended, 11 a row, written by `finish()`.
    private var pending: [SQLValue] = []
    private var hasher = AuditHasher()

    public init(db: any SQLConnection) {
        self.db = db
    }

    /// Appends `record` after its user's last entry. Returns the entry and whether its event
    /// came out of order (a lower event sequence than one already appended): it is appended
    /// anyway, in arrival order (docs/decisions.md), and the caller logs it.
    @discardableResult
    public mutating func append(_ record: AuditRecord) throws -> (entry: AuditEntry, outOfOrder: Bool) {
        let user = record.userID.lowercasedString
        guard AuditCanonicalForm.isPlain(record.actor) else { throw AuditRecordError.actorNotPlain(record.actor) }
        let head = try heads[user] ?? AuditChainHead.read(db, userID: user) ?? .empty
        // The hash just computed for this user is the next one's start; a head read from the
        // table is decoded once.
        let previous: [UInt8]
        if let digest = lastDigests[user] {
            previous = digest
        } else {
            guard let decoded = AuditHasher.bytes(ofHex: head.hash.utf8) else { throw AuditRecordError.headNotAHash(user) }
            previous = decoded
        }
        let seq = head.seq + 1
        let changes = record.changesJSON
        let at = Timestamp.milliseconds(record.at)
        let task = record.taskID.lowercasedString
        hasher.hash(after: previous) { entry in
            AuditCanonicalForm.append(seq: seq, atMilliseconds: at, to: &entry) { field, bytes in
                switch field {
                case .action: bytes.append(contentsOf: record.action.rawValue.utf8)
                case .actor: bytes.append(contentsOf: record.actor.utf8)
                case .changes: bytes.append(contentsOf: changes.utf8)
                case .taskID: bytes.append(contentsOf: task.utf8)
                case .userID: bytes.append(contentsOf: user.utf8)
                }
            }
        }
        let entry = AuditEntry(seq: seq, taskID: task, action: record.action.rawValue, atMilliseconds: at, actor: record.actor,
                               changesJSON: changes, hash: hasher.hexString, prevHash: head.hash)
        pending += [.text(user), .integer(seq), .text(task), .text(entry.action), .integer(at), .text(record.actor), .text(changes),
                    .text(entry.prevHash), .text(entry.hash), .text(record.eventID), .integer(record.eventSequence)]
        heads[user] = AuditChainHead(seq: seq, hash: entry.hash, eventSequence: max(head.eventSequence, record.eventSequence))
        lastDigests[user] = hasher.digest
        return (entry, record.eventSequence <= head.eventSequence)
    }

    /// Writes the entries appended and every chain's new head; call once, before the
    /// transaction commits. Entries go in statements of up to `rowsPerStatement` rows: a
    /// backlog's batch costs a few statements rather than one per entry.
    public func finish() throws {
        let columns = 11
        var start = 0
        while start < pending.count {
            let end = min(pending.count, start + Self.rowsPerStatement * columns)
            let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: (end - start) / columns).joined(separator: ", ")
            try db.executeDeferred("""
                INSERT INTO audit_entries (user_id, seq, task_id, action, at, actor, changes, prev_hash, hash, event_id, event_sequence)
                VALUES \(rows)
                """, Array(pending[start..<end]))
            start = end
        }
        for (user, head) in heads { try head.write(db, userID: user) }
    }

    /// 11 arguments a row: under SQLite's 32 766 variables and PostgreSQL's 65 535 parameters.
    static let rowsPerStatement = 100
}

/// A record the audit log cannot hold as it is.
public enum AuditRecordError: Error, Sendable, CustomStringConvertible {
    case actorNotPlain(String)
    /// The chain's recorded head is not a hash: the table was changed by hand; `verify` says where.
    case headNotAHash(String)

    public var description: String {
        switch self {
        case .actorNotPlain(let actor): "the actor \"\(actor.prefix(60))\" holds characters the canonical entry cannot carry unescaped"
        case .headNotAHash(let user): "the audit chain head of user \(user) is not a SHA-256 hex digest; run GET /api/v1/audit/verify"
        }
    }
}
