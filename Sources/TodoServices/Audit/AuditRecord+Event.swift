import Foundation
import TodoCore
import TodoEvents
import TodoStore

extension AuditRecord {
    /// The record of a task event (DESIGN §6 "Events"): who from `data.user_id` (events carry
    /// no actor of their own; an `actor` member in `data` is taken when present), what from
    /// `type` and `subject`, when from `time`, and the changed fields before and after —
    /// `data.changes` for an update, every field of the task from null for a create and to
    /// null for a delete.
    init(event: CloudEvent) throws(AuditEventError) {
        guard let action = TaskEventType(cloudEventType: event.type) else { throw .notATaskEvent(event.type) }
        guard case .object(let data)? = event.data else { throw .missing("data") }
        func member(_ name: String) -> JSONValue? { data.first { $0.0 == name }?.1 }
        guard case .string(let userText)? = member("user_id"), let userID = UUID.parse(userText) else { throw .missing("data.user_id") }
        guard case .object(let task)? = member("task") else { throw .missing("data.task") }
        let taskText: String? = if case .string(let id)? = task.first(where: { $0.0 == "id" })?.1 { id } else { event.subject }
        guard let taskText, let taskID = UUID.parse(taskText) else { throw .missing("data.task.id") }
        guard let sequence = event.sequence else { throw .missing("sequence") }
        guard let at = event.time else { throw .missing("time") }
        var actor = userID.lowercasedString
        if case .string(let named)? = member("actor"), !named.isEmpty { actor = named }
        let changes = switch action {
        case .created: AuditCanonicalForm.changesJSON(fields: task, created: true)
        case .deleted: AuditCanonicalForm.changesJSON(fields: task, created: false)
        case .updated, .completed, .reopened: AuditCanonicalForm.changesJSON(member("changes") ?? .object([]))
        }
        self.init(userID: userID, taskID: taskID, action: action, at: at, actor: actor,
                  changesJSON: changes, eventID: event.id, eventSequence: sequence)
    }
}

/// A task event the audit log cannot record.
enum AuditEventError: Error, Sendable, CustomStringConvertible {
    case notATaskEvent(String)
    case missing(String)

    var description: String {
        switch self {
        case .notATaskEvent(let type): "\"\(type)\" is not a task event"
        case .missing(let member): "the event has no valid \"\(member)\""
        }
    }
}
