import CMicroHTTPD
import Synchronization

/// The sending end of one `text/event-stream` response. A handler makes one, registers it
/// wherever its events come from, and returns `HTTPResponse.eventStream(stream)`; any thread may
/// then `send`. Events wait in a bounded queue until the client takes them: a client that lets
/// more than `queueLimit` bytes pile up is dropped (it does not read), so it costs no more.
/// The server sends a heartbeat comment now and then, and ends every stream when it stops.
public final class EventStream: Sendable {
    public let queueLimit: Int
    private let state = Mutex<State>(State())
    private let onTermination: Mutex<(@Sendable (EventStream) -> Void)?> = Mutex(nil)

    struct State {
        var pending: [UInt8] = []
        var head = 0
        var finished = false
        /// Dropped for not reading: the response ends with an error instead of cleanly.
        var dropped = false
        /// The connection libmicrohttpd suspended because nothing was queued; resumed by `send`.
        var suspended: SuspendedConnection?
    }

    public init(queueLimit: Int = 1 << 20) {
        self.queueLimit = queueLimit
    }

    /// Called once when the client is gone or the stream ended (on libmicrohttpd's thread):
    /// where a handler unregisters the stream.
    public func onTermination(_ action: @escaping @Sendable (EventStream) -> Void) {
        onTermination.withLock { $0 = action }
    }

    /// Queues `event`; false when the stream has ended or the client was dropped for not reading.
    @discardableResult
    public func send(_ event: ServerSentEvent) -> Bool {
        append(event.encoded())
    }

    /// Ends the stream once what is queued has been sent.
    public func finish() {
        let suspended = state.withLock { state in
            state.finished = true
            return state.takeSuspended()
        }
        suspended.map { MHD_resume_connection($0.pointer) }
    }

    /// Whether the stream ended for not reading.
    public var wasDropped: Bool { state.withLock { $0.dropped } }

    func append(_ bytes: [UInt8]) -> Bool {
        var accepted = true
        let suspended: SuspendedConnection? = state.withLock { state in
            if state.finished { accepted = false; return nil }
            if state.pending.count - state.head + bytes.count > queueLimit {
                state.finished = true
                state.dropped = true
                state.pending = []
                state.head = 0
                accepted = false
            } else {
                state.pending += bytes
            }
            return state.takeSuspended()
        }
        suspended.map { MHD_resume_connection($0.pointer) }
        return accepted
    }

    /// libmicrohttpd asks for the next bytes: what is queued, up to `capacity`; or the end; or
    /// nothing yet, in which case the connection is suspended until `send` or `finish`.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int, connection: OpaquePointer) -> Int {
        state.withLock { state in
            let available = state.pending.count - state.head
            if available > 0 {
                let count = min(available, capacity)
                state.pending.withUnsafeBytes { bytes in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + state.head, byteCount: count)
                }
                state.head += count
                if state.head == state.pending.count {
                    state.pending = []
                    state.head = 0
                }
                return count
            }
            if state.dropped { return Int(MHD_CONTENT_READER_END_WITH_ERROR) }
            if state.finished { return Int(MHD_CONTENT_READER_END_OF_STREAM) }
            // Suspended under the lock, so a `send` cannot resume it before it is suspended.
            MHD_suspend_connection(connection)
            state.suspended = SuspendedConnection(pointer: connection)
            return 0
        }
    }

    /// libmicrohttpd is done with the response: the client left or the stream ended.
    func terminated() {
        state.withLock { state in
            state.finished = true
            state.suspended = nil
            state.pending = []
        }
        let action = onTermination.withLock { action in
            defer { action = nil }
            return action
        }
        action?(self)
    }
}

extension EventStream.State {
    mutating func takeSuspended() -> SuspendedConnection? {
        defer { suspended = nil }
        return suspended
    }
}

extension HTTPResponse {
    /// A `text/event-stream` response fed by `stream` (see `EventStream`).
    public static func eventStream(_ stream: EventStream) -> HTTPResponse {
        var response = HTTPResponse(headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                              "X-Accel-Buffering": "no"])
        response.takeover = .eventStream(stream)
        return response
    }
}
