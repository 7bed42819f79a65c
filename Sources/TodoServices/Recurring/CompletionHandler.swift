import Foundation
import TodoCore
import TodoEvents
import TodoLog
import TodoStore

/// Handles one `task-events` event for the recurring-task service: a completion of a recurring
/// task creates the next task of its series, in one transaction with the record of the event
/// (`IdempotentConsumer`), so a redelivered event creates nothing; the derived id makes a second
/// completion of the same task (after a reopen) and a local `todo done` create nothing twice.
/// Every other event is acknowledged untouched: a deletion, an update, a reopen.
struct CompletionHandler: Sendable {
    let store: any TaskStore
    let consumer: IdempotentConsumer
    let metrics: EventMetrics
    let logger: Logger
    let clock: @Sendable () -> Date

    init(store: any TaskStore, group: String, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.store = store
        consumer = IdempotentConsumer(group: group, store: store.eventLog)
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// What became of a completion, counted by `todo_recurring_completions_total{outcome}`.
    enum Outcome: String {
        case created, alreadyCreated = "already_created", alreadyHandled = "already_handled"
        case seriesEnded = "series_ended", completedTaskGone = "completed_task_gone", completedTaskReopened = "completed_task_reopened"
        case unreadable
    }

    /// Throws only when the database fails (the bus then delivers the event again).
    func handle(_ event: CloudEvent) throws {
        guard event.type == TaskEventType.completed.cloudEventType else { return }
        let completed: TodoTask, userID: UUID
        do {
            (completed, userID) = try Self.completion(in: event)
        } catch {
            // Retrying cannot make it readable; the event stays in the log and the other consumers' trails.
            logger.warning("recurring: completion event unreadable, skipped", [("event_id", event.id), ("error", error.description)])
            return count(.unreadable)
        }
        guard completed.recurrence != nil else { return }
        guard let completedAt = completed.completedAt,
              let next = SeriesContinuation.nextTask(after: completed, completedAt: completedAt) else {
            logger.info("recurring: series ended", [("event_id", event.id), ("task_id", completed.id.lowercasedString)])
            return count(.seriesEnded)
        }
        var outcome = Outcome.alreadyHandled
        let now = clock()
        try consumer.apply(event, now: now) { db in
            switch try store.createNextTask(next, after: completed.id, userID: userID, now: now, in: db) {
            case .created(let task):
                outcome = .created
                logger.info("recurring: next task created", [("event_id", event.id), ("task_id", completed.id.lowercasedString),
                                                            ("next_id", task.id.lowercasedString), ("number", String(task.number))])
            case .alreadyCreated:
                outcome = .alreadyCreated
            case .completedTaskGone:
                outcome = .completedTaskGone
                logger.info("recurring: completed task no longer exists, no next task",
                            [("event_id", event.id), ("task_id", completed.id.lowercasedString)])
            case .completedTaskReopened:
                outcome = .completedTaskReopened
                logger.info("recurring: completed task was reopened since, no next task",
                            [("event_id", event.id), ("task_id", completed.id.lowercasedString)])
            }
        }
        count(outcome)
    }

    private func count(_ outcome: Outcome) {
        metrics.increment("todo_recurring_completions_total", [("outcome", outcome.rawValue)])
    }

    /// The completed task and its user, from the event's `data` (DESIGN §6 "Events").
    static func completion(in event: CloudEvent) throws(UnreadableCompletion) -> (TodoTask, UUID) {
        guard let data = event.data else { throw UnreadableCompletion(description: "the event has no data") }
        guard case .string(let userText)? = data["user_id"], let userID = UUID.parse(userText) else {
            throw UnreadableCompletion(description: "data.user_id is missing or not a UUID")
        }
        guard let taskJSON = data["task"] else { throw UnreadableCompletion(description: "data.task is missing") }
        let task: TodoTask
        do { task = try TodoTask(apiJSON: taskJSON) } catch {
            throw UnreadableCompletion(description: "data.task's \(error.field) is missing or malformed")
        }
        guard task.status == .completed else { throw UnreadableCompletion(description: "data.task is not completed") }
        return (task, userID)
    }
}

/// A completion event whose data cannot be read as a completed task.
struct UnreadableCompletion: Error, CustomStringConvertible {
    var description: String
}
