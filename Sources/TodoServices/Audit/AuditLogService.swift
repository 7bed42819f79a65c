import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoLog
import TodoStore

/// The audit-log service (issue 13 item 3, DESIGN §6.3): appends every task change of
/// `task-events` to its user's hash-chained trail, and answers `GET /api/v1/audit` and
/// `GET /api/v1/audit/verify`.
///
/// Each batch of events is applied in one transaction, and an event whose entry is already
/// in the log (found by the event id kept beside it) appends nothing: a redelivered event, or
/// a crash between the append and the bus's commit, adds no entry and leaves the chain whole.
final class AuditLogService: Service, Sendable {
    let name = ServiceName.audit
    let dependencies: ServiceDependencies
    private let subscription = Mutex<(any EventSubscription)?>(nil)
    /// Events handed over per transaction from a backlog: one commit (one fsync) for many.
    static let maxBatch = 500

    init(_ dependencies: ServiceDependencies) {
        self.dependencies = dependencies
    }

    func addRoutes(to routes: ServiceRoutes) {
        AuditController(store: dependencies.store.auditLog).addRoutes(to: routes.authenticated)
    }

    func start() throws {
        // The batch form of `ServiceDependencies.subscribe`: the same consumer group.
        let started = try dependencies.events.bus.subscribe(topic: EventTopic.taskEvents, group: name.consumerGroup,
                                                            maxBatch: Self.maxBatch) { [self] events in try apply(events) }
        subscription.withLock { $0 = started }
    }

    func stop() {
        subscription.withLock { $0 }?.stop()
    }

    /// Appends the task events among `events` this service has not applied yet, in order.
    /// An event that cannot be read as a task change throws: the bus then retries it on its
    /// own and, failing that, dead-letters it, so no change is left out unnoticed.
    func apply(_ events: [CloudEvent]) throws {
        // Read before the transaction, so a refused event holds no lock while it is logged.
        var records: [AuditRecord] = []
        records.reserveCapacity(events.count)
        for event in events where TaskEventType(cloudEventType: event.type) != nil {
            do throws(AuditEventError) {
                records.append(try AuditRecord(event: event))
            } catch {
                dependencies.logger.warning("audit event refused", [("event_id", event.id), ("type", event.type), ("error", error.description)])
                dependencies.events.metrics.increment("todo_audit_events_refused_total")
                throw error
            }
        }
        guard !records.isEmpty else { return }
        var outOfOrder: [AuditRecord] = []
        var appended = 0
        try dependencies.store.auditLog.database.write { db in
            var appender = AuditAppender(db: db)
            // Each new event once, in order, however often the batch or the bus repeats it.
            let fresh = try appender.unappended(records)
            try appender.readHeads(of: Set(fresh.map(\.userID)))
            for record in fresh {
                if try appender.append(record).outOfOrder { outOfOrder.append(record) }
            }
            appended = fresh.count
            try appender.finish()
        }
        dependencies.events.metrics.increment("todo_audit_entries_appended_total", by: Double(appended))
        for record in outOfOrder {
            // Per-user order comes from the bus; an older event with a new id means it broke
            // that promise. The entry is kept, in arrival order (docs/decisions.md).
            dependencies.logger.warning("audit event out of order, appended in arrival order",
                                        [("event_id", record.eventID), ("user_id", record.userID.lowercasedString),
                                         ("sequence", String(record.eventSequence))])
            dependencies.events.metrics.increment("todo_audit_events_out_of_order_total")
        }
    }
}
