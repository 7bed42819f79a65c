import TodoCore

/// How confirmations name a task and what changed, so every command words them alike.
enum TaskWording {
    /// `#12 "Pay rent"`.
    static func name(of task: TodoTask) -> String {
        "#\(task.number) \"\(task.title)\""
    }

    /// `due tomorrow 17:00`, or `no due date`.
    static func due(of task: TodoTask, formatter: inout RelativeDueFormatter) -> String {
        guard let words = formatter.describeDue(of: task) else { return "no due date" }
        return "due " + words
    }

    /// `#work #home`.
    static func tags(_ tags: [String]) -> String {
        tags.map { "#" + $0 }.joined(separator: " ")
    }

    /// What an edit changed, as short phrases: `title "New"`, `due Fri 17:00`, `priority high`,
    /// `tags +work -home`, `note updated`, `time zone Europe/Paris`.
    static func changes(from old: TodoTask, to new: TodoTask, formatter: inout RelativeDueFormatter) -> [String] {
        var phrases: [String] = []
        if old.title != new.title { phrases.append("title \"\(new.title)\"") }
        if old.dueAt != new.dueAt || old.allDay != new.allDay { phrases.append(due(of: new, formatter: &formatter)) }
        if old.priority != new.priority { phrases.append("priority \(new.priority.rawValue)") }
        if old.tags != new.tags {
            let added = new.tags.filter { !old.tags.contains($0) }.map { "+" + $0 }
            let removed = old.tags.filter { !new.tags.contains($0) }.map { "-" + $0 }
            let listed = added + removed
            phrases.append(listed.isEmpty ? "tags reordered" : "tags " + listed.joined(separator: " "))
        }
        if old.description != new.description { phrases.append(new.description.isEmpty ? "note removed" : "note updated") }
        if old.timezone != new.timezone { phrases.append("time zone \(new.timezone)") }
        return phrases
    }
}
