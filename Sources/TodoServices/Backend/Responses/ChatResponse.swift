import Foundation
import TodoChat
import TodoCore
import TodoHTTP
import TodoStore

/// The answer to one chat message: the conversation it belongs to, the reply and the tool calls.
struct ChatResponse: JSONResponse {
    let exchange: ChatExchange

    func write(to json: inout JSONWriter) {
        exchange.write(to: &json)
    }
}

/// One tool call of the assistant, as stored and answered.
enum ChatActionSchema: SchemaDescribed {
    static let schemaName = "ChatAction"
    static var schema: JSONSchema {
        .object([
            .required("tool", JSONSchema.string().described("The tool's name (add_task, list_tasks, …; restore_task for an undone delete).")),
            .required("arguments", JSONSchema.object().described("The call's arguments, as an MCP client would send them.")),
            .required("result", JSONSchema.object().described("What the tool answered; {\"error\": message} when it failed.")),
        ])
    }
}

extension ChatResponse: SchemaDescribed {
    static let schemaName = "ChatReply"
    static var schema: JSONSchema {
        .object([
            .required("conversation_id", .string(format: "uuid")),
            .required("reply", .string()),
            .required("actions", .array(of: .reference(to: ChatActionSchema.self))),
        ])
    }
}

/// The user's conversations.
struct ConversationListResponse: JSONResponse {
    let conversations: [Conversation]

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("conversations")
        json.beginArray()
        for conversation in conversations {
            json.beginObject()
            json.key("id")
            json.value(uuid: conversation.id)
            json.key("title")
            json.value(conversation.title)
            json.key("created_at")
            json.value(RFC3339.format(conversation.createdAt))
            json.key("updated_at")
            json.value(RFC3339.format(conversation.updatedAt))
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension ConversationListResponse: SchemaDescribed {
    static let schemaName = "ConversationList"
    static var schema: JSONSchema {
        .object([
            .required("conversations", .array(of: .object([
                .required("id", .string(format: "uuid")),
                .required("title", JSONSchema.string().described("The start of its first message.")),
                .required("created_at", .string(format: "date-time")),
                .required("updated_at", .string(format: "date-time")),
            ]))),
        ])
    }
}

/// A conversation's messages, oldest first.
struct ConversationMessagesResponse: JSONResponse {
    let conversationID: UUID
    let messages: [ConversationMessage]

    var expectedSize: Int { 256 + messages.count * 256 }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("conversation_id")
        json.value(uuid: conversationID)
        json.key("messages")
        json.beginArray()
        for message in messages {
            json.beginObject()
            json.key("role")
            json.value(message.role.rawValue)
            json.key("content")
            json.value(message.content)
            json.key("actions")
            json.raw(Array(message.actionsJSON.utf8))
            json.key("created_at")
            json.value(RFC3339.format(message.createdAt))
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

extension ConversationMessagesResponse: SchemaDescribed {
    static let schemaName = "ConversationMessages"
    static var schema: JSONSchema {
        .object([
            .required("conversation_id", .string(format: "uuid")),
            .required("messages", .array(of: .object([
                .required("role", .enumeration(ConversationMessage.Role.self)),
                .required("content", .string()),
                .required("actions", .array(of: .reference(to: ChatActionSchema.self))),
                .required("created_at", .string(format: "date-time")),
            ]))),
        ])
    }
}
