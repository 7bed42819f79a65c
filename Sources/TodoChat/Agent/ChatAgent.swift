import Foundation
import TodoStore

/// What answers a chat turn: the offline agent, or the LLM agent when a model is configured
/// (chosen once at start-up). Both act only through the tool registry and leave their memory in
/// the `AgentState` the conversation stores.
public protocol ChatAgent: Sendable {
    /// Answers `message`. `history(n)` reads the conversation's last `n` earlier messages,
    /// oldest first; only an agent that needs them calls it (the offline agent does not), so a
    /// turn costs no read it does not use, and a long conversation is not read whole.
    func respond(to message: String, state: AgentState, history: (_ last: Int) throws -> [ConversationMessage], context: ToolContext) -> AgentReply
}

extension OfflineAgent: ChatAgent {
    public func respond(to message: String, state: AgentState, history: (_ last: Int) throws -> [ConversationMessage], context: ToolContext) -> AgentReply {
        respond(to: message, state: state, context: context)
    }
}
