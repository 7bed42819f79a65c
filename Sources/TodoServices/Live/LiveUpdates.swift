import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoHTTP
import TodoLog

/// The websocket service's working parts, shared by its consumer and its two doors: turns each
/// `task-updates` event into a message, records it in the history, and hands it to the
/// user's connected clients; resumes clients from the history.
final class LiveUpdates: Sendable {
    let hub = LiveHub()
    let history: LiveHistory
    let logger: Logger
    let clock: @Sendable () -> Date
    /// How long a message is kept for resuming clients.
    static let retention: TimeInterval = 7 * 24 * 3600
    private let lastTrim = Mutex<Date?>(nil)
    /// Where refused resume points are counted (`todo_live_resumes_refused_total` in /metrics).
    let metrics: EventMetrics
    /// The `task-updates` subscription while the service runs.
    let subscription = Mutex<(any EventSubscription)?>(nil)

    init(history: LiveHistory, metrics: EventMetrics, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.history = history
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// The consumer's handler: at least once, in per-user order (the bus's guarantee). A
    /// redelivered event is recorded once and skipped by clients that already have it, or that
    /// connected after it was recorded (`LiveClient.startLive(after:)`). Whether this process
    /// recorded it first says nothing: another process of the service may have.
    func handle(_ event: CloudEvent) throws {
        try handle([event])
    }

    /// `handle` for the events of a batch, recorded in one transaction (one commit for a
    /// backlog rather than one per event); a batch that throws is delivered one event at a time.
    func handle(_ events: [CloudEvent]) throws {
        let messages = try events.compactMap { event throws(LiveMessageError) in try LiveMessage(event: event) }
        guard !messages.isEmpty else { return }
        let now = clock()
        try history.record(messages, now: now)
        for message in messages { hub.publish(message) }
        trimIfDue(now: now)
    }

    /// Adds a client that asked for live messages only: from the user's latest recorded one on
    /// (added first, so nothing recorded after the look-up is missed).
    func attachLive(_ client: LiveClient) {
        hub.add(client)
        do {
            client.startLive(after: try history.latestSequence(of: client.userID))
        } catch {
            logger.warning("live history could not be read; the client may be sent a redelivered message again: \(error)")
        }
    }

    /// Trims the history at most once an hour, from the consumer's thread.
    func trimIfDue(now: Date) {
        let due = lastTrim.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 3600 }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            let trimmed = try history.trim(recordedBefore: now.addingTimeInterval(-Self.retention))
            if trimmed > 0 { logger.info("live history trimmed", [("messages", String(trimmed))]) }
        } catch {
            logger.warning("live history could not be trimmed: \(error)")
        }
    }

    /// A client's resume point as sent (`Last-Event-ID`, `resume_from`): a sequence number.
    func resumePoint(_ text: String, from field: String) throws(HTTPError) -> Int64 {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw refuseResume("\(field) must be the sequence number of a message (a non-negative integer), not \"\(text.prefix(40))\"")
        }
        return value
    }

    /// Refuses a resume point after the user's latest message: the client's state is from
    /// another server or made up, and resuming from it would skip messages to come.
    func checkResumePoint(_ sequence: Int64, of user: UUID, field: String) throws {
        let latest = try history.latestSequence(of: user)
        if sequence > latest {
            throw refuseResume("\(field) \(sequence) is after the latest message (\(latest)); resume from a sequence you received")
        }
    }

    func refuseResume(_ message: String) -> HTTPError {
        metrics.increment("todo_live_resumes_refused_total")
        logger.warning("live client resume refused: \(message)")
        return HTTPError.badRequest(message, code: "invalid_resume_point")
    }

    /// Replays the history to `client` off the calling thread; `failed` gets the error of a
    /// resume point that cannot be used or of a database that cannot be read.
    func replay(_ client: LiveClient, from sequence: Int64, field: String, failed: @escaping @Sendable (String) -> Void) {
        DispatchQueue.global().async { [self] in
            do {
                try checkResumePoint(sequence, of: client.userID, field: field)
                try client.replay(from: history)
            } catch let behind as LiveClientFellBehind {
                metrics.increment("todo_live_clients_fell_behind_total")
                failed(behind.reason)
            } catch let error as HTTPError {
                failed(error.message)
            } catch {
                logger.error("live history could not be read: \(error)")
                failed("the history could not be read; reconnect later")
            }
        }
    }
}
