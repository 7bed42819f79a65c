import Dispatch
import Foundation
import Synchronization

/// Group commit: requests that arrive while a transaction is being committed wait and then
/// share the next one, so a burst costs one commit (one WAL sync) per batch instead of one per
/// request. Each request still gets its own result, and returns only after the transaction
/// holding it committed.
///
/// Leader/follower: the first request to find no commit in progress leads; it takes the queue
/// (its own request first, FIFO), commits it, answers every follower in the batch, and hands
/// the lead to the oldest request still waiting.
final class GroupCommitter<Input: Sendable, Output: Sendable>: Sendable {
    /// Commits a batch in one transaction: a result for each input, in order.
    typealias Commit = @Sendable ([Input]) -> [Result<Output, any Error>]

    private final class Pending: @unchecked Sendable {
        let input: Input
        /// Written by the leader before it signals `wake`; read by the owner after.
        var result: Result<Output, any Error>?
        let wake = DispatchSemaphore(value: 0)

        init(_ input: Input) {
            self.input = input
        }
    }

    private let maxBatch: Int
    private let commit: Commit
    private let state = Mutex<(waiting: [Pending], leading: Bool)>(([], false))

    init(maxBatch: Int = 256, commit: @escaping Commit) {
        self.maxBatch = maxBatch
        self.commit = commit
    }

    func submit(_ input: Input) throws -> Output {
        let mine = Pending(input)
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
        let results = commit(batch.map(\.input))
        for (pending, result) in zip(batch, results) { pending.result = result }
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
