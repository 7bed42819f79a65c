import Foundation
import TodoLog
import Synchronization

/// The server's open event streams: heartbeats go to each of them every `heartbeatInterval`,
/// and a stop ends them all (a suspended connection would keep libmicrohttpd from stopping).
final class EventStreamRegistry: Sendable {
    private let streams = Mutex<(open: [ObjectIdentifier: EventStream], closed: Bool)>(([:], false))
    private let stopping = Atomic<Bool>(false)
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)
    let heartbeatInterval: Duration

    init(heartbeatInterval: Duration) {
        self.heartbeatInterval = heartbeatInterval
    }

    var count: Int { streams.withLock { $0.open.count } }

    /// Registers a stream whose response is about to be queued; one that comes after the stop
    /// began is ended at once (it still sends what it queued).
    func add(_ stream: EventStream) {
        let closed = streams.withLock { streams in
            if !streams.closed { streams.open[ObjectIdentifier(stream)] = stream }
            return streams.closed
        }
        if closed { stream.finish() }
    }

    func remove(_ stream: EventStream) {
        streams.withLock { $0.open[ObjectIdentifier(stream)] = nil }
    }

    func start() {
        running.store(true, ordering: .sequentiallyConsistent)
        Thread.start(named: "sse heartbeat", stackSize: 1 << 20) { [self] in
            let milliseconds = heartbeatInterval.inMilliseconds
            while !stopping.load(ordering: .relaxed) {
                _ = wakeup.wait(timeout: .now() + .milliseconds(max(10, milliseconds)))
                if stopping.load(ordering: .relaxed) { break }
                let heartbeat = ServerSentEvent.comment("heartbeat")
                for stream in streams.withLock({ Array($0.open.values) }) { _ = stream.append(heartbeat) }
            }
            stopped.signal()
        }
    }

    /// Ends every stream (each sends what it has queued, then its response ends).
    func finishAll() {
        let open = streams.withLock { streams in
            streams.closed = true
            return Array(streams.open.values)
        }
        for stream in open { stream.finish() }
    }

    func stop() {
        guard running.load(ordering: .sequentiallyConsistent), !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        wakeup.signal()
        stopped.wait()
    }
}
