import Foundation
import TodoChat
import TodoCore
import TodoHTTP
import TodoStore

/// `POST /api/v1/chat` and the user's conversations (issue 14 item 4). The endpoint keeps
/// nothing between requests: each turn reads the conversation's state from the store, lets the
/// offline agent answer (its tool calls are the same store calls as the REST API's), and
/// stores both messages, the actions and the new state, so any replica can answer the next turn.
struct ChatController: Sendable {
    /// A message longer than this is refused: a chat command is a sentence, not a document.
    static let maxMessageLength = 4_000
    /// How many conversations a listing shows, most recent first.
    static let listedConversations = 100

    let store: any TaskStore
    /// The store with creates and turn records group-committed with concurrent requests'.
    let tasks: GroupCommittedTasks
    let agent = OfflineAgent()
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("/chat", documentation: Self.chatDocumentation, use: chat)
        group.get("/conversations", documentation: Self.listDocumentation, use: conversations)
        group.get("/conversations/:id/messages", documentation: Self.messagesDocumentation, use: messages)
        group.delete("/conversations/:id", documentation: Self.deleteDocumentation, use: delete)
    }

    /// The body of `POST /api/v1/chat`.
    enum RequestBody: SchemaDescribed {
        static let schemaName = "ChatRequest"
        static var schema: JSONSchema {
            .object([
                .required("message", JSONSchema.string(pattern: APIDocumentation.TextPattern.trimmed(maxLength: maxMessageLength))
                    .described("What the user said: 1 to \(maxMessageLength) characters without control characters.")),
                .optional("conversation_id", JSONSchema.string(format: "uuid").nullable()
                    .described("Continue this conversation of the user's; absent or null starts a new one.")),
                .optional("timezone", TaskFieldSchema.timezone.nullable()),
                .optional("now", JSONSchema.string(format: "date-time").nullable()
                    .described("When and where the user typed: dates in the message are read in timezone's calendar at now.")),
            ])
        }
    }

    static let conversationNotFound = APIDocumentation.errorResponse(.notFound, "No such conversation for this user (another user's is also 404).")

    static let chatDocumentation = OperationDocumentation(
        "Say something to the task assistant", id: "chat", tags: ["chat"], body: .json(RequestBody.self),
        responses: [.json(.ok, ChatResponse.self, "The reply and the tool calls made for it.")]
            + APIDocumentation.bodyErrors + [conversationNotFound, APIDocumentation.error])

    @Sendable func chat(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ChatResponse {
        let body = try JSONBody(request)
        let message = try Self.message(body)
        let time = try ClientTime(body, clock: clock)
        let user = context.userID
        let conversationID: UUID
        var state = AgentState()
        if let given = try body.optional("conversation_id", expected: "a conversation id (UUID)", JSONRead.string) {
            guard let id = UUID.parse(given), let conversation = try store.conversation(id: id, userID: user) else {
                throw HTTPError.notFound("no conversation \(given.prefix(40)) among yours")
            }
            conversationID = id
            state = AgentState(storedJSON: conversation.state)
        } else {
            conversationID = UUID.timeOrdered(at: clock())
        }
        let tools = ToolContext(store: tasks, userID: user, now: time.now, zoneName: time.zoneName, zone: time.zone)
        let answer = agent.respond(to: message, state: state, context: tools)
        let actions = JSONValue.array(answer.actions.map(\.json))
        var actionsJSON = JSONWriter(capacity: 256)
        actions.write(to: &actionsJSON)
        try tasks.recordTurn(ConversationTurn(userMessage: message, reply: answer.reply, actionsJSON: actionsJSON.string,
                                              state: answer.state.storedJSON),
                             conversationID: conversationID, userID: user, now: clock())
        return ChatResponse(conversationID: conversationID, reply: answer.reply, actionsJSON: actionsJSON.bytes)
    }

    /// The message: not blank, not too long, no control characters (line breaks allowed).
    static func message(_ body: JSONBody) throws(HTTPError) -> String {
        let message = try body.required("message", expected: "a string", JSONRead.string)
        let trimmed = message.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .validation(field: "message", "message must not be empty") }
        guard trimmed.unicodeScalars.count <= maxMessageLength else {
            throw .validation(field: "message", "message must be at most \(maxMessageLength) characters (it has \(trimmed.unicodeScalars.count))")
        }
        guard !trimmed.containsControlCharacters() else {
            throw .validation(field: "message", "message must not contain control characters")
        }
        return trimmed
    }

    static let listDocumentation = OperationDocumentation(
        "The user's conversations, most recent first (at most \(listedConversations))", id: "listConversations", tags: ["chat"],
        responses: [.json(.ok, ConversationListResponse.self, "Conversations."), APIDocumentation.error])

    @Sendable func conversations(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ConversationListResponse {
        ConversationListResponse(conversations: try store.conversations(userID: context.userID, limit: Self.listedConversations))
    }

    static let conversationID = OperationDocumentation.Parameter.path("id", .string(), description: "The conversation's id.")

    static let messagesDocumentation = OperationDocumentation(
        "A conversation's messages, oldest first", id: "listConversationMessages", tags: ["chat"], parameters: [conversationID],
        responses: [.json(.ok, ConversationMessagesResponse.self, "The messages with the assistant's actions."), conversationNotFound,
                    APIDocumentation.error])

    @Sendable func messages(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ConversationMessagesResponse {
        let id = try context.parameters.require("id", as: ConversationID.self).uuid
        guard let messages = try store.messages(conversationID: id, userID: context.userID) else { throw ConversationID.notFound(id.lowercasedString) }
        return ConversationMessagesResponse(conversationID: id, messages: messages)
    }

    static let deleteDocumentation = OperationDocumentation(
        "Delete a conversation and its messages (its tasks stay)", id: "deleteConversation", tags: ["chat"], parameters: [conversationID],
        responses: [.init(.noContent, "Deleted."), conversationNotFound, APIDocumentation.error])

    @Sendable func delete(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let id = try context.parameters.require("id", as: ConversationID.self).uuid
        guard try store.deleteConversation(id: id, userID: context.userID) else { throw ConversationID.notFound(id.lowercasedString) }
        return .noContent
    }
}

/// A conversation as the `:id` of a route names it: its UUID. A malformed id is the 404 of an
/// unknown conversation, since none can have it.
struct ConversationID: RouteParameter {
    let uuid: UUID

    init(routeParameter text: String) throws {
        guard let uuid = UUID.parse(text) else { throw Self.notFound(String(text.prefix(40))) }
        self.uuid = uuid
    }

    static func notFound(_ id: String) -> HTTPError { .notFound("no conversation \(id) among yours") }
}
