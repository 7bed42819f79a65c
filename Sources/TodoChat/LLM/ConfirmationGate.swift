import Foundation
import TodoCore

/// Which of a model's tool calls run at once and which wait for the user's "yes" (issue 14
/// rules 3 and 7, enforced here rather than asked of the model; docs/decisions.md):
///
/// - `delete_task` never runs in the model's turn: it is held for confirmation.
/// - A turn may change one existing task without confirmation (`complete_task`,
///   `reopen_task`, `update_task`; tasks the turn created itself do not count). A
///   `complete_task` or `reopen_task` of a further task is held; so are all of them when one
///   answer asks for several tasks at once, and so is the turn's earlier change of the same
///   kind, which is taken back: a model sweeping "complete all overdue" one call a round
///   would otherwise have done the first before the question, and "no" would not undo it.
///   An `update_task` of a further task is refused (the pending question can only carry
///   complete, reopen or delete).
/// - Held calls must share one action: they become the conversation's pending confirmation,
///   which the user's "yes" carries out through the offline agent's code; a call of another
///   kind is refused while one is held.
/// - Reading tools and `add_task` run.
struct ConfirmationGate {
    enum Decision: Equatable {
        case run
        case hold(BulkAction)
        case refuse(String)
    }

    private(set) var changed: [UUID: TaskChange] = [:]
    private(set) var created: Set<UUID> = []
    private(set) var heldAction: BulkAction?
    private(set) var held: [TodoTask] = []

    static let singleTaskChanges: Set<String> = ["complete_task", "reopen_task", "update_task"]

    /// The decision for a call of `tool` on `target` (nil for calls about no existing task);
    /// `answerTargets` are the distinct existing tasks the same answer's single-task changes name.
    func decide(_ tool: String, target: TodoTask?, answerTargets: Set<UUID>) -> Decision {
        guard let target else { return .run }
        if tool == "delete_task" { return hold(.delete) }
        guard Self.singleTaskChanges.contains(tool), !created.contains(target.id) else { return .run }
        let untouched = answerTargets.subtracting(created).subtracting(changed.keys)
        let isFurther = changed[target.id] == nil && (!changed.isEmpty || !held.isEmpty || untouched.count > 1)
        guard isFurther else { return .run }
        switch tool {
        case "complete_task": return hold(.complete)
        case "reopen_task": return hold(.reopen)
        default:
            return .refuse("not carried out: a message may change one existing task at once; ask the user to name the next change")
        }
    }

    private func hold(_ action: BulkAction) -> Decision {
        if let heldAction, heldAction != action {
            return .refuse("not carried out: another kind of change is already waiting for the user's confirmation")
        }
        return .hold(action)
    }

    /// The turn's changes that `action` also makes (a completion, when completions are held):
    /// forgotten here, for the caller to put back and hold with the rest.
    mutating func takeBack(sameAs action: BulkAction) -> [TaskChange] {
        let status: TaskStatus
        switch action {
        case .complete: status = .completed
        case .reopen: status = .pending
        case .delete: return []
        }
        let taken = changed.values.filter { $0.before.status != status && $0.after?.status == status }
        for change in taken { changed[change.before.id] = nil }
        return taken.sorted { $0.before.number < $1.before.number }
    }

    mutating func recordHeld(_ action: BulkAction, _ task: TodoTask) {
        heldAction = action
        if !held.contains(where: { $0.id == task.id }) { held.append(task) }
    }

    /// Remembers what a call that ran did: the task as it was before a change (for undo), or a
    /// created one.
    mutating func recordRun(_ tool: String, before target: TodoTask?, result: ToolResult) {
        if tool == "add_task" {
            created.formUnion(result.tasks.map(\.id))
        } else if let target, Self.singleTaskChanges.contains(tool), !created.contains(target.id) {
            // Undo goes back to the task before the turn's first change, from what its last left.
            changed[target.id, default: TaskChange(before: target, after: nil)].after = result.tasks.first
        }
    }

    /// How "undo" reverts this turn: the changed tasks put back, else the created ones deleted.
    var undo: UndoStep? {
        if !changed.isEmpty { return .changed(Array(changed.values)) }
        if !created.isEmpty { return .created(Array(created)) }
        return nil
    }

    var changedAnything: Bool { !changed.isEmpty || !created.isEmpty }
}
