import Foundation
import TodoCore

/// What the audit log records of one task change, before it is chained (DESIGN §6.3).
public struct AuditRecord: Sendable, Equatable {
    public var userID: UUID
    public var taskID: UUID
    public var action: TaskEventType
    /// When the change happened (the event's `time`), to the millisecond.
    public var at: Date
    /// Who made the change (docs/decisions.md: the user id, as events carry no actor).
    public var actor: String
    /// The changed fields as `{"field": {"from", "to"}}`, canonical JSON text
    /// (`AuditCanonicalForm.changesJSON`): what is stored and hashed.
    public var changesJSON: String
    /// The event this record comes from, and its per-user sequence: kept beside the entry
    /// (not hashed) so that an entry can be traced back to its event.
    public var eventID: String
    public var eventSequence: Int64

    public init(userID: UUID, taskID: UUID, action: TaskEventType, at: Date, actor: String, changesJSON: String,
                eventID: String, eventSequence: Int64) {
        self.userID = userID
        self.taskID = taskID
        self.action = action
        self.at = Timestamp.truncated(at)
        self.actor = actor
        self.changesJSON = changesJSON
        self.eventID = eventID
        self.eventSequence = eventSequence
    }
}

/// One entry of a user's hash chain, as stored and served.
public struct AuditEntry: Sendable, Equatable {
    /// The entry's position in its user's chain: 1, 2, 3… without gaps.
    public var seq: Int64
    /// Lower-case UUID text, as hashed.
    public var taskID: String
    public var action: String
    /// Milliseconds since the epoch.
    public var atMilliseconds: Int64
    public var actor: String
    /// `changes` as canonical JSON text (`AuditCanonicalForm.changesJSON`), exactly as hashed.
    public var changesJSON: String
    /// Lower-case hex of SHA-256(prev_hash ‖ canonical entry).
    public var hash: String
    public var prevHash: String
}

/// A page of a user's audit trail, oldest first.
public struct AuditPage: Sendable {
    public var entries: [AuditEntry]
    /// The `seq` to continue after; nil on the last page.
    public var nextAfter: Int64?
}

/// What walking a user's chain found.
public struct AuditVerification: Sendable, Equatable {
    public var intact: Bool { firstBadSeq == nil }
    /// Entries read from the chain.
    public var checked: Int64
    /// The first position where the chain is not what was appended: an edited entry, a
    /// missing one (a gap, or a tail shorter than the chain's head) or one that was added.
    public var firstBadSeq: Int64?

    public init(checked: Int64, firstBadSeq: Int64?) {
        self.checked = checked
        self.firstBadSeq = firstBadSeq
    }
}
