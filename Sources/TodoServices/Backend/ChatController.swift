import Foundation
import TodoChat
import TodoCore
import TodoHTTP
import TodoStore

/// `POST /api/v1/chat` and the user's conversations (issue 14 item 4). The endpoint keeps
/// nothing between requests: each turn reads the conversation's state from the store, lets the
/// agent answer (the offline one, or the model's when one is configured; their tool calls are
/// the same store calls as the REST API's), and
/// stores both messages, the actions and the new state, so any replica can answer the next turn.
struct ChatController: Sendable {
    static let maxMessageLength = ChatMessage.maxLength
    /// How many conversations a listing shows, most recent first.
    static let listedConversations = 100

    let store: any TaskStore
    let clock: @Sendable () -> Date
    /// The per-turn work, shared with `todo chat`, with the agent chosen at start-up.
    let turns: ChatTurns

    /// `tasks` is the store with creates and turn records group-committed with concurrent requests'.
    init(store: any TaskStore, tasks: GroupCommittedTasks, clock: @escaping @Sendable () -> Date, agent: any ChatAgent = OfflineAgent(),
         taskJSON: TaskJSONCache) {
        self.store = store
        self.clock = clock
        turns = ChatTurns(store: tasks, agent: agent, taskJSON: taskJSON)
    }

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
    static let conversationBusy = APIDocumentation.errorResponse(
        .conflict, "Another message of this conversation is being answered (code `conversation_busy`); nothing was done: send it again when that answer came.")

    static let chatDocumentation = OperationDocumentation(
        "Say something to the task assistant", id: "chat", tags: ["chat"], body: .json(RequestBody.self),
        responses: [.json(.ok, ChatResponse.self, "The reply and the tool calls made for it.")]
            + APIDocumentation.bodyErrors + [conversationNotFound, conversationBusy, APIDocumentation.error])

    @Sendable func chat(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ChatResponse {
        let body = try JSONBody(request)
        let message = try Self.message(body)
        let time = try ClientTime(body, clock: clock)
        let conversationID = try body.optional("conversation_id", expected: "a conversation id (UUID)", JSONRead.string)
        do {
            let exchange = try turns.take(message, conversationID: conversationID, userID: context.userID,
                                          now: time.now, zoneName: time.zoneName, zone: time.zone, recordedAt: clock())
            return ChatResponse(exchange: exchange)
        } catch ChatError.conversationNotFound(let id) {
            throw HTTPError.notFound(ChatError.conversationNotFound(id).description)
        } catch ChatError.conversationBusy(let id) {
            throw HTTPError(.conflict, code: "conversation_busy", message: ChatError.conversationBusy(id).description)
        }
    }

    /// The message: not blank, not too long, no control characters (`ChatMessage`'s rules).
    static func message(_ body: JSONBody) throws(HTTPError) -> ChatMessage {
        let message = try body.required("message", expected: "a string", JSONRead.string)
        do {
            return try ChatMessage(validating: message)
        } catch {
            throw .validation(field: "message", error.description)
        }
    }

    static let listDocumentation = OperationDocumentation(
        "The user's conversations, most recent first (at most \(listedConversations))", id: "listConversations", tags: ["chat"],
        responses: [.json(.ok, ConversationListResponse.self, "Conversations."), APIDocumentation.error])

    @Sendable func conversations(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ConversationListResponse {
        ConversationListResponse(conversations: try store.conversations(userID: context.userID, limit: Self.listedConversations))
    }

    static let conversationID = OperationDocumentation.Parameter.path("id", .string(), description: "The conversation's id.")

    /// The most `?last=` may ask for; without it every message comes.
    static let maxLastMessages = 1_000

    static let messagesDocumentation = OperationDocumentation(
        "A conversation's messages, oldest first", id: "listConversationMessages", tags: ["chat"],
        parameters: [conversationID,
                     .query("last", JSONSchema.integer(minimum: 1, maximum: maxLastMessages),
                            description: "Only the newest this many messages (still oldest first); default: all.")],
        responses: [.json(.ok, ConversationMessagesResponse.self, "The messages with the assistant's actions; a listing's result keeps each task's task_id, number, title and status."), conversationNotFound,
                    APIDocumentation.validation, APIDocumentation.error])

    @Sendable func messages(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ConversationMessagesResponse {
        let id = try context.parameters.require("id", as: ConversationID.self).uuid
        let last = try request.query.integer("last", in: 1...Self.maxLastMessages)
        guard let messages = try store.messages(conversationID: id, userID: context.userID, last: last) else {
            throw ConversationID.notFound(id.lowercasedString)
        }
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
