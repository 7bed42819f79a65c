import Dispatch
import Foundation
import Synchronization
import TodoStore

/// Records chat turns with group commit, as `TaskCreator` creates tasks: turns that arrive
/// while a transaction is being committed wait and share the next one, so concurrent chat
/// turns cost one commit per batch instead of one each (docs/benchmarks.md, "Chat"). Each
/// caller returns only after the transaction holding its turn committed. A batch that fails is
/// tried again one turn at a time, so one turn's failure is its own.
final class TurnRecorder: Sendable {
    private final class Pending: @unchecked Sendable {
        let turn: RecordedTurn
        /// Written by the leader before it signals `wake`; read by the owner after.
        var failure: (any Error)?
        var done = false
        let wake = DispatchSemaphore(value: 0)

        init(_ turn: RecordedTurn) {
            self.turn = turn
        }
    }

    private let store: any ConversationRepository
    private let maxBatch: Int
    private let state = Mutex<(waiting: [Pending], leading: Bool)>(([], false))

    init(store: any ConversationRepository, maxBatch: Int = 256) {
        self.store = store
        self.maxBatch = maxBatch
    }

    func record(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) throws {
        let mine = Pending(RecordedTurn(turn, conversationID: conversationID, userID: userID, now: now))
        let leads = state.withLock { state in
            state.waiting.append(mine)
            if state.leading { return false }
            state.leading = true
            return true
        }
        if !leads {
            mine.wake.wait()
            // Woken done: a leader committed us. Woken otherwise: we lead now.
            if mine.done {
                if let failure = mine.failure { throw failure }
                return
            }
        }
        commitBatch()
        if let failure = mine.failure { throw failure }
    }

    /// Commits the oldest waiting turns (the leader's own among them), then passes the lead.
    private func commitBatch() {
        let batch = state.withLock { state in
            let batch = Array(state.waiting.prefix(maxBatch))
            state.waiting.removeFirst(batch.count)
            return batch
        }
        do {
            try store.recordTurns(batch.map(\.turn))
        } catch {
            if batch.count == 1 { batch[0].failure = error }
            for pending in batch where batch.count > 1 {
                do { try store.recordTurns([pending.turn]) } catch { pending.failure = error }
            }
        }
        for pending in batch { pending.done = true }
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
