import Foundation
import TodoCore
import TodoStore

/// One tool call the agent made in a turn and what it answered (`actions` of `POST /api/v1/chat`).
public struct ToolAction: Sendable {
    public var call: ToolCall
    public var result: ToolResult
    public var isError: Bool

    public init(call: ToolCall, result: ToolResult) {
        self.call = call
        self.result = result
        isError = false
    }

    /// A call the tool refused: its result is `{"error": message}`.
    public init(call: ToolCall, failure: ToolError) {
        self.call = call
        result = ToolResult(json: .object([("error", .string(failure.description))]), tasks: [])
        isError = true
    }

    /// Writes `{"tool", "arguments", "result"}`.
    public func write(to writer: inout JSONWriter, cache: TaskJSONCache? = nil) {
        write(to: &writer) { result.write(to: &$0, cache: cache) }
    }

    /// Writes the action as a conversation keeps it (`ToolResult.writeRecord`).
    public func writeRecord(to writer: inout JSONWriter) {
        write(to: &writer) { result.writeRecord(to: &$0) }
    }

    private func write(to writer: inout JSONWriter, result writeResult: (inout JSONWriter) -> Void) {
        writer.beginObject()
        writer.key("tool")
        writer.value(call.name)
        writer.key("arguments")
        call.arguments.write(to: &writer)
        writer.key("result")
        writeResult(&writer)
        writer.endObject()
    }
}

/// What the agent answered to one message, and its memory after it.
public struct AgentReply: Sendable {
    public var reply: String
    public var actions: [ToolAction]
    public var state: AgentState
}

/// The default chat agent: no model, no network (issue 14 item 2). It reads a message with
/// `IntentParser` and the quick-add parser, resolves which tasks it names against the user's
/// tasks and its memory, and acts only through the tool registry, so every change is the
/// same store call (and outbox event) as through the REST API or MCP.
public struct OfflineAgent: Sendable {
    let registry: ToolRegistry
    let parser = IntentParser()

    public init(registry: ToolRegistry = .standard) {
        self.registry = registry
    }

    public func respond(to message: String, state: AgentState, context: ToolContext) -> AgentReply {
        var turn = AgentTurn(registry: registry, context: context, memory: state)
        let reply = turn.answer(message, intent: parser.parse(message))
        return AgentReply(reply: reply, actions: turn.actions, state: turn.state)
    }
}

/// One turn: the memory it started from, the state it leaves, and the tool calls it made.
struct AgentTurn {
    let registry: ToolRegistry
    let context: ToolContext
    /// The state before this turn.
    let memory: AgentState
    var state: AgentState
    var actions: [ToolAction] = []
    let wording: ReplyWording

    init(registry: ToolRegistry, context: ToolContext, memory: AgentState) {
        self.registry = registry
        self.context = context
        self.memory = memory
        state = memory.carriedOver
        wording = ReplyWording(now: context.now, zone: context.zone)
    }

    mutating func answer(_ message: String, intent: Intent) -> String {
        switch (memory.pending, intent) {
        case (.confirm(let action, let ids)?, .confirm): return carryOut(action, on: ids)
        case (.confirmEdit(let edit, let ids)?, .confirm): return make(edit, to: ids)
        case (.confirm?, .deny), (.choose?, .deny), (.confirmEdit?, .deny): return "OK, I left everything as it was."
        // Only a message that is no command of its own can be the answer to "which one?".
        case (.choose(let asked, let candidates)?, .unknown):
            return choose(message, for: asked, among: candidates)
        // "call mum" may answer "which one?" by a title; naming none of them, it is a new task.
        case (.choose(let asked, let candidates)?, .task(let text)):
            guard let picked = pick(message, among: candidates) else { return add(text) }
            return answer(asked, choosing: picked)
        default: break
        }
        switch intent {
        case .confirm: return "There is nothing waiting for a yes, so I changed nothing. What would you like to do?"
        case .deny: return "OK, nothing changed."
        case .help: return ReplyWording.help
        case .smallTalk(let kind): return ReplyWording.smallTalk(kind)
        case .unknown:
            // "and laundry", "oh and call the bank tomorrow" right after an add: one more task.
            if let more = IntentParser.continuedAddition(message), case .created(let ids)? = memory.undo, let focus = memory.focus, ids.contains(focus) {
                return add(more)
            }
            return ReplyWording.unknown
        case .undo: return undo()
        case .add(let text), .task(let text): return add(text)
        case .list(let request): return list(request)
        case .search(let text): return search(text)
        case .bulk(let action, let selection): return askToConfirm(action, selection)
        case .bulkEdit(let selection, let edit): return askToConfirm(edit, selection)
        case .show(let mention): return withTask(mention, message: message, preferring: nil) { turn, task in turn.show(task) }
        case .complete(let mention):
            return withTask(mention, message: message, preferring: .pending) { turn, task in turn.setStatus(task, tool: TaskTools.complete) }
        case .reopen(let mention):
            return withTask(mention, message: message, preferring: .completed) { turn, task in turn.setStatus(task, tool: TaskTools.reopen) }
        case .delete(let mention): return withTask(mention, message: message, preferring: nil) { turn, task in turn.delete(task) }
        case .edit(let mention, let edit):
            return withTask(mention, message: message, preferring: .pending) { turn, task in turn.edit(task, edit) }
        }
    }

