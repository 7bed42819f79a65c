import Foundation
import TodoChat
import TodoCore

/// A server's assistant through `POST /api/v1/chat`. The client's time and zone go with every
/// turn, so "tomorrow" is the user's tomorrow wherever the server runs.
struct RemoteChatAccess: ChatAccess {
    let client: APIClient
    let zone: TimeZone

    var place: String { client.server.absoluteString }

    func say(_ message: ChatMessage, conversationID: String?, now: Date) throws -> ChatExchange {
        var fields: [(String, JSONValue)] = [("message", .string(message.text)), ("timezone", .string(zone.taskZoneName)),
                                             ("now", .string(RFC3339.format(now, in: zone)))]
        if let conversationID { fields.append(("conversation_id", .string(conversationID))) }
        var body = JSONWriter(capacity: 256)
        JSONValue.object(fields).write(to: &body)
        let answer = try client.send("POST", "/api/v1/chat", body: body.bytes)
        guard case .string(let id)? = answer["conversation_id"], let uuid = UUID.parse(id),
              case .string(let reply)? = answer["reply"], let actions = answer["actions"] else {
            throw APIClientError.malformedResponse("a chat answer without conversation_id, reply and actions")
        }
        var actionsJSON = JSONWriter(capacity: 256)
        actions.write(to: &actionsJSON)
        return ChatExchange(conversationID: uuid, reply: reply, actionsJSON: actionsJSON.bytes)
    }
}
