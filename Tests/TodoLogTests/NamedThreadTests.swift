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

    /// Foundation names a thread in the kernel only once `start()` has recorded it, which the
    /// new thread can run ahead of: started from many threads at once, ~2% kept their creator's
    /// name ("oot.default-qos", a Dispatch worker's).
    @Test func threadsStartedAtOnceAllTakeTheirName() {
        let misnamed = Mutex<[String]>([])
        let started = DispatchGroup()
        for _ in 0..<1000 {
            started.enter()
            DispatchQueue.global().async {
                Thread.start(named: "started at once") {
                    let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
                    let name = Thread.current.name
                    if comm != "started at once" || name != "started at once" {
                        misnamed.withLock { $0.append("kernel \(comm ?? "?"), Foundation \(name ?? "?")") }
                    }
                    started.leave()
                }
            }
        }
        #expect(started.wait(timeout: .now() + 30) == .success)
        #expect(misnamed.withLock { $0 }.isEmpty, "\(misnamed.withLock { $0.prefix(3) })")
    }
}
