import Foundation

/// Wakes threads that wait for something new: a committed write, an appended event. A counter
/// rather than a flag, so a signal sent between a reader's look and its wait is never missed.
public final class WakeSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var generation: UInt64 = 0

    public init() {}

    /// The current generation: pass it to `wait(after:timeout:)` after looking for work.
    public var current: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    public func signal() {
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a signal newer than `seen` or until `timeout` passes; returns the generation.
    @discardableResult
    public func wait(after seen: UInt64, timeout: TimeInterval) -> UInt64 {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while generation == seen {
            if !condition.wait(until: deadline) { break }
        }
        return generation
    }
}
