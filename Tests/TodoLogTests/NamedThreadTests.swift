import Foundation
import Synchronization
import Testing
import TodoLog

/// Threads started with `Thread.start(named:)` carry their name into the kernel, where `top -H`
/// and `perf` read it (and so does Foundation): the first 15 bytes, cut on a character boundary.
@Suite struct NamedThreadTests {
    @Test(arguments: [("consumer audit-log", "consumer audit-"), ("éééééééééé", "ééééééé")])
    func theKernelKnowsTheThreadByItsName(name: String, kernelName: String) {
        let seen = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.start(named: name) {
            let comm = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            seen.withLock { $0 = comm?.trimmingCharacters(in: .newlines) }
            #expect(Thread.current.name == kernelName)
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(seen.withLock { $0 } == kernelName)
    }
}
