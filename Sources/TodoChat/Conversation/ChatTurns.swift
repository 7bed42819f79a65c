import Foundation
import Synchronization
import TodoCore
import TodoStore

/// One chat turn, the same for `POST /api/v1/chat` and a local `todo chat`: read the
/// conversation's memory from the store, let the agent answer (its tool calls are the store
/// calls of the REST API), and record both messages, the actions and the new memory. Nothing
/// is kept between turns, so any replica, or the next process, can answer the next one.
public struct ChatTurns: Sendable {
    let store: any TaskRepository & ConversationRepository
    let agent: any ChatAgent
    /// Where the actions' tasks are written from: a server shares its listings' cache, so a
    /// task listed again (every "what's due today?") is copied, not written again.
    let taskJSON: TaskJSONCache?
    /// Set on a local database, where no recurring-task service runs (`ToolContext.series`).
    let series: (any SeriesRepository)?

    public init(store: any TaskRepository & ConversationRepository, agent: any ChatAgent, taskJSON: TaskJSONCache? = nil,
                series: (any SeriesRepository)? = nil) {
        self.store = store
        self.agent = agent
        self.taskJSON = taskJSON
        self.series = series
    }

    /// Answers `message` as `userID`, in the conversation `conversationID` names (a new one when
    /// nil). `now` and `zone` are the user's (dates in the message are read there); `recordedAt`
    /// stamps the stored messages and orders a new conversation's id.
    public func take(_ message: ChatMessage, conversationID given: String?, userID: UUID,
                     now: Date, zoneName: String, zone: TimeZone, recordedAt: Date) throws -> ChatExchange {
        var claimed: UUID?
        defer { if let claimed { AnsweredConversations.shared.release(claimed) } }
        let conversationID: UUID
        var state = AgentState()
        if let given {
            guard let id = UUID.parse(given) else { throw ChatError.conversationNotFound(given) }
            // One turn of a conversation at a time: two at once read the same memory, and a
            // "yes" sent twice (a double click, a retry) carried out its question twice over,
            // each half of it, and lost what "undo" would take back.
            guard AnsweredConversations.shared.claim(id) else { throw ChatError.conversationBusy(given) }
            claimed = id
            guard let conversation = try store.conversation(id: id, userID: userID) else {
                throw ChatError.conversationNotFound(given)
            }
            conversationID = id
            state = AgentState(storedJSON: conversation.state)
        } else {
            conversationID = UUID.timeOrdered(at: recordedAt)
        }
        let tools = ToolContext(store: store, userID: userID, now: now, recordedAt: recordedAt, zoneName: zoneName, zone: zone, series: series)
        let isNew = given == nil
        let answer = agent.respond(to: message.text, state: state, history: { last in
            isNew ? [] : try store.messages(conversationID: conversationID, userID: userID, last: last) ?? []
        }, context: tools)
        var actionsJSON = JSONWriter(capacity: 256), recordedJSON = JSONWriter(capacity: 256)
        actionsJSON.beginArray()
        recordedJSON.beginArray()
        for action in answer.actions {
            action.write(to: &actionsJSON, cache: taskJSON)
            action.writeRecord(to: &recordedJSON)
        }
        actionsJSON.endArray()
        recordedJSON.endArray()
        try store.recordTurn(ConversationTurn(userMessage: message.text, reply: answer.reply, actionsJSON: recordedJSON.string,
                                              state: answer.state.storedJSON),
                             conversationID: conversationID, userID: userID, now: recordedAt)
        return ChatExchange(conversationID: conversationID, reply: answer.reply, actionsJSON: actionsJSON.bytes)
    }
}

/// What a turn answered: `{"conversation_id", "reply", "actions"}`, the body of the chat API.
public struct ChatExchange: Sendable {
    public var conversationID: UUID
    public var reply: String
    /// The actions as a JSON array (`[{"tool", "arguments", "result"}]`), listings whole (the
    /// conversation keeps a listing's tasks by id, number, title and status).
    public var actionsJSON: [UInt8]

    public init(conversationID: UUID, reply: String, actionsJSON: [UInt8]) {
        self.conversationID = conversationID
        self.reply = reply
        self.actionsJSON = actionsJSON
    }

    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("conversation_id")
        json.value(uuid: conversationID)
        json.key("reply")
        json.value(reply)
        json.key("actions")
        json.raw(actionsJSON)
        json.endObject()
    }
}

/// The conversations this process is answering a message of right now. Per process: turns of
/// one conversation on two replicas at once are not kept apart (docs/decisions.md).
final class AnsweredConversations: Sendable {
    static let shared = AnsweredConversations()
    private let answering = Mutex<Set<UUID>>([])

    /// False when a turn of `id` is under way: the caller refuses its message, nothing waits.
    func claim(_ id: UUID) -> Bool { answering.withLock { $0.insert(id).inserted } }

    func release(_ id: UUID) { answering.withLock { _ = $0.remove(id) } }
}
