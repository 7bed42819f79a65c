import Foundation
import TodoLog
import Synchronization

/// A few threads of their own for password hashing (PBKDF2, ~0.2 s of a core each), so sign-ins
/// never take the write workers' CPU: the threads run at nice 10 (under full load they get about a
/// tenth of a core each, so a sign-in still completes in a few seconds; Linux's SCHED_IDLE, tried
/// first, starved them completely on a busy machine and refused every sign-in), at most
/// `maxWaiting` hashes queue — beyond that a sign-in is
/// refused at once instead of holding a worker — and a caller waits at most `maxWait`: long
/// enough for a hash at nice 10 on a machine that is busy with everything else (5 s was not:
/// sign-ins failed while the test suite loaded both cores), short of a client's patience.
public final class PasswordHashingPool: Sendable {
    private let shared: Shared
    private let maxWait: TimeInterval

    /// One thread per two cores by default: hashing can never have more than half the machine.
    public init(threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), maxWaiting: Int? = nil,
                maxWait: TimeInterval = 30) {
        let count = max(1, threads)
        self.maxWait = maxWait
        shared = Shared(maxWaiting: maxWaiting ?? 4 * count)
        for index in 0..<count {
            let shared = shared
            Thread.start(named: "password hash \(index)", stackSize: 1 << 20) { shared.work() }
        }
    }

    deinit { shared.stop() }

    /// `work`'s result, computed on the pool; nil when the queue is full, when `key` (a client)
    /// already holds half of it (a burst from one address must not fill it for everyone), or
    /// when the machine was too busy to run it within `maxWait` (it is then skipped).
    public func run<T: Sendable>(for key: String = "", _ work: @escaping @Sendable () -> T) -> T? {
        let result = Mutex<(value: T?, abandoned: Bool)>((nil, false))
        let done = DispatchSemaphore(value: 0)
        let accepted = shared.enqueue(key: key) {
            guard !result.withLock({ $0.abandoned }) else { return }
            let value = work()
            result.withLock { $0.value = value }
            done.signal()
        }
        guard accepted else { return nil }
        if done.wait(timeout: .now() + maxWait) == .timedOut {
            return result.withLock { state in
                state.abandoned = true
                return state.value
            }
        }
        return result.withLock { $0.value }
    }

    /// Jobs queued and not yet started.
    var waiting: Int { shared.waiting }

    /// The queue and the threads' loop; the threads hold this, not the pool, so releasing the
    /// pool ends them.
    private final class Shared: Sendable {
        let maxWaiting: Int
        private let queue = Mutex<(jobs: [(key: String, run: @Sendable () -> Void)], stopping: Bool)>(([], false))
        private let available = DispatchSemaphore(value: 0)

        init(maxWaiting: Int) {
            self.maxWaiting = max(1, maxWaiting)
        }

        var waiting: Int { queue.withLock { $0.jobs.count } }

        func enqueue(key: String, _ job: @escaping @Sendable () -> Void) -> Bool {
            let accepted = queue.withLock { state in
                guard !state.stopping, state.jobs.count < maxWaiting else { return false }
                guard key.isEmpty || state.jobs.count(where: { $0.key == key }) < max(1, maxWaiting / 2) else { return false }
                state.jobs.append((key, job))
                return true
            }
            if accepted { available.signal() }
            return accepted
        }

        func stop() {
            queue.withLock { $0.stopping = true }
            available.signal()
        }

        func work() {
            Thread.lowerCurrentPriority()
            while true {
                available.wait()
                let next: (job: (@Sendable () -> Void)?, stopping: Bool) = queue.withLock { state in
                    (state.jobs.isEmpty ? nil : state.jobs.removeFirst().run, state.stopping)
                }
                if let job = next.job {
                    job()
                } else if next.stopping {
                    available.signal()  // wakes the next thread, which stops too
                    return
                }
            }
        }
    }
}