    // MARK: Tool calls

    /// Runs `call` through the registry and records it.
    mutating func run(_ call: ToolCall) throws(ToolError) -> ToolResult {
        do {
            let result = try registry.run(call, in: context)
            actions.append(ToolAction(call: call, result: result))
            return result
        } catch {
            actions.append(ToolAction(call: call, failure: error))
            throw error
        }
    }

    static func sorry(_ error: ToolError) -> String {
        switch error {
        case .invalidArgument(_, let reason): "I couldn’t do that: \(reason). Nothing changed."
        default: "I couldn’t do that: \(error.description). Nothing changed."
        }
    }

    // MARK: Which task

    enum Resolution {
        case one(TodoTask)
        /// Matches of one mention: which one is meant is asked.
        case several([TodoTask])
        /// Several tasks, each named exactly ("#1 and #2").
        case each([TodoTask])
        case none(String)
    }

    func resolve(_ mention: TaskMention, preferring status: TaskStatus?) -> Resolution {
        let store = context.store, user = context.userID
        do {
            switch mention {
            case .previous:
                guard let id = memory.focus, let task = try store.task(id: id, userID: user) else {
                    return .none("I’m not sure which task you mean by that, so I changed nothing. Name it by its title or number (like #3).")
                }
                return .one(task)
            case .id(let id):
                guard let task = try store.task(id: id, userID: user) else { return .none("That task no longer exists, so I changed nothing.") }
                return .one(task)
            case .number(let number):
                guard let task = try store.task(number: number, userID: user) else { return .none("You have no task #\(number), so I changed nothing.") }
                return .one(task)
            case .ordinal(let position):
                let listing = memory.listing
                guard !listing.isEmpty else { return .none("I haven’t shown you a list yet, so I don’t know which one you mean. Ask “list my tasks” first.") }
                let index = position == -1 ? listing.count - 1 : position - 1
                guard listing.indices.contains(index), let task = try store.task(id: listing[index], userID: user) else {
                    return .none("The last list I showed has no task at that place, so I changed nothing.")
                }
                return .one(task)
            case .several(let mentions):
                return resolve(each: mentions, preferring: status)
            case .title(let title), .exactTitle(let title, _):
                var found = try Self.matching(title, store: store, userID: user, now: context.now)
                let exactly = if case .exactTitle = mention { true } else { false }
                if exactly { found = found.filter { TaskMatcher.normalized($0.title) == TaskMatcher.normalized(title) } }
                if let status, found.contains(where: { $0.status == status }) { found = found.filter { $0.status == status } }
                switch found.count {
                case 0:
                    if exactly { return .none("I couldn’t find a task called “\(title)”, so I changed nothing.") }
                    // "delete buy milk and call mom": a title that names no task may be several that do.
                    if let parts = IntentParser.parts(of: Sentence(title)) {
                        return resolve(each: parts.map(IntentParser.mention), preferring: status)
                    }
                    return .none("I couldn’t find a task matching “\(title)”, so I changed nothing.")
                case 1: return .one(found[0])
                default: return .several(found)
                }
            }
        } catch {
            return .none("I couldn’t reach your tasks just now; nothing changed. Please try again.")
        }
    }

