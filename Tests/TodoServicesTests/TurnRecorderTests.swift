import Foundation
import Synchronization
import Testing
import TodoCore
@testable import TodoServices
import TodoStore
import TodoTestSupport

/// Chat turns recorded with group commit (`TurnRecorder`, `recordTurns`): concurrent turns
/// share transactions, every turn is stored whole and in its conversation, and a turn that
/// cannot be stored fails alone.
@Suite struct TurnRecorderTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func turn(_ message: String) -> ConversationTurn {
        ConversationTurn(userMessage: message, reply: "Done: \(message)", actionsJSON: "[]", state: "{}")
    }

    @Test(arguments: TestBackend.available)
    func concurrentTurnsAreEachStoredInTheirConversation(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let users = try (0..<4).map { try store.createUser(email: "turns\($0)@example.com", name: nil, passwordHash: nil, now: Self.now) }
        let recorder = TurnRecorder(store: store)
        let conversations = (0..<8).map { _ in UUID.random() }
        let commitsBefore = store.eventLog.commits.current
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let conversation = conversations[index % 8]
            do {
                try recorder.record(Self.turn("turn \(index)"), conversationID: conversation, userID: users[index % 8 % 4].id,
                                    now: Self.now.addingTimeInterval(Double(index)))
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        var stored = 0
        for (offset, conversation) in conversations.enumerated() {
            let messages = try #require(try store.messages(conversationID: conversation, userID: users[offset % 4].id))
            #expect(messages.count == 16)
            // Each turn's two messages, the user's then the assistant's, side by side.
            for pair in stride(from: 0, to: messages.count, by: 2) {
                #expect(messages[pair].role == .user && messages[pair + 1].role == .assistant)
                #expect(messages[pair + 1].content == "Done: \(messages[pair].content)")
            }
            stored += messages.count / 2
        }
        #expect(stored == 64)
        #expect(store.eventLog.commits.current - commitsBefore <= 64)
    }

    @Test(arguments: TestBackend.available)
    func aTurnThatCannotBeStoredFailsAloneAndTheOthersOfItsBatchAreKept(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let owner = try store.createUser(email: "owner@example.com", name: nil, passwordHash: nil, now: Self.now)
        let other = try store.createUser(email: "other@example.com", name: nil, passwordHash: nil, now: Self.now)
        let taken = UUID.random()
        try store.recordTurn(Self.turn("mine"), conversationID: taken, userID: owner.id, now: Self.now)
        let fresh = UUID.random()
        // One transaction would hold all three; the second cannot be stored (another user's id).
        #expect(throws: (any Error).self) {
            try store.recordTurns([RecordedTurn(Self.turn("a"), conversationID: fresh, userID: other.id, now: Self.now),
                                   RecordedTurn(Self.turn("b"), conversationID: taken, userID: other.id, now: Self.now)])
        }
        #expect(try store.messages(conversationID: fresh, userID: other.id) == nil)

        let recorder = TurnRecorder(store: store)
        let outcomes = Mutex<[String: Bool]>([:])
        DispatchQueue.concurrentPerform(iterations: 12) { index in
            let conversation = index == 5 ? taken : fresh
            let ok = (try? recorder.record(Self.turn("t\(index)"), conversationID: conversation, userID: other.id, now: Self.now)) != nil
            outcomes.withLock { $0["t\(index)"] = ok }
        }
        #expect(outcomes.withLock { $0 }.filter { !$0.value }.map(\.key) == ["t5"])
        #expect(try store.messages(conversationID: fresh, userID: other.id)?.count == 22)
        #expect(try store.messages(conversationID: taken, userID: owner.id)?.map(\.content) == ["mine", "Done: mine"])
    }

    /// A model's turn reads only the last messages of a conversation, in the order they were said.
    @Test(arguments: TestBackend.available)
    func theLastMessagesAreReadInOrderWithoutTheRest(backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let owner = try store.createUser(email: "owner@example.com", name: nil, passwordHash: nil, now: Self.now)
        let conversation = UUID.random()
        for index in 0..<30 {
            try store.recordTurn(Self.turn("m\(index)"), conversationID: conversation, userID: owner.id, now: Self.now.addingTimeInterval(Double(index)))
        }
        #expect(try store.messages(conversationID: conversation, userID: owner.id)?.count == 60)
        #expect(try store.messages(conversationID: conversation, userID: owner.id, last: 3)?.map(\.content) == ["Done: m28", "m29", "Done: m29"])
        #expect(try store.messages(conversationID: conversation, userID: owner.id, last: 0) == [])
        #expect(try store.messages(conversationID: UUID.random(), userID: owner.id, last: 3) == nil)
    }
}
