import Foundation
import TodoLog
import Synchronization

/// A fixed set of threads running submitted jobs in order of arrival. Requests that may wait
/// (writes wait for a commit) run here, so libmicrohttpd's few event threads never block and
/// many writes can wait together for one group commit.
final class WorkerPool: Sendable {
    private let queue = Mutex<(jobs: [@Sendable () -> Void], head: Int, stopping: Bool)>(([], 0, false))
    private let available: DispatchSemaphore
    private let finished: DispatchSemaphore
    private let count: Int

    init(threads: Int, name: String) {
        count = max(1, threads)
        available = DispatchSemaphore(value: 0)
        finished = DispatchSemaphore(value: 0)
        for index in 0..<count {
            Thread.start(named: "\(name) \(index)", stackSize: 1 << 20) { [self] in run() }
        }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    /// Runs the jobs already submitted, then ends the threads.
    func stop() {
        queue.withLock { $0.stopping = true }
        for _ in 0..<count { available.signal() }
        for _ in 0..<count { finished.wait() }
    }

    private func run() {
        while true {
            available.wait()
            let job: (@Sendable () -> Void)? = queue.withLock { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head > 1024, state.head * 2 > state.jobs.count {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            if let job {
                job()
            } else if queue.withLock({ $0.stopping }) {
                finished.signal()
                return
            }
        }
    }
}
