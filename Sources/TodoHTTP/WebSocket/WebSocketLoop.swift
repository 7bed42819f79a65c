import CMicroHTTPD
import Foundation
import TodoLog
import Synchronization

/// The thread that serves every upgraded connection of a server from one epoll set: idle
/// connections cost their buffers, not a thread each. It reads and parses frames, answers
/// pings and closes, flushes queues a socket could not take at once, and ends connections;
/// other threads ask it to through `finish` and `awaitCloseReply`, which wake it.
final class WebSocketLoop: @unchecked Sendable {
    let configuration: WebSocketConfiguration
    let metrics = WebSocketMetrics()
    private let epoll: Int32
    private let wakeup: Int32
    private let state = Mutex<State>(State())
    private let nextID = Atomic<UInt64>(1)
    private let stopping = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// Close handshakes we began, by connection: when each gives up. Loop thread only.
    private var closing: [UInt64: ContinuousClock.Instant] = [:]

    private struct State {
        var connections: [UInt64: WebSocketConnection] = [:]
        /// Adopted by libmicrohttpd's thread, not yet registered by the loop.
        var adopted: [(WebSocketConnection, [UInt8])] = []
        var finishing: [(WebSocketConnection, WebSocketCloseCode)] = []
        var awaitingReply: [(WebSocketConnection, WebSocketCloseCode)] = []
        var refusing = false
    }

    /// The wake-up descriptor's key in the epoll set; connections have ids from 1.
    private static let wakeupKey: UInt64 = 0

