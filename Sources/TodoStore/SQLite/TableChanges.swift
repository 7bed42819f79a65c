import CSQLite
import Foundation
import Synchronization

/// Which tables the writer's transaction changed, as SQLite's update hook reports each row, and
/// the signals to raise once it commits. The outbox relay waits for commits that changed
/// `outbox`: woken by every commit (a chat turn's, a consumer's offset), it read the outbox
/// ~2 000 times a second under chat load, each read after a commit starting from an empty page
/// cache (and, when readers had a memory map, unmapping it: a third of the relay's CPU).
final class TableChanges: Sendable {
    private struct State {
        var watched: [(name: [UInt8], signal: WakeSignal)] = []
        /// Indices into `watched` changed by the open transaction.
        var changed: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The signal raised after each commit that changed `table`.
    func signal(for table: String) -> WakeSignal {
        let name = Array(table.utf8)
        return state.withLock { state in
            if let known = state.watched.first(where: { $0.name == name }) { return known.signal }
            let signal = WakeSignal()
            state.watched.append((name, signal))
            return signal
        }
    }

    /// Called by the update hook, on the writer's thread, for every row changed.
    func rowChanged(in table: UnsafePointer<CChar>) {
        let length = strlen(table)
        state.withLock { state in
            for (index, watched) in state.watched.enumerated() where watched.name.count == length {
                if memcmp(watched.name, table, length) == 0 { state.changed.insert(index) }
            }
        }
    }

    /// After COMMIT: raises the signals of the tables the transaction changed.
    func committed() {
        let signals = state.withLock { state -> [WakeSignal] in
            defer { state.changed.removeAll(keepingCapacity: true) }
            return state.changed.map { state.watched[$0].signal }
        }
        for signal in signals { signal.signal() }
    }

    /// After ROLLBACK: nothing changed.
    func rolledBack() {
        state.withLock { $0.changed.removeAll(keepingCapacity: true) }
    }
}

/// SQLite's update hook (`SQLiteConnection.reportChanges(to:)`): a free function, handed its
/// `TableChanges` as an unretained context.
func reportRowChanged(context: UnsafeMutableRawPointer?, operation: Int32, schema: UnsafePointer<CChar>?,
                      table: UnsafePointer<CChar>?, rowid: sqlite3_int64) {
    guard let context, let table else { return }
    Unmanaged<TableChanges>.fromOpaque(context).takeUnretainedValue().rowChanged(in: table)
}
