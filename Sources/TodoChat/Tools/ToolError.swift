import TodoCore
import TodoStore

/// Why a tool call failed. The message is written for the user (or the model) to act on; an
/// MCP client gets it as a tool error (`isError`), the chat as a sentence.
public enum ToolError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownTool(String)
    /// An argument is missing or has the wrong type or value.
    case invalidArgument(field: String, reason: String)
    case taskNotFound(String)
    /// The database could not do it now (unreachable, busy, read-only).
    case unavailable(String)

    public var description: String {
        switch self {
        case .unknownTool(let name): "there is no tool named \(name.prefix(60))"
        case .invalidArgument(let field, let reason): "\(field): \(reason)"
        case .taskNotFound(let reference): "no task \(reference.prefix(60)) among yours"
        case .unavailable(let reason): reason
        }
    }

    /// The store's refusal as a tool error: a bad value names its field, a missing task its
    /// reference; the rest means the database could not answer.
    init(_ error: StoreError) {
        switch error {
        case .taskNotFound(let reference): self = .taskNotFound(reference)
        case .invalidTask(let invalid): self = .invalidArgument(field: invalid.field, reason: invalid.description)
        case .invalidQuery(let invalid): self = .invalidArgument(field: invalid.field, reason: invalid.description)
        case .readOnly: self = .unavailable("the database is read-only: changes cannot be saved")
        default: self = .unavailable("the database is not answering; try again shortly")
        }
    }
}
