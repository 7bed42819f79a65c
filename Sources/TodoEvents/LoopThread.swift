import Foundation
import TodoLog
import TodoStore
import Synchronization

/// A named thread running one loop (a relay, a consumer) until asked to stop: the loop reads
/// `isStopping`, and `stop` returns once the loop has ended.
public final class LoopThread: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init() {}

    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    public func start(name: String, _ loop: @escaping @Sendable () -> Void) {
        started.store(true, ordering: .sequentiallyConsistent)
        Thread.start(named: name) { [finished] in
            ThreadPriority.markCurrentThreadAsBackground()
            loop()
            finished.signal()
        }
    }

    /// Asks the loop to stop, calls `wake` (to end a wait the loop may be in) and waits for the
    /// loop to end. False when it was already stopped, or never started.
    @discardableResult
    public func stop(wake: () -> Void = {}) -> Bool {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent), started.load(ordering: .sequentiallyConsistent) else { return false }
        wake()
        finished.wait()
        return true
    }
}