    /// Several tasks at once: each mention must name exactly one task, or nothing is done and the
    /// reply says which mention did not (rule 4).
    func resolve(each mentions: [TaskMention], preferring status: TaskStatus?) -> Resolution {
        var tasks: [TodoTask] = []
        for mention in mentions {
            switch resolve(mention, preferring: status) {
            case .one(let task): if !tasks.contains(where: { $0.id == task.id }) { tasks.append(task) }
            case .each(let more): tasks += more.filter { task in !tasks.contains { $0.id == task.id } }
            case .none(let reason): return .none(reason)
            case .several(let found):
                let said = if case .title(let title) = mention { "“\(title)”" } else { "one of them" }
                return .none("Several tasks match \(said) (\(found.map { wording.label($0) }.joined(separator: ", "))), so I changed nothing. "
                             + "Name each task by its number, like #\(found[0].number).")
            }
        }
        return tasks.count == 1 ? .one(tasks[0]) : .each(tasks)
    }

    /// Every task of the user whose title `title` names, read a page at a time: a title is
    /// found however many tasks come before it.
    static func matching(_ title: String, store: any TaskRepository, userID: UUID, now: Date) throws -> [TodoTask] {
        var tasks: [TodoTask] = []
        var query = TaskQuery(status: .all, limit: TaskQuery.maxLimit, now: now)
        while true {
            let page = try store.listTasks(query, userID: userID)
            tasks += page.tasks
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        // Matched as one set: an exact title on a later page wins over a partial one on the first.
        return TaskMatcher.matches(title, in: tasks)
    }

    /// Acts on the one task `mention` names; several matches are listed and asked about.
    mutating func withTask(_ mention: TaskMention, message: String, preferring status: TaskStatus?,
                           _ act: (inout AgentTurn, TodoTask) -> String) -> String {
        switch resolve(mention, preferring: status) {
        case .one(let task): return act(&self, task)
        case .none(let reason):
            // "cancel gym membership" naming no task exactly: a to-do of its own, not a change to
            // "renew gym membership" (`TaskMention.exactTitle`).
            if case .exactTitle(_, let otherwise) = mention { return add(otherwise) }
            return reason
        case .each(let tasks):
            // One undo step takes back the change to all of them; "it" names none of them after.
            var replies: [String] = [], steps: [UndoStep] = []
            let earlier = state.undo
            for task in tasks {
                state.undo = nil
                replies.append(act(&self, task))
                if let step = state.undo { steps.append(step) }
            }
            state.focus = nil
            state.undo = UndoStep(merging: steps) ?? earlier
            return replies.joined(separator: "\n")
        case .several(let tasks):
            state.listing = tasks.map(\.id)
            state.pending = .choose(message: message, candidates: tasks.map(\.id))
            if case .title(let title) = mention { return wording.ambiguous(title, tasks) }
            if case .exactTitle(let title, _) = mention { return wording.ambiguous(title, tasks) }
            return wording.ambiguous("that", tasks)
        }
    }

    /// The answer to "which one?": an ordinal, a number or part of a title among the candidates.
    mutating func choose(_ reply: String, for asked: String, among candidates: [UUID]) -> String {
        guard let picked = pick(reply, among: candidates) else {
            state.pending = .choose(message: asked, candidates: candidates)
            state.listing = candidates
            return "I still don’t know which one you mean, so I changed nothing. Say its number (like #3) or “the first one”."
        }
        return answer(asked, choosing: picked)
    }

    /// The question's message carried out on the task the answer picked.
    private mutating func answer(_ asked: String, choosing picked: UUID) -> String {
        answer(asked, intent: Self.replacingMention(in: IntentParser().parse(asked), with: .id(picked)))
    }

    /// The candidate a short reply names ("the second one", "#4", "the quarterly one"), if exactly one.
    func pick(_ reply: String, among candidates: [UUID]) -> UUID? {
        let bare = Sentence(reply.trimmingWhitespace()).trimmed
        let mention = IntentParser.mention(Sentence(bare.lower.hasPrefix("the ") && bare.lower.hasSuffix(" one")
                                                        ? String(bare.text.dropFirst(4).dropLast(4)) : bare.text))
        var picked: UUID?
        switch mention {
        case .ordinal(let position):
            let index = position == -1 ? candidates.count - 1 : position - 1
            if candidates.indices.contains(index) { picked = candidates[index] }
        case .number(let number):
            picked = candidates.first { id in (try? context.store.task(id: id, userID: context.userID))??.number == number }
        case .title(let title):
            let tasks = candidates.compactMap { try? context.store.task(id: $0, userID: context.userID) }
            let found = TaskMatcher.matches(title, in: tasks)
            if found.count == 1 { picked = found[0].id }
        default: break
        }
        return picked
    }

    static func replacingMention(in intent: Intent, with mention: TaskMention) -> Intent {
        switch intent {
        case .show: .show(mention)
        case .complete: .complete(mention)
        case .reopen: .reopen(mention)
        case .delete: .delete(mention)
        case .edit(_, let edit): .edit(mention, edit)
        default: intent
        }
    }

    // MARK: Actions

    mutating func add(_ text: String) -> String {
        let parsed = QuickAddParser(now: context.now, zone: context.zone).parse(text)
        guard !parsed.title.trimmingWhitespace().isEmpty else {
            return "What should the task be called? Say something like “add Buy milk tomorrow”."
        }
        let draft = parsed.draft(timezone: context.zoneName, title: parsed.titleUnquoted)
        do {
            let created = try run(TaskTools.addCall(draft)).tasks[0]
            state.focus = created.id
            state.undo = .created([created.id])
            return wording.created(created)
        } catch {
            return Self.sorry(error)
        }
    }

    mutating func list(_ request: ListingRequest) -> String {
        if request.pressing { return pressing() }
        if request.completedOn, let due = request.due { return completed(on: due, tag: request.tag) }
        if let topic = request.topic {
            // A tag of the user's when it is one ("show my work tasks"), else the word is searched for.
            let tags = (try? context.store.tagCounts(userID: context.userID))?.map(\.tag) ?? []
            guard let tag = try? TagNormalizer.normalize(topic), tags.contains(tag) else { return search(topic) }
            var tagged = request
            tagged.topic = nil
            tagged.tag = tag
            return list(tagged)
        }
        let tasks: [TodoTask], when: String
        do throws(ListingFailure) {
            (tasks, when) = try matching(request)
        } catch {
            return error.reply
        }
        remember(listing: tasks)
        var what = request.overdue ? "overdue tasks" : request.status == .completed ? "completed tasks"
            : request.status == .all ? "tasks" : "pending tasks"
        if let priority = request.priority { what = "\(priority.rawValue)-priority " + what }
        if let tag = request.tag { what += " tagged #\(tag)" }
        return wording.listing(tasks, describing: what + when)
    }

    /// "what's next?": the pending tasks due within a week (overdue ones first), by due date, then
    /// the rest by priority; five at most.
    mutating func pressing() -> String {
        let tasks: [TodoTask]
        do { tasks = try run(TaskTools.listCall(status: .pending)).tasks } catch { return Self.sorry(error) }
        let soon = context.now.addingTimeInterval(7 * 86_400)
        let ranked = tasks.sorted { a, b in
            let aSoon = a.dueAt.map { $0 < soon } ?? false, bSoon = b.dueAt.map { $0 < soon } ?? false
            if aSoon != bSoon { return aSoon }
            if !aSoon, a.priority != b.priority { return a.priority > b.priority }
            if a.dueAt != b.dueAt { return (a.dueAt ?? .distantFuture) < (b.dueAt ?? .distantFuture) }
            if a.priority != b.priority { return a.priority > b.priority }
            return a.number < b.number
        }
        let shown = Array(ranked.prefix(5))
        remember(listing: shown)
        return wording.pressing(shown, of: tasks.count)
    }

    /// "what did I finish today?": the completed tasks whose completion falls on those days.
    mutating func completed(on range: DueRange, tag: String?) -> String {
        guard let days = days(of: range) else { return Self.unknownDay }
        let start = ZonedTime.startOfDay(days.first, in: context.zone), end = ZonedTime.startOfDay(days.last.adding(days: 1), in: context.zone)
        let tasks: [TodoTask]
        do { tasks = try run(TaskTools.listCall(status: .completed, tag: tag)).tasks } catch { return Self.sorry(error) }
        let done = tasks.filter { task in task.completedAt.map { (range.isBefore ? true : $0 >= start) && $0 < (range.isBefore ? start : end) } ?? false }
        // The action shows what was listed, as a listing by due date does.
        actions[actions.count - 1].result.tasks = done
        remember(listing: done)
        return wording.listing(done, describing: "tasks completed " + (range.isBefore ? "before " : "") + span(days))
    }

    static let unknownDay = "I couldn’t tell which day you mean. Try “what’s due tomorrow?”, “what’s due on friday?” or “what’s due in the next 3 days?”."

    enum ListingFailure: Error {
        case unknownDay
        case tool(ToolError)

        /// What the reply says instead of the listing.
        var reply: String {
            switch self {
            case .unknownDay: AgentTurn.unknownDay
            case .tool(let failure): AgentTurn.sorry(failure)
            }
        }
    }

    /// "today", or "from today to Sunday 15 March" (a dash between the two read as if today
    /// were the Sunday).
    func span(_ days: (first: CivilDate, last: CivilDate)) -> String {
        let first = wording.date(ZonedTime.startOfDay(days.first, in: context.zone), allDay: true)
        return days.first == days.last ? first : "from " + first + " to " + wording.date(ZonedTime.startOfDay(days.last, in: context.zone), allDay: true)
    }

    /// The tasks `request` names, and the days it asked about in words (" due Friday 13 March").
    mutating func matching(_ request: ListingRequest) throws(ListingFailure) -> (tasks: [TodoTask], when: String) {
        var range: (after: Date?, before: Date)?
        var when = ""
        var wanted: (first: CivilDate?, last: CivilDate)?
        if let due = request.due {
            guard let days = days(of: due) else { throw .unknownDay }
            let first = ZonedTime.startOfDay(days.first, in: context.zone)
            if case .before = due {
                range = (nil, first)
                wanted = (nil, days.first.adding(days: -1))
                when = " due before " + wording.date(first, allDay: true)
            } else {
                range = (first.addingTimeInterval(-0.001), ZonedTime.startOfDay(days.last.adding(days: 1), in: context.zone))
                wanted = (days.first, days.last)
                when = " due " + span(days)
            }
        }
        // An all-day task is due on its own date, in its own zone: the range is read 14 hours
        // wider on each side (every offset there is), and each task kept by its day.
        let widening: TimeInterval = 14 * 3600
        let call = TaskTools.listCall(status: request.status, tag: request.tag, priority: request.priority, overdue: request.overdue,
                                      dueAfter: range?.after?.addingTimeInterval(-widening),
                                      dueBefore: range.map { $0.before.addingTimeInterval(widening) })
        var result: ToolResult
        do throws(ToolError) { result = try registry.run(call, in: context) } catch {
            actions.append(ToolAction(call: call, failure: error))
            throw .tool(error)
        }
        if let range, let wanted {
            let fits = { (task: TodoTask) -> Bool in
                guard let dueAt = task.dueAt else { return false }
                if task.allDay, let day = wording.dueDay(of: task) { return (wanted.first.map { day >= $0 } ?? true) && day <= wanted.last }
                return (range.after.map { dueAt > $0 } ?? true) && dueAt < range.before
            }
            // Usually every task fits: the listing is then kept as read, not copied.
            if !result.tasks.allSatisfy(fits) { result.tasks = result.tasks.filter(fits) }
        }
        actions.append(ToolAction(call: call, result: result))
        return (result.tasks, when)
    }

    /// The first and last day a due range covers, in the client's calendar.
    func days(of range: DueRange) -> (first: CivilDate, last: CivilDate)? {
        let today = ZonedTime.civilDate(of: context.now, in: context.zone)
        let monday = today.adding(days: 1 - today.weekday)
        switch range {
        case .thisWeek: return (today, monday.adding(days: 6))
        case .nextWeek: return (monday.adding(days: 7), monday.adding(days: 13))
        case .thisMonth:
            return (today, CivilDate(year: today.year, month: today.month, day: CivilDate.daysIn(month: today.month, year: today.year)))
        case .nextMonth:
            let (year, month) = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
            return (CivilDate(year: year, month: month, day: 1), CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)))
        case .days(let count): return (today, today.adding(days: count - 1))
        case .weekend: return (today.weekday >= 6 ? today : monday.adding(days: 5), monday.adding(days: 6))
        case .before(let phrase): return days(of: .day(phrase))
        case .day(let phrase):
            guard let typed = try? QuickAddParser(now: context.now, zone: context.zone).readDate(phrase) else { return nil }
            let day = typed.day ?? typed.instant.map { ZonedTime.civilDate(of: $0, in: context.zone) } ?? today
            return (day, day)
        }
    }

    mutating func remember(listing tasks: [TodoTask]) {
        state.listing = tasks.map(\.id)
        state.focus = tasks.count == 1 ? tasks[0].id : nil
    }

    mutating func search(_ text: String) -> String {
        do {
            let tasks = try run(TaskTools.searchCall(text, status: .pending)).tasks
            remember(listing: tasks)
            return wording.listing(tasks, describing: "pending tasks matching “\(text)”")
        } catch {
            return Self.sorry(error)
        }
    }

    mutating func show(_ task: TodoTask) -> String {
        do {
            let shown = try run(TaskTools.call(TaskTools.show, task.id)).tasks[0]
            state.focus = shown.id
            var text = wording.line(shown)
            if !shown.description.isEmpty { text += "\n" + shown.description }
            return text
        } catch {
            return Self.sorry(error)
        }
    }

    mutating func setStatus(_ task: TodoTask, tool: ChatTool) -> String {
        let completing = tool.name == TaskTools.complete.name
        state.focus = task.id
        guard task.status != (completing ? .completed : .pending) else {
            return completing ? "\(wording.label(task)) was already done; nothing changed." : "\(wording.label(task)) is already pending; nothing changed."
        }
        do {
            let changed = try run(TaskTools.call(tool, task.id)).tasks[0]
            state.undo = .changed([TaskChange(before: task, after: changed)])
            return completing ? "Marked \(wording.label(changed)) as done." : "Reopened \(wording.label(changed)); it is pending again."
        } catch {
            return Self.sorry(error)
        }
    }

    mutating func delete(_ task: TodoTask) -> String {
        do {
            let deleted = try run(TaskTools.call(TaskTools.delete, task.id)).tasks[0]
            state.undo = .deleted([deleted])
            return "Deleted \(wording.label(deleted)). Say “undo” to bring it back."
        } catch {
            return Self.sorry(error)
        }
    }

    mutating func edit(_ task: TodoTask, _ edit: TaskEdit) -> String {
        state.focus = task.id
        let patch: TaskPatch
        switch TaskEditor(now: context.now, zone: context.zone, zoneName: context.zoneName).patch(task, edit) {
        case .success(let made): patch = made
        case .failure(let refusal): return refusal.message
        }
        do {
            let changed = try run(TaskTools.updateCall(task.id, patch)).tasks[0]
            guard changed != task else { return "\(wording.label(task)) already was that way; nothing changed." }
            state.undo = .changed([TaskChange(before: task, after: changed)])
            return describe(edit, changed, before: task)
        } catch {
            return Self.sorry(error)
        }
    }

    func describe(_ edit: TaskEdit, _ task: TodoTask, before: TodoTask) -> String {
        let label = wording.label(task)
        switch edit {
        case .reschedule, .shift: return "Moved \(label) to \(wording.dueDate(of: task) ?? "no date")."
        case .clearDue:
            return "\(label) has no due date now" + (before.reminders.contains(where: \.countsFromDueDate) ? ", nor the reminders that counted from it." : ".")
        case .rename, .correctWord: return "Renamed #\(task.number) to “\(task.title)”."
        case .priority(let priority): return priority == .none ? "\(label) has no priority now." : "\(label) is \(priority.rawValue) priority now."
        case .priorityStep: return "\(label) is \(task.priority == .none ? "normal" : task.priority.rawValue) priority now."
        case .addTags, .removeTags, .clearTags:
            return task.tags.isEmpty ? "\(label) has no tags now." : "\(label) is tagged \(task.tags.map { "#" + $0 }.joined(separator: " ")) now."
        case .addReminder: return "Added a reminder to \(label)" + (wording.due(task).map { " (\($0))." } ?? ".")
        case .clearReminders: return "\(label) has no reminders now."
        case .removeReminder:
            return task.reminders.isEmpty ? "\(label) has no reminders now." : "Removed that reminder from \(label)."
        case .recurrence:
            return "\(label) repeats \(wording.repetition(task) ?? "now")" + (wording.due(task).map { "; next \($0)." } ?? ".")
        case .clearRecurrence: return "\(label) no longer repeats."
        }
    }

    // MARK: Bulk changes and undo

    mutating func askToConfirm(_ action: BulkAction, _ selection: BulkSelection) -> String {
        let status: TaskQuery.StatusFilter = switch (action, selection) {
        case (_, .completed), (.reopen, _): .completed
        case (.complete, _), (_, .overdue): .pending
        case (.delete, _): .all
        }
        let tasks: [TodoTask]
        do throws(ListingFailure) { tasks = try self.tasks(of: selection, status: status) } catch { return error.reply }
        guard !tasks.isEmpty else { return "There are no such tasks, so there is nothing to change." }
        state.listing = tasks.map(\.id)
        state.pending = .confirm(action, tasks: tasks.map(\.id))
        return wording.confirmBulk(action, tasks)
    }

    /// The tasks of a bulk selection with `status`: "them all" is the latest listing's, in its order.
    mutating func tasks(of selection: BulkSelection, status: TaskQuery.StatusFilter) throws(ListingFailure) -> [TodoTask] {
        var request = ListingRequest(status: status, overdue: selection == .overdue)
        switch selection {
        case .tagged(let name): request.tag = name
        case .prioritized(let priority, let name): (request.priority, request.tag) = (priority, name)
        case .due(let range, let name): (request.due, request.tag) = (range, name)
        case .all, .overdue, .completed: break
        case .listed:
            return memory.listing.compactMap { try? context.store.task(id: $0, userID: context.userID) }.filter { task in
                switch status {
                case .pending: task.status == .pending
                case .completed: task.status == .completed
                default: true
                }
            }
        }
        return try matching(request).tasks
    }

    /// "make all my work tasks high priority": the pending tasks of the set that the edit would
    /// change (the completed ones when the set is), listed with the question.
    mutating func askToConfirm(_ edit: TaskEdit, _ selection: BulkSelection) -> String {
        // A date is read now only to refuse one that cannot be; "yes" reads it again at its own now.
        if case .reschedule(let when) = edit, (try? QuickAddParser(now: context.now, zone: context.zone).readDate(when)) == nil {
            return "I couldn’t read “\(when)” as a date, so nothing changed. Try \(DateInputError.examples)."
        }
        let selected: [TodoTask]
        do throws(ListingFailure) { selected = try self.tasks(of: selection, status: selection == .completed ? .completed : .pending) } catch {
            return error.reply
        }
        guard !selected.isEmpty else { return "There are no such \(selection == .completed ? "" : "pending ")tasks, so there is nothing to change." }
        let editor = TaskEditor(now: context.now, zone: context.zone, zoneName: context.zoneName)
        let tasks = selected.filter { task in
            guard case .success(let patch) = editor.patch(task, edit) else { return false }
            return (try? patch.applied(to: task, now: context.now)) != task
        }
        guard !tasks.isEmpty else { return "\(selected.count == 1 ? "That task is" : "Those \(selected.count) tasks are all") that way already; nothing changed." }
        state.listing = tasks.map(\.id)
        state.pending = .confirmEdit(edit, tasks: tasks.map(\.id))
        return wording.confirm(edit, tasks)
    }

    /// "yes" to a bulk edit: each task as the edit would change it alone (a moved task keeps its time).
    mutating func make(_ edit: TaskEdit, to ids: [UUID]) -> String {
        var changes: [TaskChange] = [], replies: [String] = []
        for id in ids {
            guard let task = try? context.store.task(id: id, userID: context.userID) else { continue }
            state.undo = nil
            replies.append(self.edit(task, edit))
            if case .changed(let made)? = state.undo { changes += made }
        }
        guard !replies.isEmpty else { return "Those tasks are gone already; nothing changed." }
        state.focus = changes.count == 1 ? changes[0].before.id : nil
        state.undo = changes.isEmpty ? memory.undo : .changed(changes)
        return replies.joined(separator: "\n") + (changes.count > 1 ? "\nSay “undo” to put them all back." : "")
    }

    mutating func carryOut(_ action: BulkAction, on ids: [UUID]) -> String {
        let tool = switch action {
        case .complete: TaskTools.complete
        case .reopen: TaskTools.reopen
        case .delete: TaskTools.delete
        }
        var before: [TodoTask] = [], after: [TodoTask] = []
        for id in ids {
            // A task deleted meanwhile is skipped; the rest of the set is still carried out.
            guard let task = try? context.store.task(id: id, userID: context.userID),
                  let done = try? run(TaskTools.call(tool, id)).tasks.first else { continue }
            before.append(task)
            after.append(done)
        }
        guard !after.isEmpty else { return "Those tasks are gone already; nothing changed." }
        state.undo = action == .delete ? .deleted(after) : .changed(zip(before, after).map { TaskChange(before: $0, after: $1) })
        let verb = switch action {
        case .complete: "Marked as done"
        case .reopen: "Reopened"
        case .delete: "Deleted"
        }
        return "\(verb): \(after.map { wording.label($0) }.joined(separator: ", ")). Say “undo” to revert."
    }

    mutating func undo() -> String {
        guard let step = memory.undo else { return "There is nothing for me to undo in this conversation." }
        state.undo = nil
        var reverted: [String] = []
        do throws(ToolError) {
            switch step {
            case .created(let ids):
                for id in ids { reverted.append("removed " + wording.label(try run(TaskTools.call(TaskTools.delete, id)).tasks[0])) }
            case .deleted(let tasks):
                for task in tasks {
                    let call = ToolCall(name: "restore_task", arguments: .object([("task_id", .string(task.id.lowercasedString))]))
                    do throws(ToolError) {
                        let restored = try TaskTools.restore(task, context)
                        actions.append(ToolAction(call: call, result: restored))
                        reverted.append("restored " + wording.label(restored.tasks[0]))
                    } catch {
                        actions.append(ToolAction(call: call, failure: error))
                        throw error
                    }
                }
            case .changed(let changes):
                for change in changes { reverted.append("put back " + wording.label(try revert(change))) }
            }
        } catch {
            return reverted.isEmpty ? Self.sorry(error) : "Undone in part (\(reverted.joined(separator: "; "))): \(error.description)."
        }
        if reverted.count == 1, case .changed(let changes) = step { state.focus = changes[0].before.id }
        return "Undone: " + reverted.joined(separator: "; ") + "."
    }

    /// Puts back what the assistant changed: each field (the due date, time and zone as one, the
    /// rule and its anchor as one) and the status that its change set and that still has the
    /// value it set. What someone changed since, in the app or another conversation, stays.
    mutating func revert(_ change: TaskChange) throws(ToolError) -> TodoTask {
        let old = change.before
        var current = try TaskTools.task(.id(old.id), context)
        let set = change.after ?? current
        func reverts<Value: Equatable>(_ field: (TodoTask) -> Value) -> Bool {
            field(old) != field(set) && field(current) == field(set)
        }
        if reverts(\.status) {
            current = try run(TaskTools.call(old.status == .completed ? TaskTools.complete : TaskTools.reopen, old.id)).tasks[0]
            if old.status == .pending, let completed = change.after { try removeNextOccurrence(of: completed) }
        }
        let due = reverts { DueFields(at: $0.dueAt, allDay: $0.allDay, timezone: $0.timezone) }
        let rule = reverts { RuleFields(rule: $0.recurrence, from: $0.recurrenceFrom) }
        let patch = TaskPatch(title: reverts(\.title) ? old.title : nil, description: reverts(\.description) ? old.description : nil,
                              priority: reverts(\.priority) ? old.priority : nil, tags: reverts(\.tags) ? old.tags : nil,
                              dueAt: due ? .some(old.dueAt) : nil, allDay: due ? old.allDay : nil, timezone: due ? old.timezone : nil,
                              recurrence: rule ? .some(old.recurrence) : nil, recurrenceFrom: rule ? old.recurrenceFrom : nil,
                              reminders: reverts(\.reminders) ? old.reminders : nil)
        guard (try? patch.applied(to: current, now: context.now)) != current else { return current }
        return try run(TaskTools.updateCall(old.id, patch)).tasks[0]
    }
}

extension AgentTurn {
    /// Undoing a repeating task's completion takes back the next task the completion made
    /// (its id is derived from the completed task), unless someone changed it since; one not
    /// made yet will not be: the recurring service skips a completion reopened before it came.
    mutating func removeNextOccurrence(of completed: TodoTask) throws(ToolError) {
        guard completed.recurrence != nil, let completedAt = completed.completedAt,
              let id = SeriesContinuation.nextTask(after: completed, completedAt: completedAt)?.id,
              let next = try? context.store.task(id: id, userID: context.userID),
              next.status == .pending, next.version == 1 else { return }
        _ = try run(TaskTools.call(TaskTools.delete, next.id))
    }
}

/// A task's due date, time and zone: undo puts them back together or not at all.
private struct DueFields: Equatable {
    var at: Date?
    var allDay: Bool
    var timezone: String
}

/// A task's rule and what it counts from: undo puts them back together or not at all.
private struct RuleFields: Equatable {
    var rule: String?
    var from: RecurrenceAnchor
}
