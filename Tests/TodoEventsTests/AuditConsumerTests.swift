import Foundation
import Testing
import TodoCore
import TodoEvents
import TodoLog
@testable import TodoServices
import TodoStore
import TodoTestSupport

/// The audit-log service's consumer, handed events directly as the bus would (redelivered,
/// repeated inside one batch, out of order): each event is appended once, in the order
/// applied, on an intact chain.
@Suite struct AuditConsumerTests {
    struct Harness {
        let fixture: EventFixture
        let service: AuditLogService
        let events: EventBackbone

        init(_ backend: TestBackend) throws {
            fixture = try EventFixture(backend)
            events = try EventBackbone(store: fixture.store, kind: .embedded, environment: [:], logger: .disabled)
            service = AuditLogService(ServiceDependencies(store: fixture.store, events: events, logger: .disabled, environment: [:]))
        }

        /// The CloudEvents of the changes written so far, as the relay would publish them.
        func outboxEvents() throws -> [CloudEvent] {
            try fixture.store.outbox(after: 0, limit: 1_000).map { try CloudEvent(outbox: $0) }
        }

        func trail() throws -> [AuditEntry] {
            try fixture.store.auditLog.page(userID: fixture.user.id, taskID: nil, after: 0, limit: 500).entries
        }
    }

    @Test(arguments: TestBackend.available)
    func anEventDeliveredTwiceInOneBatchOrAgainLaterIsAppendedOnce(backend: TestBackend) throws {
        let harness = try Harness(backend)
        let task = try harness.fixture.createTasks(1)[0]
        _ = try harness.fixture.store.completeTask(id: task.id, userID: harness.fixture.user.id, expectedVersion: nil, now: Date())
        let events = try harness.outboxEvents()
        #expect(events.count == 2)
        try harness.service.apply([events[0], events[0], events[1]])
        try harness.service.apply(events)
        try harness.service.apply([events[1]])
        let trail = try harness.trail()
        #expect(trail.map(\.seq) == [1, 2])
        #expect(trail.map(\.action) == ["created", "completed"])
        #expect(try harness.fixture.store.auditLog.verify(userID: harness.fixture.user.id) == AuditVerification(checked: 2, firstBadSeq: nil))
    }

    @Test(arguments: TestBackend.available)
    func anEventAlreadyInTheLogIsNotAppendedAgainOnceTheProcessedIdsAreTrimmed(backend: TestBackend) throws {
        let harness = try Harness(backend)
        try harness.fixture.createTasks(2)
        let events = try harness.outboxEvents()
        try harness.service.apply(events)
        // Retention empties `processed_events`; the log's own entries still know their events.
        try harness.fixture.store.eventLog.trim(before: Date().addingTimeInterval(86_400))
        try harness.service.apply(events)
        #expect(try harness.trail().map(\.seq) == [1, 2])
        #expect(try harness.fixture.store.auditLog.verify(userID: harness.fixture.user.id) == AuditVerification(checked: 2, firstBadSeq: nil))
    }

    @Test(arguments: TestBackend.available)
    func aSecondEntryForOneEventIsRefusedByTheDatabase(backend: TestBackend) throws {
        let harness = try Harness(backend)
        try harness.fixture.createTasks(1)
        let event = try harness.outboxEvents()[0]
        try harness.service.apply([event])
        // What a second member of the group applying the same batch at once would write.
        var record = try AuditRecord(event: event)
        record.eventSequence += 1
        #expect(throws: (any Error).self) {
            try harness.fixture.store.auditLog.database.write { db in
                var appender = AuditAppender(db: db)
                try appender.append(record)
                try appender.finish()
            }
        }
        #expect(try harness.trail().count == 1)
    }

    @Test(arguments: TestBackend.available)
    func anOlderEventWithANewIdIsAppendedInArrivalOrderAndCounted(backend: TestBackend) throws {
        let harness = try Harness(backend)
        try harness.fixture.createTasks(2)
        let events = try harness.outboxEvents()
        try harness.service.apply([events[1]])
        try harness.service.apply([events[0]])
        #expect(try harness.trail().map(\.taskID) == [events[1].subject, events[0].subject])
        #expect(harness.events.metrics.value("todo_audit_events_out_of_order_total") == 1)
        #expect(try harness.fixture.store.auditLog.verify(userID: harness.fixture.user.id).intact)
    }

    @Test func anEventWithoutItsUserIsRefusedAndNothingIsAppended() throws {
        let harness = try Harness(.sqlite)
        try harness.fixture.createTasks(1)
        var event = try harness.outboxEvents()[0]
        event.data = .object([("task", .object([("id", .string(UUID().lowercasedString))]))])
        #expect(throws: AuditEventError.self) { try harness.service.apply([event]) }
        #expect(try harness.trail().isEmpty)
        #expect(harness.events.metrics.value("todo_audit_events_refused_total") == 1)
    }

    @Test(arguments: TestBackend.available)
    func aBatchOfSeveralUsersContinuesEachUsersChainFromItsHead(backend: TestBackend) throws {
        let harness = try Harness(backend)
        let other = try harness.fixture.store.createUser(email: "other@example.com", name: nil, passwordHash: nil, now: Date())
        for round in 0..<2 {
            for owner in [harness.fixture.user.id, other.id] {
                _ = try harness.fixture.store.createTask(TaskDraft(title: "Round \(round)", timezone: "UTC"), userID: owner, now: Date())
            }
        }
        let events = try harness.outboxEvents()
        // Both users' heads are read together for each batch; the second starts from them.
        try harness.service.apply(Array(events[0..<2]))
        try harness.service.apply(Array(events[2..<4]))
        for owner in [harness.fixture.user.id, other.id] {
            let trail = try harness.fixture.store.auditLog.page(userID: owner, taskID: nil, after: 0, limit: 10).entries
            #expect(trail.map(\.seq) == [1, 2])
            #expect(try harness.fixture.store.auditLog.verify(userID: owner) == AuditVerification(checked: 2, firstBadSeq: nil))
        }
    }
}
