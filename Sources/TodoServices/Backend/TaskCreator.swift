import Dispatch
import Foundation
import Synchronization
import TodoCore
import TodoStore

/// Creates tasks with group commit: requests that arrive while a transaction is being
/// committed wait and then share the next one, so a burst of creates costs one commit (one
/// WAL sync) per batch instead of one per task. Each request still gets its own result, and
/// returns only after the transaction holding its task (and its outbox event) committed.
///
/// Leader/follower: the first request to find no commit in progress leads; it takes the queue
/// (its own request first, FIFO), commits it, answers every follower in the batch, and hands
/// the lead to the oldest request still waiting.
final class TaskCreator: Sendable {
    private final class Pending: @unchecked Sendable {
        let request: TaskCreationRequest
        let now: Date
        /// Written by the leader before it signals `wake`; read by the owner after.
        var result: Result<TodoTask, any Error>?
        let wake = DispatchSemaphore(value: 0)

        init(request: TaskCreationRequest, now: Date) {
            self.request = request
            self.now = now
        }
    }

    private let store: any TaskRepository
    private let maxBatch: Int
    private let state = Mutex<(waiting: [Pending], leading: Bool)>(([], false))

    init(store: any TaskRepository, maxBatch: Int = 256) {
        self.store = store
        self.maxBatch = maxBatch
    }

    func create(_ draft: TaskDraft, userID: UUID, now: Date) throws -> TodoTask {
        // A task with its own id may collide, which would fail the batch: it commits alone.
        if draft.id != nil { return try store.createTask(draft, userID: userID, now: now) }

        let mine = Pending(request: TaskCreationRequest(draft: draft, userID: userID), now: now)
        let leads = state.withLock { state in
            state.waiting.append(mine)
            if state.leading { return false }
            state.leading = true
            return true
        }
        if !leads {
            mine.wake.wait()
            // Woken with a result: a leader committed us. Woken without: we lead now.
            if let result = mine.result { return try result.get() }
        }
        commitBatch()
        return try mine.result!.get()
    }

    /// Commits the oldest waiting requests (the leader's own among them), then passes the lead.
    private func commitBatch() {
        let batch = state.withLock { state in
            let batch = Array(state.waiting.prefix(maxBatch))
            state.waiting.removeFirst(batch.count)
            return batch
        }
        // One instant per batch: the tasks share a transaction, so they share a commit time.
        let now = batch.map(\.now).max() ?? Date()
        do {
            let results = try store.createTasks(batch.map(\.request), now: now)
            for (pending, result) in zip(batch, results) { pending.result = result.mapError { $0 } }
        } catch {
            for pending in batch { pending.result = .failure(error) }
        }
        // batch[0] is the leader itself, which is not waiting.
        for pending in batch.dropFirst() { pending.wake.signal() }
        let next = state.withLock { state -> Pending? in
            guard let next = state.waiting.first else {
                state.leading = false
                return nil
            }
            return next
        }
        next?.wake.signal()
    }
}
