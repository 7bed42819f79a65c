import Foundation
import Synchronization
import Testing
import TodoCore
import TodoEvents
@testable import TodoServices
import TodoStore
import TodoTestSupport

/// The websocket service's core on real databases: events become §6.3 messages, the history
/// records each once, and a client that resumes while messages keep coming gets each later
/// message exactly once and in order.
@Suite struct LiveUpdatesCoreTests {
    static let user = UUID(uuidString: "6F0E7A52-1C1B-4E0E-9C35-3C0A3C7E2B11")!
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func event(_ sequence: Int64, type: String = "com.todo.task.created", user: UUID = user) -> CloudEvent {
        CloudEvent(id: UUID().lowercasedString, source: "/test", type: type,
                   data: .object([("user_id", .string(user.lowercasedString)), ("task", .object([("title", .string("t\(sequence)"))]))]),
                   partitionKey: user.lowercasedString, sequence: sequence)
    }

    /// Collects what a client is sent.
    final class Sink: Sendable {
        let sent = Mutex<[Int64]>([])
        func take(_ message: LiveMessage) -> Bool {
            sent.withLock { $0.append(message.sequence) }
            return true
        }
    }

    static func live(_ database: TestDatabase) throws -> (LiveUpdates, any TaskStore) {
        let store = try StoreFactory.open(DatabaseURL(database.url))
        return (LiveUpdates(history: LiveHistory(database: store.eventLog.database), metrics: EventMetrics(), logger: .disabled, clock: { now }), store)
    }

    @Test func eventsBecomeTheMessagesOfDesign63() throws {
        let message = try #require(try LiveMessage(event: Self.event(7, type: "com.todo.task.completed")))
        #expect(message.json == #"{"type":"task.completed","sequence":7,"task":{"title":"t7"}}"#)
        #expect(message.userID == Self.user)
        #expect(try LiveMessage(event: Self.event(8, type: "com.todo.reminder.due")) == nil)
        // A notification carries the notification as the notifications API lists it, once.
        var delivered = Self.event(10, type: "com.todo.notification.delivered")
        delivered.data = .object([("user_id", .string(Self.user.lowercasedString)), ("notification", .object([("id", .string("n1")), ("late", .bool(false))])),
                                  ("task", .object([("title", .string("t10"))]))])
        #expect(try LiveMessage(event: delivered)?.json
                    == #"{"type":"notification","sequence":10,"task":{"title":"t10"},"notification":{"id":"n1","late":false}}"#)
        var unordered = Self.event(9)
        unordered.sequence = nil
        #expect(throws: LiveMessageError.self) { try LiveMessage(event: unordered) }
    }

    @Test(arguments: TestBackend.available)
    func aRedeliveredEventIsRecordedOnceAndSentOnce(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let (live, store) = try Self.live(database)
        defer { store.close() }
        let sink = Sink()
        let client = LiveClient(userID: Self.user, resumeFrom: nil, sink: sink.take)
        live.hub.add(client)
        let event = Self.event(1)
        try live.handle(event)
        // A client connected after the first delivery has not seen it, and is not sent it again.
        let later = Sink()
        live.attachLive(LiveClient(userID: Self.user, resumeFrom: nil, sink: later.take))
        try live.handle(event)
        try live.handle(Self.event(1, user: UUID())) // another user's
        #expect(sink.sent.withLock { $0 } == [1])
        #expect(later.sent.withLock { $0 }.isEmpty)
        #expect(try live.history.messages(of: Self.user, after: 0, limit: 10).map(\.sequence) == [1])
        #expect(try live.history.latestSequence(of: Self.user) == 1)
        #expect(try live.history.trim(recordedBefore: Self.now.addingTimeInterval(1)) == 2)
        try live.handle(Self.event(2))
        #expect(later.sent.withLock { $0 } == [2], "a later message reaches it")
    }

    /// A transport like a WebSocket's: a queue the client drains at its own pace, and a client
    /// dropped once the queue would pass 1 MiB.
    final class PacedTransport: Sendable {
        let unsent = Mutex(0)
        let sent = Mutex<[Int64]>([])
        let dropped = Mutex(false)
        let stopped = Mutex(false)
        func take(_ message: LiveMessage) -> Bool {
            unsent.withLock { unsent in
                guard unsent + message.json.utf8.count <= 1 << 20 else { dropped.withLock { $0 = true }; return false }
                unsent += message.json.utf8.count
                sent.withLock { $0.append(message.sequence) }
                return true
            }
        }
        /// The client reads 64 KB a millisecond until stopped.
        func read() {
            while !stopped.withLock({ $0 }) {
                unsent.withLock { $0 = max(0, $0 - 64 * 1024) }
                usleep(1_000)
            }
        }
    }

