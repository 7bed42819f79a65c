import Foundation
import TodoLog
import Synchronization

/// One connection as `HeaderDeadlines` watches it.
final class ConnectionWatch: Sendable {
    let socket: Int32
    /// When the next request's headers must be in (milliseconds since the epoch); `Int64.max`
    /// while a request is under way.
    fileprivate let deadline: Atomic<Int64>
    /// Handed to the WebSocket loop: not an HTTP connection any more.
    fileprivate let upgraded = Atomic<Bool>(false)

    fileprivate init(socket: Int32, deadline: Int64) {
        self.socket = socket
        self.deadline = Atomic(deadline)
    }
}

/// Closes a connection that does not complete a request's headers within the idle timeout of
/// its opening or of its last response, or its body within the timeout of its headers.
/// libmicrohttpd's own timeout counts from the last byte received, so a client sending a byte
/// a minute kept its connection for ever, and ten thousand such connections kept everyone else
/// out (slowloris). A request whose body is in (its handler, an event stream) and an upgraded
/// WebSocket are not limited here.
final class HeaderDeadlines: Sendable {
    let timeout: Int64
    private let watches = Mutex<[ObjectIdentifier: ConnectionWatch]>([:])
    private let loop = Mutex<(running: Bool, thread: Bool)>((false, false))
    private let stopped = DispatchSemaphore(value: 0)

    init(timeoutSeconds: Int) {
        timeout = Int64(max(1, timeoutSeconds)) * 1000
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func opened(socket: Int32) -> ConnectionWatch {
        let watch = ConnectionWatch(socket: socket, deadline: Self.now() + timeout)
        watches.withLock { $0[ObjectIdentifier(watch)] = watch }
        return watch
    }

    func closed(_ watch: ConnectionWatch) {
        _ = watches.withLock { $0.removeValue(forKey: ObjectIdentifier(watch)) }
    }

    /// The headers are in: the body must be too within the timeout (a body trickled a byte at
    /// a time held its connection for ever, as slow headers did).
    func requestStarted(_ watch: ConnectionWatch) {
        watch.deadline.store(Self.now() + timeout, ordering: .relaxed)
    }

    /// The whole request is in: its handler (or event stream) is not limited here.
    func bodyReceived(_ watch: ConnectionWatch) {
        watch.deadline.store(.max, ordering: .relaxed)
    }

    func requestEnded(_ watch: ConnectionWatch) {
        watch.deadline.store(Self.now() + timeout, ordering: .relaxed)
    }

    func upgraded(_ watch: ConnectionWatch) {
        watch.upgraded.store(true, ordering: .relaxed)
    }

    func start() {
        let starts = loop.withLock { state -> Bool in
            guard !state.thread else { return false }
            state = (true, true)
            return true
        }
        guard starts else { return }
        Thread.start(named: "http deadlines") { [self] in run() }
    }

    func stop() {
        let running = loop.withLock { state -> Bool in
            let was = state.thread
            state.running = false
            return was
        }
        if running { stopped.wait() }
    }

    private func run() {
        defer { stopped.signal() }
        while loop.withLock({ $0.running }) {
            Thread.sleep(forTimeInterval: 0.5)
            sweep(now: Self.now())
        }
    }

    /// Shuts the overdue connections' sockets; libmicrohttpd then sees them end and closes
    /// them. Under the lock, so a connection's socket is never shut after it was reported
    /// closed (its number may by then be another connection's).
    func sweep(now: Int64) {
        watches.withLock { watches in
            for watch in watches.values where !watch.upgraded.load(ordering: .relaxed) && watch.deadline.load(ordering: .relaxed) < now {
                // Once: it is gone at libmicrohttpd's next look at it.
                watch.deadline.store(.max, ordering: .relaxed)
                _ = Glibc.shutdown(watch.socket, Int32(SHUT_RDWR))
            }
        }
    }
}
