import Foundation
import Synchronization
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
    /// last entry the chain's recorded head.
    ///
    /// An entry's check needs only its own row and its predecessor's hash, so a long chain is
    /// cut into seq ranges walked at once on as many connections (`verifyRanges`); the links
    /// between ranges are checked when their walks are put together. Every range is read in
    /// pages inside one snapshot; the last one, which runs open-ended, reads the head in the
    /// same snapshot. Entries up to a head are never rewritten by appends (they only add
    /// after it), so ranges read in later snapshots see the same rows below it.
    public func verify(userID: UUID) throws(StoreError) -> AuditVerification {
        try verify(userID: userID, ranges: nil)
    }

    /// `verify` in `ranges` ranges (tests); nil: as many as pay for the chain's length.
    func verify(userID: UUID, ranges: Int?) throws(StoreError) -> AuditVerification {
        let user = userID.lowercasedString
        do {
            let headSeq = try database.read { try AuditChainHead.read($0, userID: user) }?.seq ?? 0
            let count = ranges ?? (headSeq >= Self.minimumEntriesPerRange * 2 ? Self.verifyRanges : 1)
            let bounds = Self.rangeBounds(upTo: headSeq, ranges: count)
            let results = Mutex<[Int: Result<(AuditChainWalk.Summary, AuditChainHead?), StoreError>]>([:])
            DispatchQueue.concurrentPerform(iterations: bounds.count) { index in
                let result: Result<(AuditChainWalk.Summary, AuditChainHead?), StoreError>
                do {
                    result = .success(try walk(user, after: bounds[index].after, through: bounds[index].through))
                } catch {
                    result = .failure(StoreError.wrap(error))
                }
                results.withLock { $0[index] = result }
            }
            let walks = try results.withLock { all in try (0..<bounds.count).map { try all[$0]!.get() } }
            return AuditChainWalk.verification(of: walks.map(\.0), head: walks.last?.1)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Ranges a long chain is verified in at once: one per processor, at most 4.
    static let verifyRanges = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Below this many entries a range costs more to start than it saves.
    static let minimumEntriesPerRange: Int64 = 50_000

    /// `ranges` consecutive (after, through] seq ranges covering 1…`last`, the final one open.
    static func rangeBounds(upTo last: Int64, ranges: Int) -> [(after: Int64, through: Int64)] {
        let count = Int64(max(1, ranges))
        return (0..<count).map { index in
            (after: last * index / count, through: index == count - 1 ? Int64.max : last * (index + 1) / count)
        }
    }

    /// Walks the user's entries with `after` < seq ≤ `through` in one snapshot; the open-ended
    /// last range also reads the chain's head there.
    private func walk(_ user: String, after start: Int64, through end: Int64) throws -> (AuditChainWalk.Summary, AuditChainHead?) {
        try database.readSnapshot { db in
            var walk = AuditChainWalk(userID: user)
            var after = start
            while true {
                var read = 0
                try db.query("""
                    SELECT seq, task_id, action, at, actor, changes, hash, prev_hash FROM audit_entries
                    WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?
                    """, [.text(user), .integer(after), .integer(end), .int(Self.verifyPageSize)]) { row in
                    read += 1
                    after = row.int64(0)
                    walk.check(row)
                }
                if read < Self.verifyPageSize { break }
            }
            return (walk.summary, end == Int64.max ? try AuditChainHead.read(db, userID: user) : nil)
        }
    }
}

/// The last entry of a user's chain, kept in `audit_heads` in the transaction of the append.
struct AuditChainHead: Sendable {
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

/// The walk of one seq range of a chain: the next expected seq and the previous entry's hash.
/// Its first row is taken as it stands (its seq, and its `prev_hash` as the hash before it):
/// whether it links to the entry before is checked when the walks are put together
/// (`verification(of:head:)`). Columns are read from the driver's buffers into the hash
/// input: nothing is allocated per entry. Once a link is bad, later rows are only counted.
struct AuditChainWalk {
    let userID: [UInt8]
    var hasher = AuditHasher()
    var expected: Int64 = 1
    /// The previous entry's hash as checked: bytes and hex.
    var previousDigest = [UInt8](repeating: 0, count: 32)
    var previousHash = Array(AuditCanonicalForm.zeroHash.utf8)
    var checked: Int64 = 0
    var firstBad: Int64?
    /// The range's first row: its seq and `prev_hash`, for the link to the range before.
    var firstSeq: Int64?
    var firstPrevHash: [UInt8] = []

    init(userID: String) {
        self.userID = Array(userID.utf8)
    }

    /// Row columns: seq, task_id, action, at, actor, changes, hash, prev_hash.
    mutating func check(_ row: any SQLRow) {
        checked += 1
        let seq = row.int64(0)
        defer { expected = seq + 1 }
        guard firstBad == nil else { return }
        if firstSeq == nil {
            firstSeq = seq
            firstPrevHash = row.withUTF8(7) { Array($0) }
            guard let digest = AuditHasher.bytes(ofHex: firstPrevHash) else {
                firstBad = seq
                return
            }
            previousDigest = digest
            previousHash = firstPrevHash
            expected = seq
        }
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

    /// What the walk found, for putting walks together.
    struct Summary: Sendable {
        var checked: Int64
        var firstBad: Int64?
        /// The range's first and last seq (nil when it held no entry), the `prev_hash` of its
        /// first entry and the hash of its last.
        var first: Int64?
        var last: Int64
        var firstPrevHash: [UInt8]
        var lastHash: [UInt8]
    }

    var summary: Summary {
        Summary(checked: checked, firstBad: firstBad, first: firstSeq, last: expected - 1, firstPrevHash: firstPrevHash, lastHash: previousHash)
    }

    /// The result of the walks of consecutive ranges, in seq order: the first bad seq of any
    /// walk or of a link between two (a range must start right after the one before and with
    /// its hash: the first entry after seq 0 and the zero hash), and the chain must end at
    /// the recorded head.
    static func verification(of walks: [Summary], head: AuditChainHead?) -> AuditVerification {
        var checked: Int64 = 0
        var firstBad: Int64?
        func found(_ seq: Int64) { firstBad = min(firstBad ?? seq, seq) }
        var last: Int64 = 0
        var lastHash = Array(AuditCanonicalForm.zeroHash.utf8)
        for walk in walks {
            checked += walk.checked
            guard let first = walk.first else { continue }
            if let bad = walk.firstBad { found(bad) }
            if first != last + 1 {
                found(min(first, last + 1))
            } else if walk.firstPrevHash != lastHash {
                found(first)
            }
            last = walk.last
            lastHash = walk.lastHash
        }
        if let firstBad { return AuditVerification(checked: checked, firstBadSeq: firstBad) }
        let head = head ?? .empty
        if last < head.seq { return AuditVerification(checked: checked, firstBadSeq: last + 1) }
        if last > head.seq { return AuditVerification(checked: checked, firstBadSeq: head.seq + 1) }
        if last > 0, !lastHash.elementsEqual(head.hash.utf8) { return AuditVerification(checked: checked, firstBadSeq: last) }
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

    /// The records among `records` whose events have no entry yet, in order, each event once
    /// however often it is repeated: the audit log's own record of what it applied (an entry
    /// keeps its event's id, unique in `audit_entries_by_event`), so a redelivered event
    /// appends nothing. Call it inside the transaction that appends them.
    public func unappended(_ records: [AuditRecord]) throws -> [AuditRecord] {
        var known: Set<String> = []
        let ids = Array(Set(records.map(\.eventID)))
        // One argument a row: well under SQLite's 32 766 variables per statement.
        for chunk in ids.chunks(of: 1_000) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            try db.query("SELECT event_id FROM audit_entries WHERE event_id IN (\(placeholders))", chunk.map { .text($0) }) {
                known.insert($0.text(0))
            }
        }
        return records.filter { known.insert($0.eventID).inserted }
    }

    /// Reads the heads of `users`' chains in one query, so that appending a batch of several
    /// users' records costs one round trip for their heads rather than one per user.
    public mutating func readHeads(of users: Set<UUID>) throws {
        let wanted = users.map(\.lowercasedString).filter { heads[$0] == nil }
        guard !wanted.isEmpty else { return }
        for user in wanted { heads[user] = .empty }
        let placeholders = Array(repeating: "?", count: wanted.count).joined(separator: ", ")
        try db.query("SELECT user_id, seq, hash, event_sequence FROM audit_heads WHERE user_id IN (\(placeholders))",
                     wanted.map { .text($0) }) { row in
            heads[row.text(0).lowercased()] = AuditChainHead(seq: row.int64(1), hash: row.text(2), eventSequence: row.int64(3))
        }
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
