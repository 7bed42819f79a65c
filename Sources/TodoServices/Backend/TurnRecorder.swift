import Foundation
import TodoStore

/// Records chat turns with group commit (`GroupCommitter`), as `TaskCreator` creates tasks:
/// concurrent chat turns cost one commit per batch instead of one each (docs/benchmarks.md,
/// "Chat"). Each caller returns only after the transaction holding its turn committed. A batch
/// that fails is tried again one turn at a time, so one turn's failure is its own.
final class TurnRecorder: Sendable {
    private let committer: GroupCommitter<RecordedTurn, Void>

    init(store: any ConversationRepository, maxBatch: Int = 256) {
        committer = GroupCommitter(maxBatch: maxBatch) { batch in
            do {
                try store.recordTurns(batch)
                return batch.map { _ in .success(()) }
            } catch {
                guard batch.count > 1 else { return [.failure(error)] }
                return batch.map { turn in Result { try store.recordTurns([turn]) } }
            }
        }
    }

    func record(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) throws {
        try committer.submit(RecordedTurn(turn, conversationID: conversationID, userID: userID, now: now))
    }
}