    /// A resume over more history than the transport holds is sent as fast as the client reads,
    /// not dropped as a client that does not read (4 MB here, against a 1 MiB queue).
    @Test func aReplayLargerThanTheTransportsQueueWaitsForTheClient() throws {
        let database = try TestDatabase(.sqlite)
        let (live, store) = try Self.live(database)
        defer { store.close() }
        let title = String(repeating: "x", count: 2_000)
        let events = (1...2_000).map { sequence in
            CloudEvent(id: UUID().lowercasedString, source: "/test", type: "com.todo.task.created",
                       data: .object([("user_id", .string(Self.user.lowercasedString)), ("task", .object([("title", .string(title))]))]),
                       partitionKey: Self.user.lowercasedString, sequence: Int64(sequence))
        }
        try live.handle(events)
        let transport = PacedTransport()
        let reader = Thread { transport.read() }
        reader.start()
        defer { transport.stopped.withLock { $0 = true } }
        let client = LiveClient(userID: Self.user, resumeFrom: 0, unsent: { transport.unsent.withLock { $0 } }, sink: transport.take)
        try client.replay(from: live.history)
        #expect(transport.dropped.withLock { $0 } == false)
        #expect(transport.sent.withLock { $0 == Array(1...2_000) }, "every message, once, in order")
    }

    @Test(arguments: TestBackend.available)
    func aBatchIsRecordedInOneTransactionAndSentInOrderAndABadOneRecordsNothing(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let (live, store) = try Self.live(database)
        defer { store.close() }
        let sink = Sink()
        live.hub.add(LiveClient(userID: Self.user, resumeFrom: nil, sink: sink.take))
        var unordered = Self.event(4)
        unordered.sequence = nil
        #expect(throws: LiveMessageError.self) { try live.handle([Self.event(3), unordered]) }
        #expect(try live.history.latestSequence(of: Self.user) == 0)
        let first = Self.event(1)
        try live.handle([first]) // the first also trims the history, in a transaction of its own
        let commits = store.eventLog.commits.current
        try live.handle([Self.event(2), first, Self.event(3, type: "com.todo.reminder.due"), Self.event(3)])
        #expect(store.eventLog.commits.current - commits == 1)
        #expect(sink.sent.withLock { $0 } == [1, 2, 3])
        #expect(try live.history.messages(of: Self.user, after: 0, limit: 10).map(\.sequence) == [1, 2, 3])
    }

    @Test(arguments: TestBackend.available)
    func aResumeWhileMessagesKeepComingHasNoGapAndNoDuplicate(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let (live, store) = try Self.live(database)
        defer { store.close() }
        for sequence in 1...300 { try live.handle(Self.event(Int64(sequence))) }
        let sink = Sink()
        let client = LiveClient(userID: Self.user, resumeFrom: 100, sink: sink.take)
        live.hub.add(client)
        // Live messages arrive while the history is replayed (two pages of 100), some of them
        // already in it (a redelivery), the rest new.
        let producer = Thread {
            for sequence in 250...500 { try? live.handle(Self.event(Int64(sequence))) }
        }
        producer.start()
        try client.replay(from: live.history, pageSize: 100)
        let deadline = ContinuousClock.now + .seconds(20)
        while sink.sent.withLock({ $0.last }) != 500, ContinuousClock.now < deadline { usleep(1_000) }
        #expect(sink.sent.withLock { $0 } == Array(101...500))
    }

    /// More live messages during a replay than the client can hold: it is told to reconnect
    /// (the replay throws, and the transport is ended), not left open and silent for good.
    @Test func aReplayOvertakenByMoreThanItHoldsEndsTheClientWithWhereToResume() throws {
        let database = try TestDatabase(.sqlite)
        let (live, store) = try Self.live(database)
        defer { store.close() }
        for sequence in 1...10 { try live.handle(Self.event(Int64(sequence))) }
        let sink = Sink()
        let client = LiveClient(userID: Self.user, resumeFrom: 0, sink: sink.take)
        for sequence in 11...(11 + LiveClient.replayBufferLimit) {
            client.deliver(try #require(try LiveMessage(event: Self.event(Int64(sequence)))))
        }
        #expect(throws: LiveClientFellBehind.self) { try client.replay(from: live.history) }
        do {
            try client.replay(from: live.history)
        } catch let behind as LiveClientFellBehind {
            #expect(behind.lastSent == 0, "overtaken before its first page: it resumes where it came from")
            #expect(behind.reason.contains("resume from 0"), "\(behind.reason)")
        }
        #expect(sink.sent.withLock { $0 }.isEmpty, "nothing it could not send in order")
        // Within the limit, the same replay goes live as ever.
        let within = Sink()
        let keeping = LiveClient(userID: Self.user, resumeFrom: 0, sink: within.take)
        for sequence in 11...20 { keeping.deliver(try #require(try LiveMessage(event: Self.event(Int64(sequence))))) }
        try keeping.replay(from: live.history)
        #expect(within.sent.withLock { $0 } == Array(1...20))
    }
}
