import Foundation
import TodoStore

/// What answers a chat turn: the offline agent, or the LLM agent when a model is configured
/// (chosen once at start-up). Both act only through the tool registry and leave their memory in
/// the `AgentState` the conversation stores.
public protocol ChatAgent: Sendable {
    /// Answers `message`. `history` reads the conversation's earlier messages, oldest first;
    /// only an agent that needs them calls it (the offline agent does not), so a turn costs no
    /// read it does not use.
    func respond(to message: String, state: AgentState, history: () throws -> [ConversationMessage], context: ToolContext) -> AgentReply
}

extension OfflineAgent: ChatAgent {
    public func respond(to message: String, state: AgentState, history: () throws -> [ConversationMessage], context: ToolContext) -> AgentReply {
        respond(to: message, state: state, context: context)
    }
}