    init(configuration: WebSocketConfiguration) {
        self.configuration = configuration
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeup = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.wakeupKey))
        epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event)
    }

    deinit {
        close(epoll)
        close(wakeup)
    }

    func start() {
        running.store(true, ordering: .sequentiallyConsistent)
        Thread.start(named: "websocket loop", stackSize: 1 << 20) { [self] in
            run()
            stopped.signal()
        }
    }

    /// Ends the thread; `closeAll` ran before, so no connection is left.
    func stop() {
        guard running.load(ordering: .sequentiallyConsistent), !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        wake()
        stopped.wait()
    }

    /// Called on libmicrohttpd's thread with the socket of a 101 just sent.
    func adopt(socket: Int32, upgradeHandle: OpaquePointer, extraInput: [UInt8], session: any WebSocketSession) {
        let connection = WebSocketConnection(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue, socket: socket,
                                             upgradeHandle: upgradeHandle, session: session, loop: self)
        let flags = fcntl(socket, F_GETFL)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        let refused = state.withLock { state in
            if state.refusing { return true }
            state.adopted.append((connection, extraInput))
            return false
        }
        if refused {
            // Upgraded while the server stops: say so, and close.
            connection.close(.goingAway, reason: "the server is shutting down")
            _ = todo_mhd_upgrade_close(upgradeHandle)
            return
        }
        wake()
    }

    /// Closes every connection with `code` (1001 at shutdown), waits up to `timeout` for the
    /// clients' close frames, then closes what is left. New upgrades are closed at once from now on.
    func closeAll(_ code: WebSocketCloseCode, reason: String, timeout: Duration) {
        let open = state.withLock { state in
            state.refusing = true
            return Array(state.connections.values) + state.adopted.map(\.0)
        }
        for connection in open { connection.close(code, reason: reason) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !isEmpty { usleep(2_000) }
        let left = state.withLock { state in
            state.finishing += state.connections.values.map { ($0, code) }
            return state.connections.count
        }
        if left > 0 { wake() }
        let hardDeadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < hardDeadline, !isEmpty { usleep(2_000) }
    }

    private var isEmpty: Bool { state.withLock { $0.connections.isEmpty && $0.adopted.isEmpty } }

    // MARK: Requests from any thread

    /// Ends `connection` on the loop thread: closes its socket and tells its session.
    func finish(_ connection: WebSocketConnection, code: WebSocketCloseCode) {
        state.withLock { $0.finishing.append((connection, code)) }
        wake()
    }

    func awaitCloseReply(_ connection: WebSocketConnection, code: WebSocketCloseCode) {
        state.withLock { $0.awaitingReply.append((connection, code)) }
        wake()
    }

    func dropSlowClient(_ connection: WebSocketConnection) {
        metrics.slowClientsDropped.add(1, ordering: .relaxed)
        configuration.logger.warning("websocket client dropped: it does not read, and its queue passed the limit",
                                     [("connection", String(connection.id)), ("limit_bytes", String(configuration.outboundQueueLimit))])
        finish(connection, code: .tryAgainLater)
    }

    func watch(_ connection: WebSocketConnection, writable: Bool) {
        var event = epoll_event(events: Self.readEvents | (writable ? EPOLLOUT.rawValue : 0), data: epoll_data_t(u64: connection.id))
        epoll_ctl(epoll, EPOLL_CTL_MOD, connection.socket, &event)
    }

    private static let readEvents = EPOLLIN.rawValue | EPOLLRDHUP.rawValue

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeup, &one, 8)
    }

    // MARK: The loop thread

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        // Silent peers are looked for a few times an interval (at most once a second).
        let sweep = min(Duration.seconds(1), configuration.keepAliveInterval / 4)
        var nextSweep = ContinuousClock.now + sweep
        let idleWait = Int32(max(10, sweep.inMilliseconds))
        while !stopping.load(ordering: .relaxed) {
            let timeout: Int32 = closing.isEmpty ? idleWait : 50
            let count = epoll_wait(epoll, &events, Int32(events.count), timeout)
            let adopted = state.withLock { state in
                let adopted = state.adopted
                state.adopted = []
                for (connection, _) in adopted { state.connections[connection.id] = connection }
                return adopted
            }
            for (connection, extra) in adopted { begin(connection, extraInput: extra) }
            for index in 0..<Int(max(0, count)) {
                let event = events[index]
                if event.data.u64 == Self.wakeupKey {
                    var value: UInt64 = 0
                    _ = read(wakeup, &value, 8)
                    continue
                }
                guard let connection = state.withLock({ $0.connections[event.data.u64] }) else { continue }
                if event.events & EPOLLOUT.rawValue != 0 { connection.flushQueued() }
                if event.events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                    readAvailable(connection, into: &buffer)
                }
            }
            let (finishing, awaiting) = state.withLock { state in
                defer { state.finishing = []; state.awaitingReply = [] }
                return (state.finishing, state.awaitingReply)
            }
            let now = ContinuousClock.now
            for (connection, code) in awaiting where closing[connection.id] == nil {
                if connection.closeCode == nil { connection.closeCode = code }
                closing[connection.id] = now + configuration.closeTimeout
            }
            for (connection, code) in finishing { end(connection, code: code) }
            for (id, deadline) in closing where deadline <= now {
                if let connection = state.withLock({ $0.connections[id] }) { end(connection, code: connection.closeCode ?? .abnormal) }
                closing[id] = nil
            }
            if now >= nextSweep {
                endSilentPeers(now: now)
                nextSweep = now + sweep
            }
        }
        // Whatever is left (a loop starved past `closeAll`'s wait) is closed here, while
        // libmicrohttpd still runs: an upgrade handle closed after `MHD_stop_daemon` is freed
        // memory, and this thread once crashed a test run so.
        let left = state.withLock { state in
            defer { state.adopted = [] }
            for (connection, _) in state.adopted { state.connections[connection.id] = connection }
            return Array(state.connections.values)
        }
        for connection in left { end(connection, code: connection.closeCode ?? .goingAway) }
    }

    /// Pings every connection silent for `keepAliveInterval`, and ends each that stayed silent as
    /// long after its ping.
    private func endSilentPeers(now: ContinuousClock.Instant) {
        let interval = configuration.keepAliveInterval
        for connection in state.withLock({ Array($0.connections.values) })
        where closing[connection.id] == nil && now - connection.lastHeard >= interval {
            if !connection.pinged {
                connection.pinged = true
                connection.lastHeard = now
                connection.sendPing()
            } else {
                metrics.silentPeersEnded.add(1, ordering: .relaxed)
                configuration.logger.info("websocket client gone: it answered no ping",
                                          [("connection", String(connection.id)), ("keepalive_interval", "\(interval)")])
                end(connection, code: .abnormal)
            }
        }
    }

    private func begin(_ connection: WebSocketConnection, extraInput: [UInt8]) {
        var event = epoll_event(events: Self.readEvents, data: epoll_data_t(u64: connection.id))
        epoll_ctl(epoll, EPOLL_CTL_ADD, connection.socket, &event)
        metrics.open.add(1, ordering: .relaxed)
        metrics.opened.add(1, ordering: .relaxed)
        connection.session.opened(connection)
        if !extraInput.isEmpty { receive(extraInput, on: connection) }
    }

    private func readAvailable(_ connection: WebSocketConnection, into buffer: inout [UInt8]) {
        // A few reads at most, so one busy client cannot starve the others.
        for _ in 0..<4 {
            let count = buffer.withUnsafeMutableBytes { recv(connection.socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                connection.lastHeard = .now
                connection.pinged = false
                buffer.withUnsafeBytes { receive(UnsafeRawBufferPointer(rebasing: $0[..<count]), on: connection) }
                if count < buffer.count { return }
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                // The client went away (EOF or reset): without its close frame unless it sent one.
                end(connection, code: connection.closeCode ?? .abnormal)
                return
            }
        }
    }

    private func receive(_ bytes: [UInt8], on connection: WebSocketConnection) {
        bytes.withUnsafeBytes { receive($0, on: connection) }
    }

    private func receive(_ bytes: UnsafeRawBufferPointer, on connection: WebSocketConnection) {
        guard !connection.discardingInput else { return }
        connection.inbound.append(bytes)
        while true {
            let event: WebSocketInboundEvent?
            do {
                event = try connection.inbound.next()
            } catch {
                fail(connection, error)
                return
            }
            guard let event else { return }
            switch event {
            case .message(let message):
                if !connection.isCloseQueued { connection.session.received(message, on: connection) }
            case .ping(let payload):
                guard connection.pings.allow() else {
                    metrics.pingFloods.add(1, ordering: .relaxed)
                    fail(connection, WebSocketProtocolError(.policyViolation, "too many pings (over \(configuration.pingsPerSecond) a second)"))
                    return
                }
                connection.sendPong(payload)
            case .pong:
                continue
            case .close(let code, _):
                if connection.isCloseQueued {
                    // The reply to our close: the handshake is complete.
                    end(connection, code: connection.closeCode ?? code ?? .noStatus)
                } else {
                    connection.closeCode = code ?? .noStatus
                    connection.echoClose(code)
                }
                return
            }
        }
    }

    /// Fails the connection (RFC 6455 §7.1.7): logs and counts why, sends the close frame, and
    /// drops further input until the client closes or the close timeout passes.
    private func fail(_ connection: WebSocketConnection, _ error: WebSocketProtocolError) {
        if error.closeCode != .policyViolation { metrics.countRefusal(error.closeCode) }
        configuration.logger.warning("websocket client refused: \(error.message)",
                                     [("connection", String(connection.id)), ("close_code", String(error.closeCode.rawValue))])
        connection.discardingInput = true
        connection.closeCode = error.closeCode
        connection.close(error.closeCode, reason: error.message)
        closing[connection.id] = ContinuousClock.now + configuration.closeTimeout
    }

    private func end(_ connection: WebSocketConnection, code: WebSocketCloseCode) {
        guard state.withLock({ $0.connections.removeValue(forKey: connection.id) }) != nil else { return }
        closing[connection.id] = nil
        connection.markFinished()
        epoll_ctl(epoll, EPOLL_CTL_DEL, connection.socket, nil)
        // A FIN after our last bytes, before libmicrohttpd closes the descriptor.
        shutdown(connection.socket, Int32(SHUT_WR))
        _ = todo_mhd_upgrade_close(connection.upgradeHandle)
        metrics.open.subtract(1, ordering: .relaxed)
        connection.session.closed(connection, code: connection.closeCode ?? code)
    }
}
