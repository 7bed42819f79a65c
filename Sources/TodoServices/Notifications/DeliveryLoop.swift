import Foundation
import TodoEvents
import TodoLog
import TodoStore

/// The thread of a delivery queue kept in the database (webhooks, emails): claims the due
/// items, delivers them a few at a time, and sleeps until the next is due, a signal, or the poll
/// interval (items another replica queued are found that way). A database failure is logged,
/// counted and retried with backoff.
final class DeliveryLoop<Item: Sendable>: Sendable {
    private let name: String
    private let claim: @Sendable (Date) throws -> [Item]
    private let nextDue: @Sendable () throws -> Date?
    private let deliver: @Sendable (Item) -> Void
    private let errorMetric: String
    private let metrics: EventMetrics
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let loop = LoopThread()
    private let wake = WakeSignal()

    /// Look for items queued by another replica at least this often.
    static var pollInterval: TimeInterval { 1 }

    init(name: String, errorMetric: String, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date,
         claim: @escaping @Sendable (Date) throws -> [Item], nextDue: @escaping @Sendable () throws -> Date?,
         deliver: @escaping @Sendable (Item) -> Void) {
        self.name = name
        self.errorMetric = errorMetric
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.claim = claim
        self.nextDue = nextDue
        self.deliver = deliver
    }

    func start() {
        loop.start(name: name) { [self] in run() }
    }

    /// Returns after the deliveries in progress ended.
    func stop() {
        loop.stop { wake.signal() }
    }

    /// New items were queued.
    func signal() { wake.signal() }

    private func run() {
        var failures = 0
        while !loop.isStopping {
            let seen = wake.current
            do {
                let batch = try claim(clock())
                DispatchQueue.concurrentPerform(iterations: batch.count) { deliver(batch[$0]) }
                failures = 0
                if !batch.isEmpty { continue }
                let untilNext = try nextDue().map { $0.timeIntervalSince(clock()) } ?? Self.pollInterval
                let timeout = max(0, min(Self.pollInterval, untilNext))
                if timeout > 0 { wake.wait(after: seen, timeout: timeout) }
            } catch {
                failures += 1
                metrics.increment(errorMetric)
                logger.log(failures == 1 ? .error : .warning, "\(name) cannot reach the database, retrying",
                           [("attempt", String(failures)), ("error", String(describing: error))])
                wake.wait(after: wake.current, timeout: min(2, 0.05 * pow(2, Double(min(failures, 10)))))
            }
        }
    }
}
