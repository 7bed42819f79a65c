import Foundation
import TodoStore

/// Applies each event's effect once per consumer group, however often the bus delivers it: the
/// event id is recorded in the consumer's own database in the same transaction as the effect.
public struct IdempotentConsumer: Sendable {
    public let group: String
    let database: any SQLDatabase

    public init(group: String, store: EventLogStore) {
        self.group = group
        database = store.database
    }

    /// Runs `effect` in one transaction with the record of `event`'s id; returns false, having
    /// run nothing, when this group already applied the event.
    @discardableResult
    public func apply(_ event: CloudEvent, now: Date = Date(), effect: (any SQLConnection) throws -> Void) throws -> Bool {
        try database.write { db in
            guard try EventLogStore.markProcessed(event.id, group: group, in: db, now: now) else { return false }
            try effect(db)
            return true
        }
    }

    /// The batch form of `apply`: one transaction records the ids of `events` and runs
    /// `effect` with those this group had not applied yet (in their order; an id repeated in
    /// the batch counts once). Returns them.
    @discardableResult
    public func apply(_ events: [CloudEvent], now: Date = Date(),
                      effect: (_ fresh: [CloudEvent], any SQLConnection) throws -> Void) throws -> [CloudEvent] {
        try database.write { db in
            var fresh = try EventLogStore.markProcessed(events.map(\.id), group: group, in: db, now: now)
            let applied = events.filter { fresh.remove($0.id) != nil }
            if !applied.isEmpty { try effect(applied, db) }
            return applied
        }
    }
}
