import Foundation
import TodoStore

/// What answers a chat message: the offline agent, or a model-backed agent chosen at start-up.
/// `ChatTurns` takes any of them, so the endpoint and `todo chat` run whichever is configured.
public protocol ChatAgent: Sendable {
    /// Answers `message` given the conversation's memory, acting through `context`'s tools.
    func respond(to message: String, state: AgentState, context: ToolContext) -> AgentReply
}

extension OfflineAgent: ChatAgent {}
