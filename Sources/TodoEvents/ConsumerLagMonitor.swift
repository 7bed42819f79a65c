import Foundation
import Synchronization
import TodoLog
import TodoStore

/// Asks where the consumer groups are on a thread of its own, every `interval`, and keeps the
/// answer: for positions that live in the brokers (Kafka), where asking takes a client and
/// several admin round trips (seconds when a broker does not answer). A scrape of `/metrics`
/// then reads the last answer instead of asking on the server's event thread.
public final class ConsumerLagMonitor: Sendable {
    private let read: @Sendable () throws -> [ConsumerPosition]
    private let interval: TimeInterval
    private let log: EventLogLine
    /// The last answer; nil before the first or after a failed one (no lag is better than a
    /// stale lag shown as current).
    private let latest = Mutex<[ConsumerPosition]?>(nil)
    private let loop = LoopThread()
    private let wake = DispatchSemaphore(value: 0)

    public init(interval: TimeInterval = 10, log: @escaping EventLogLine, read: @escaping @Sendable () throws -> [ConsumerPosition]) {
        self.interval = interval
        self.log = log
        self.read = read
    }

    /// The positions of the last successful round, or nil.
    public var positions: [ConsumerPosition]? { latest.withLock { $0 } }

    public func start() {
        loop.start(name: "consumer-lag") { [self] in
            var failedBefore = false
            while !loop.isStopping {
                do {
                    let positions = try read()
                    latest.withLock { $0 = positions }
                    failedBefore = false
                } catch {
                    latest.withLock { $0 = nil }
                    // Once per outage, not every round.
                    if !failedBefore { log(.warning, "cannot read consumer lag", [("error", String(describing: error))]) }
                    failedBefore = true
                }
                _ = wake.wait(timeout: .now() + interval)
            }
        }
    }

    public func stop() {
        loop.stop { wake.signal() }
    }
}
