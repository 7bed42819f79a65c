import Foundation
import TodoCore

/// What the user said to the assistant, checked once for every door (`POST /api/v1/chat`,
/// `todo chat`): not blank, not too long, no control characters; trimmed.
public struct ChatMessage: Sendable {
    /// A message longer than this is refused: a chat command is a sentence, not a document.
    public static let maxLength = 4_000

    public let text: String

    public init(validating message: String) throws(ChatError) {
        // Composed (NFC) as stored titles are, so "café" typed either way finds the same task.
        let trimmed = message.trimmingWhitespace().canonicallyComposed
        guard !trimmed.isEmpty else { throw .emptyMessage }
        let length = trimmed.unicodeScalars.count
        guard length <= Self.maxLength else { throw .messageTooLong(characters: length) }
        guard !trimmed.containsControlCharacters() else { throw .controlCharacters }
        text = trimmed
    }
}

/// Why a chat turn was refused before the agent saw it. Nothing is changed or recorded.
public enum ChatError: Error, Equatable, CustomStringConvertible {
    case emptyMessage
    case messageTooLong(characters: Int)
    case controlCharacters
    /// No conversation with this id belongs to the user (another user's is not found either).
    case conversationNotFound(String)
    /// Another message of the conversation is being answered in this process right now.
    case conversationBusy(String)

    /// Whether the message itself was refused (the API's 422 on `message`), not the conversation.
    public var isInvalidMessage: Bool {
        switch self {
        case .conversationNotFound, .conversationBusy: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .emptyMessage: "message must not be empty"
        case .messageTooLong(let characters): "message must be at most \(ChatMessage.maxLength) characters (it has \(characters))"
        case .controlCharacters: "message must not contain control characters"
        case .conversationNotFound(let id): "no conversation \(id.prefix(40)) among yours"
        case .conversationBusy(let id): "another message of conversation \(id.prefix(40)) is being answered: send this one when it is done"
        }
    }
}
