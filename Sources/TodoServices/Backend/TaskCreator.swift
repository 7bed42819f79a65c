import Foundation
import TodoCore
import TodoStore

/// Creates tasks with group commit (`GroupCommitter`): a burst of creates costs one commit per
/// batch; each request returns only after the transaction holding its task (and its outbox
/// event) committed.
final class TaskCreator: Sendable {
    private struct Request: Sendable {
        let creation: TaskCreationRequest
        let now: Date
    }

    private let store: any TaskRepository
    private let committer: GroupCommitter<Request, TodoTask>

    init(store: any TaskRepository, maxBatch: Int = 256) {
        self.store = store
        committer = GroupCommitter(maxBatch: maxBatch) { batch in
            // One instant per batch: the tasks share a transaction, so they share a commit time.
            let now = batch.map(\.now).max() ?? Date()
            do {
                return try store.createTasks(batch.map(\.creation), now: now).map { $0.mapError { $0 } }
            } catch {
                return batch.map { _ in .failure(error) }
            }
        }
    }

    func create(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask {
        // A task with its own id may collide, which would fail the batch: it commits alone.
        if draft.id != nil { return try store.createTask(draft, userID: userID, now: now) }
        return try committer.submit(Request(creation: TaskCreationRequest(draft: draft, userID: userID), now: now))
    }
}
