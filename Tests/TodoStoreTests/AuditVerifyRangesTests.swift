import Foundation
import Testing
import TodoCore
@testable import TodoStore
import TodoTestSupport

/// A chain verified in several seq ranges at once finds exactly what one walk finds: every
/// kind of tampering, at every position (so at and next to every range boundary).
@Suite struct AuditVerifyRangesTests {
    static let length = 24

    /// Appends an intact chain of `length` entries for `user`.
    static func appendChain(_ store: any TaskStore, for user: UUID) throws {
        try store.auditLog.database.write { db in
            var appender = AuditAppender(db: db)
            for index in 1...length {
                try appender.append(AuditRecord(userID: user, taskID: UUID(), action: .updated,
                                                at: Date(timeIntervalSince1970: 1_767_225_600 + Double(index)), actor: user.lowercasedString,
                                                changesJSON: #"{"title":{"from":"\#(index - 1)","to":"\#(index)"}}"#,
                                                eventID: "\(user.lowercasedString)-event-\(index)", eventSequence: Int64(index)))
            }
            try appender.finish()
        }
    }

    /// Each tampering's SQL on `user`'s chain at `seq`, and the first bad seq verify must report
    /// (a forged entry names an event of its own: the log holds one entry per event id).
    static func tamperings(at seq: Int, of user: UUID) -> [(name: String, sql: String, firstBad: Int64)] {
        let mine = "user_id = '\(user.lowercasedString)'"
        let columns = "user_id, seq, task_id, action, at, actor, changes, prev_hash, hash, event_id, event_sequence"
        return [
            ("edited", "UPDATE audit_entries SET changes = '{}' WHERE \(mine) AND seq = \(seq)", Int64(seq)),
            ("deleted", "DELETE FROM audit_entries WHERE \(mine) AND seq = \(seq)", Int64(seq)),
            ("relinked", "UPDATE audit_entries SET prev_hash = '\(String(repeating: "ab", count: 32))' WHERE \(mine) AND seq = \(seq)", Int64(seq)),
            ("renumbered past a gap", "UPDATE audit_entries SET seq = seq + 100 WHERE \(mine) AND seq >= \(seq)", Int64(seq)),
            ("appended behind the head's back",
             "INSERT INTO audit_entries (\(columns)) SELECT user_id, \(length + seq), task_id, action, at, actor, changes, hash, hash, event_id || '-forged', "
                + "event_sequence FROM audit_entries WHERE \(mine) AND seq = \(length)",
             Int64(length + 1)),
        ]
    }

    @Test(arguments: Backend.available)
    func everyTamperingIsFoundAtTheSameSeqWhateverTheRanges(backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let intact = UUID()
        try Self.appendChain(fixture.store, for: intact)
        var cases: [(user: UUID, name: String, seq: Int, firstBad: Int64)] = []
        for seq in 1...Self.length {
            for index in Self.tamperings(at: seq, of: intact).indices {
                let user = UUID()
                try Self.appendChain(fixture.store, for: user)
                let tampering = Self.tamperings(at: seq, of: user)[index]
                try fixture.store.auditLog.database.write { try $0.execute(tampering.sql, []) }
                cases.append((user, tampering.name, seq, tampering.firstBad))
            }
        }
        for ranges in 1...5 {
            #expect(try fixture.store.auditLog.verify(userID: intact, ranges: ranges) == AuditVerification(checked: Int64(Self.length), firstBadSeq: nil))
        }
        for tampered in cases {
            let found = try (1...5).map { try fixture.store.auditLog.verify(userID: tampered.user, ranges: $0).firstBadSeq }
            #expect(found == Array(repeating: tampered.firstBad, count: 5), "\(tampered.name) at \(tampered.seq)")
        }
    }
}
