import Foundation
import Testing
@testable import TodoChat
import TodoStore

/// What of a conversation's history goes to the model.
@Suite struct HistoryWindowTests {
    func message(_ role: ConversationMessage.Role, _ content: String) -> ConversationMessage {
        ConversationMessage(role: role, content: content, createdAt: Date(timeIntervalSince1970: 0))
    }

    /// Chat templates that alternate strictly (user first) refuse a window the byte limit cut
    /// after a user message.
    @Test func theWindowStartsWithAUserMessage() {
        let long = String(repeating: "x", count: LLMAgent.historyBytes / 3)
        let history = [message(.user, "first"), message(.assistant, long), message(.user, long), message(.assistant, long)]
        let window = LLMTurn.window(history)
        #expect(window.map(\.role) == [.user, .assistant])
        #expect(window.first?.content == long)
    }

    @Test func theWindowIsTheLastTwentyMessages() {
        let history = (0..<30).map { message($0 % 2 == 0 ? .user : .assistant, "m\($0)") }
        let window = LLMTurn.window(history)
        #expect(window.count == 20)
        #expect(window.first?.content == "m10")
    }
}
