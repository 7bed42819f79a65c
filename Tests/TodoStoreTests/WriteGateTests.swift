import Foundation
import Synchronization
import Testing
@testable import TodoStore

/// The writer's lock lets request writes go before waiting background writes, but a background
/// writer waits for at most `WriteGate.maxInARow` of them.
@Suite struct WriteGateTests {
    /// The names of the writers, in the order they took the gate.
    final class Order: Sendable {
        private let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    /// Starts a thread that takes the gate and records `name`; returns once it waits for it.
    private func waiter(_ gate: WriteGate, _ name: String, background: Bool, order: Order, done: DispatchGroup) {
        let before = gate.waiting
        done.enter()
        Thread.detachNewThread {
            if background { ThreadPriority.markCurrentThreadAsBackground() }
            gate.lock()
            order.append(name)
            gate.unlock()
            done.leave()
        }
        let deadline = Date(timeIntervalSinceNow: 5)
        while Date() < deadline {
            let now = gate.waiting
            if (background ? now.background > before.background : now.foreground > before.foreground) { return }
            Thread.sleep(forTimeInterval: 0.001)
        }
        Issue.record("\(name) never waited")
    }

    @Test func aWaitingRequestWriteGoesBeforeAWaitingBackgroundWrite() {
        let gate = WriteGate()
        let order = Order()
        let done = DispatchGroup()
        gate.lock()
        waiter(gate, "consumer", background: true, order: order, done: done)
        waiter(gate, "request", background: false, order: order, done: done)
        gate.unlock()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(order.all == ["request", "consumer"])
    }

    @Test func aBackgroundWriteIsNotStarvedByAStreamOfRequestWrites() {
        let gate = WriteGate()
        let order = Order()
        let done = DispatchGroup()
        gate.lock()
        waiter(gate, "consumer", background: true, order: order, done: done)
        for index in 0..<(WriteGate.maxInARow + 4) { waiter(gate, "request \(index)", background: false, order: order, done: done) }
        gate.unlock()
        #expect(done.wait(timeout: .now() + 5) == .success)
        let position = order.all.firstIndex(of: "consumer")
        #expect(position == WriteGate.maxInARow, "\(order.all)")
    }

    @Test func aBackgroundThreadRunsTenNiceLevelsBelowItsStarter() {
        let starter = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let seen = Mutex<(Int32, Bool)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let before = (getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), ThreadPriority.isBackground)
            ThreadPriority.markCurrentThreadAsBackground()
            seen.withLock { $0 = (getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), ThreadPriority.isBackground) }
            #expect(before == (starter, false))
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(seen.withLock { $0?.0 } == min(19, starter + 10))
        #expect(seen.withLock { $0?.1 } == true)
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == starter, "only the marked thread is lowered")
    }
}
