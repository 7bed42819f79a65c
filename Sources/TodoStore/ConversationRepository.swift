import Foundation

/// Chat conversations (issue 14): each user's, with their messages and the agent's memory, so
/// that the chat endpoint keeps nothing between requests and any replica can answer a turn.
public protocol ConversationRepository: Sendable {
    /// The user's conversation, nil when there is none with that id for this user.
    func conversation(id: UUID, userID: UUID) throws -> Conversation?
    /// The user's conversations, most recently active first.
    func conversations(userID: UUID, limit: Int) throws -> [Conversation]
    /// The conversation's messages in the order they were said, only the last `last` when given;
    /// nil when it is not the user's.
    func messages(conversationID: UUID, userID: UUID, last: Int?) throws -> [ConversationMessage]?
    /// Appends one turn's messages and stores the agent's state after it, in one transaction;
    /// creates the conversation (titled by its first message) when it does not exist yet.
    func recordTurn(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) throws
    /// `recordTurn` for several turns (of any users and conversations, each at its own time,
    /// in order) in one transaction: concurrent chat turns share a commit (group commit).
    func recordTurns(_ turns: [RecordedTurn]) throws
    /// Deletes the conversation and its messages; false when it is not the user's.
    func deleteConversation(id: UUID, userID: UUID) throws -> Bool
}

extension ConversationRepository {
    /// Every message of the conversation, in order; nil when it is not the user's.
    public func messages(conversationID: UUID, userID: UUID) throws -> [ConversationMessage]? {
        try messages(conversationID: conversationID, userID: userID, last: nil)
    }
}

/// A conversation as listed. `state` is the agent's memory between turns, opaque to the store.
public struct Conversation: Hashable, Sendable {
    public var id: UUID
    public var title: String
    public var state: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, title: String, state: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.title = title
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// How much of the first message titles a conversation.
    public static let maxTitleLength = 80
}

/// One message of a conversation: the user's, or the assistant's with the tool calls it made.
public struct ConversationMessage: Hashable, Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case user, assistant
    }

    public var role: Role
    public var content: String
    /// The assistant's actions as a JSON array text (`[{"tool", "arguments", "result"}]`).
    public var actionsJSON: String
    public var createdAt: Date

    public init(role: Role, content: String, actionsJSON: String = "[]", createdAt: Date) {
        self.role = role
        self.content = content
        self.actionsJSON = actionsJSON
        self.createdAt = createdAt
    }
}

/// What one chat turn adds to its conversation.
public struct ConversationTurn: Sendable {
    public var userMessage: String
    public var reply: String
    public var actionsJSON: String
    /// The agent's state after the turn.
    public var state: String

    public init(userMessage: String, reply: String, actionsJSON: String, state: String) {
        self.userMessage = userMessage
        self.reply = reply
        self.actionsJSON = actionsJSON
        self.state = state
    }
}

/// A turn with the conversation and user it belongs to and when it was said, as `recordTurns` takes it.
public struct RecordedTurn: Sendable {
    public var turn: ConversationTurn
    public var conversationID: UUID
    public var userID: UUID
    public var now: Date

    public init(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) {
        self.turn = turn
        self.conversationID = conversationID
        self.userID = userID
        self.now = now
    }
}
