import Foundation
import TodoCore
import TodoStore

/// The store as the chat tools see it, with single creates group-committed by `TaskCreator`
/// as `POST /api/v1/tasks` does: an MCP client adding tasks one call at a time shares commits
/// with every other concurrent create instead of paying one transaction each
/// (docs/benchmarks.md, "MCP"); with a `TurnRecorder`, chat turns are group-committed too.
/// Everything else goes to the store as it is.
struct GroupCommittedTasks: TaskRepository, ConversationRepository {
    let store: any TaskRepository & ConversationRepository
    let creator: TaskCreator
    /// Nil: each turn is recorded in a transaction of its own.
    var turns: TurnRecorder?

    func createTask(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask {
        try creator.create(draft, userID: userID, now: now)
    }

    func createTasks(_ drafts: [TaskDraft], userID: UUID, now: Date) throws -> [TodoTask] {
        try store.createTasks(drafts, userID: userID, now: now)
    }

    func createTasks(_ requests: [TaskCreationRequest], now: Date) throws -> [Result<TodoTask, StoreError>] {
        try store.createTasks(requests, now: now)
    }

    func task(id: UUID, userID: UUID) throws -> TodoTask? { try store.task(id: id, userID: userID) }
    func task(number: Int, userID: UUID) throws -> TodoTask? { try store.task(number: number, userID: userID) }

    func updateTask(id: UUID, userID: UUID, patch: TaskPatch, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try store.updateTask(id: id, userID: userID, patch: patch, expectedVersion: expectedVersion, now: now)
    }

    func completeTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try store.completeTask(id: id, userID: userID, expectedVersion: expectedVersion, now: now)
    }

    func reopenTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try store.reopenTask(id: id, userID: userID, expectedVersion: expectedVersion, now: now)
    }

    func deleteTask(id: UUID, userID: UUID, expectedVersion: Int?, now: Date) throws -> TodoTask {
        try store.deleteTask(id: id, userID: userID, expectedVersion: expectedVersion, now: now)
    }

    func restoreTask(_ deleted: TodoTask, userID: UUID, now: Date) throws -> TodoTask {
        try store.restoreTask(deleted, userID: userID, now: now)
    }

    func recordTurn(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) throws {
        guard let turns else { return try store.recordTurn(turn, conversationID: conversationID, userID: userID, now: now) }
        try turns.record(turn, conversationID: conversationID, userID: userID, now: now)
    }

    func recordTurns(_ recorded: [RecordedTurn]) throws { try store.recordTurns(recorded) }
    func conversation(id: UUID, userID: UUID) throws -> Conversation? { try store.conversation(id: id, userID: userID) }
    func conversations(userID: UUID, limit: Int) throws -> [Conversation] { try store.conversations(userID: userID, limit: limit) }
    func messages(conversationID: UUID, userID: UUID, last: Int?) throws -> [ConversationMessage]? {
        try store.messages(conversationID: conversationID, userID: userID, last: last)
    }
    func deleteConversation(id: UUID, userID: UUID) throws -> Bool { try store.deleteConversation(id: id, userID: userID) }

    func listTasks(_ query: TaskQuery, userID: UUID) throws -> TaskPage { try store.listTasks(query, userID: userID) }
    func tagCounts(userID: UUID) throws -> [TagCount] { try store.tagCounts(userID: userID) }
}
