import Foundation
import TodoCore

/// What the offline agent remembers between turns of one conversation, stored with it (the
/// endpoint keeps nothing): the task the last turn was about, the latest listing in the order
/// shown, a question awaiting its answer, and how to undo the last change.
public struct AgentState: Hashable, Sendable {
    /// The one task the previous turn created, changed, showed or listed alone ("it").
    public var focus: UUID?
    /// The latest listing's tasks in the order shown ("the second one").
    public var listing: [UUID] = []
    public var pending: PendingQuestion?
    public var undo: UndoStep?

    public init(focus: UUID? = nil, listing: [UUID] = [], pending: PendingQuestion? = nil, undo: UndoStep? = nil) {
        self.focus = focus
        self.listing = listing
        self.pending = pending
        self.undo = undo
    }

    /// What a new turn starts from: "it" refers to the previous turn only and a question
    /// lasts one turn, while the latest listing and the undo step carry over.
    var carriedOver: AgentState { AgentState(listing: listing, undo: undo) }
}

/// A question the agent asked and the answer it waits for.
public enum PendingQuestion: Hashable, Sendable {
    /// "Delete these 3 tasks?": "yes" carries out `action` on exactly `tasks`.
    case confirm(BulkAction, tasks: [UUID])
    /// "Which one?": the message asked about one of `candidates`; the answer picks it.
    case choose(message: String, candidates: [UUID])
    /// "Move these 3 tasks to tomorrow?", "Make these 2 tasks high priority?": "yes" makes the
    /// edit to exactly `tasks` (one of the edits with a `TaskEdit.storedForm`).
    case confirmEdit(TaskEdit, tasks: [UUID])
}

/// How to revert the assistant's last change in the conversation (issue 14 rule 11).
public enum UndoStep: Hashable, Sendable {
    /// Tasks it created: deleted by undo.
    case created([UUID])
    /// Tasks it deleted, as they were: restored with their ids and numbers.
    case deleted([TodoTask])
    /// Tasks it changed (completion included), as they were before and after: undo puts back
    /// only what the assistant changed, and only where nobody changed it since.
    case changed([TaskChange])
}

extension UndoStep {
    /// The steps of one turn that changed several tasks, as one: nil when there are none.
    init?(merging steps: [UndoStep]) {
        guard let first = steps.first else { return nil }
        var created: [UUID] = [], deleted: [TodoTask] = [], changed: [TaskChange] = []
        for step in steps {
            switch step {
            case .created(let ids): created += ids
            case .deleted(let tasks): deleted += tasks
            case .changed(let changes): changed += changes
            }
        }
        switch first {
        case .created: self = .created(created)
        case .deleted: self = .deleted(deleted)
        case .changed: self = .changed(changed)
        }
    }
}

/// One task the assistant changed: as it was before, and as the change left it (nil for a
/// step stored before both were kept: undo then puts every field back).
public struct TaskChange: Hashable, Sendable {
    public var before: TodoTask
    public var after: TodoTask?

    public init(before: TodoTask, after: TodoTask?) {
        self.before = before
        self.after = after
    }
}

extension AgentState {
    /// The state as the JSON text stored with the conversation.
    public var storedJSON: String {
        // Written straight, not built as a JSONValue tree first: after a listing it names up
        // to hundreds of tasks, on every turn.
        var writer = JSONWriter(capacity: 64 + 40 * listing.count)
        writer.beginObject()
        writer.key("v")
        writer.value(1)
        if let focus {
            writer.key("focus")
            writer.value(uuid: focus)
        }
        if !listing.isEmpty {
            writer.key("listing")
            Self.write(listing, to: &writer)
        }
        switch pending {
        case .confirm(let action, let tasks)?: Self.write(pending: "confirm", action.rawValue, tasks, to: &writer)
        case .choose(let message, let candidates)?: Self.write(pending: "choose", message, candidates, to: &writer)
        case .confirmEdit(let edit, let tasks)?:
            if let (key, value) = edit.storedForm { Self.write(pending: key, value, tasks, to: &writer) }
        case nil: break
        }
        if let undo {
            writer.key("undo")
            writer.beginObject()
            switch undo {
            case .created(let ids):
                writer.key("created")
                Self.write(ids, to: &writer)
            case .deleted(let tasks):
                writer.key("deleted")
                JSONValue.array(tasks.map(TaskTools.json(of:))).write(to: &writer)
            case .changed(let changes):
                writer.key("changed")
                JSONValue.array(changes.map { TaskTools.json(of: $0.before) }).write(to: &writer)
                writer.key("changed_to")
                JSONValue.array(changes.map { $0.after.map(TaskTools.json(of:)) ?? .null }).write(to: &writer)
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.string
    }

    /// The state stored as `text`; an empty state when there is none or it cannot be read (a
    /// conversation then goes on without its memory rather than failing).
    public init(storedJSON text: String) {
        self.init()
        guard !text.isEmpty, let json = try? JSONParser.parse(text) else { return }
        if case .string(let id)? = json["focus"] { focus = UUID.parse(id) }
        listing = Self.ids(json["listing"])
        if let pending = json["pending"] {
            let tasks = Self.ids(pending["tasks"])
            if case .string(let action)? = pending["confirm"], let action = BulkAction(rawValue: action) {
                self.pending = .confirm(action, tasks: tasks)
            } else if case .string(let message)? = pending["choose"] {
                self.pending = .choose(message: message, candidates: tasks)
            } else if case .object(let fields) = pending, let (key, value) = fields.first(where: { $0.0 != "tasks" }),
                      case .string(let text) = value, let edit = TaskEdit(storedKey: key, value: text) {
                self.pending = .confirmEdit(edit, tasks: tasks)
            }
        }
        if let undo = json["undo"] {
            if let created = undo["created"] {
                self.undo = .created(Self.ids(created))
            } else if case .array(let tasks)? = undo["deleted"] {
                self.undo = .deleted(tasks.compactMap { try? TodoTask(apiJSON: $0) })
            } else if case .array(let tasks)? = undo["changed"] {
                var after: [JSONValue] = []
                if case .array(let items)? = undo["changed_to"], items.count == tasks.count { after = items }
                self.undo = .changed(tasks.indices.compactMap { index in
                    guard let before = try? TodoTask(apiJSON: tasks[index]) else { return nil }
                    return TaskChange(before: before, after: after.isEmpty ? nil : try? TodoTask(apiJSON: after[index]))
                })
            }
        }
    }

    /// `"pending": {"<kind>": value, "tasks": [ids]}`.
    private static func write(pending kind: StaticString, _ value: String, _ tasks: [UUID], to writer: inout JSONWriter) {
        writer.key("pending")
        writer.beginObject()
        writer.key(kind)
        writer.value(value)
        writer.key("tasks")
        write(tasks, to: &writer)
        writer.endObject()
    }

    private static func write(_ ids: [UUID], to writer: inout JSONWriter) {
        writer.beginArray()
        for id in ids { writer.value(uuid: id) }
        writer.endArray()
    }

    private static func ids(_ json: JSONValue?) -> [UUID] {
        guard case .array(let items)? = json else { return [] }
        return items.compactMap { if case .string(let id) = $0 { UUID.parse(id) } else { nil } }
    }
}
