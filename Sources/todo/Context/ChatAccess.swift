import Foundation
import TodoChat
import TodoCore
import TodoStore

/// Where `todo chat` sends a turn: the local database's assistant (as its local user) or a
/// server's `POST /api/v1/chat` (as the user of the token). Either answers the API's shape.
protocol ChatAccess {
    /// Says `message` in the conversation `conversationID` names (a new one when nil), at
    /// `now` in the local time zone.
    func say(_ message: ChatMessage, conversationID: String?, now: Date) throws -> ChatExchange
    /// Where the conversation happens, for the session's greeting.
    var place: String { get }
}

/// The local database's assistant: the same turn as the server's (`ChatTurns`).
struct LocalChatAccess: ChatAccess {
    let turns: ChatTurns
    let user: User
    let zone: TimeZone
    let place: String

    func say(_ message: ChatMessage, conversationID: String?, now: Date) throws -> ChatExchange {
        try turns.take(message, conversationID: conversationID, userID: user.id, now: now, zoneName: zone.taskZoneName, zone: zone,
                       recordedAt: now)
    }
}
