import Foundation
import Testing
import TodoCore
@testable import TodoStore

/// The outbox relay waits for `outboxChanges`: raised by a commit that wrote to the outbox, and
/// on SQLite by no other, so the relay is not woken by every chat turn and consumer offset.
@Suite struct OutboxSignalTests {
    struct Refused: Error {}

    @Test(arguments: Backend.available)
    func aCommitThatWritesTheOutboxRaisesTheSignal(backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.makeUser()
        let signal = fixture.store.eventLog.outboxChanges
        let before = signal.current
        _ = try fixture.store.createTask(TaskDraft(title: "Pay rent"), userID: user.id, now: Fixed.now)
        #expect(signal.current > before)
    }

    @Test func onSQLiteOtherCommitsAndRolledBackOutboxWritesDoNot() throws {
        let fixture = try StoreFixture(.sqlite)
        let user = try fixture.makeUser()
        let signal = fixture.store.eventLog.outboxChanges
        let commits = fixture.store.eventLog.commits
        let before = (outbox: signal.current, commits: commits.current)

        try fixture.store.recordTurn(ConversationTurn(userMessage: "hello", reply: "Hi!", actionsJSON: "[]", state: "{}"),
                                     conversationID: UUID(), userID: user.id, now: Fixed.now)
        _ = try fixture.makeUser()
        #expect(throws: Refused.self) {
            try fixture.database.write { db in
                try db.execute("""
                    INSERT INTO outbox (event_id, user_id, sequence, type, subject, occurred_at, data)
                    VALUES ('e', 'u', 1, 't', 's', 0, '{}')
                    """, [])
                throw Refused()
            }
        }
        #expect(commits.current - before.commits == 2)
        #expect(signal.current == before.outbox)
        #expect(try fixture.store.eventLog.pendingOutbox(limit: 10).isEmpty)

        // A create: one commit, one signal.
        _ = try fixture.store.createTask(TaskDraft(title: "Pay rent"), userID: user.id, now: Fixed.now)
        #expect(signal.current == before.outbox + 1)
    }
}

/// Each consumer waits for appends of its topic and, when it filters by type, of its types.
@Suite struct AppendSignalTests {
    @Test func anAppendRaisesTheSignalsOfItsTopicAndTypeOnly() throws {
        let fixture = try StoreFixture(.sqlite)
        let log = fixture.store.eventLog
        let anyTask = log.appendedSignal(topic: "task-events")
        let completions = log.appendedSignal(topic: "task-events", types: ["com.todo.task.completed"])
        let reminders = log.appendedSignal(topic: "reminders")
        func message(_ topic: String, _ type: String) -> TopicMessage {
            TopicMessage(topic: topic, key: "k", eventID: UUID().uuidString, type: type, payload: "{}")
        }

        try log.append([message("task-events", "com.todo.task.created")], now: Fixed.now)
        #expect([anyTask.current, completions.current, reminders.current] == [1, 0, 0])
        try log.append([message("task-events", "com.todo.task.created"), message("task-events", "com.todo.task.completed")], now: Fixed.now)
        #expect([anyTask.current, completions.current, reminders.current] == [2, 1, 0])
        try log.append([message("reminders", "com.todo.reminder.due")], now: Fixed.now)
        #expect([anyTask.current, completions.current, reminders.current] == [2, 1, 1])
    }
}
