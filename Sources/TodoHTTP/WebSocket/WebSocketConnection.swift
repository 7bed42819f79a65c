import Foundation
import Synchronization

/// One upgraded connection. Any thread may `send` or `close`; the socket is written at once
/// when it can take the bytes, and what it cannot take waits in a bounded queue that the loop
/// flushes when the socket becomes writable. Reading, the close handshake and the end of the
/// connection belong to the loop thread.
public final class WebSocketConnection: @unchecked Sendable {
    /// Unique within the server's lifetime.
    public let id: UInt64
    let socket: Int32
    /// libmicrohttpd's handle: the socket is closed through it, never directly.
    let upgradeHandle: OpaquePointer
    let session: any WebSocketSession
    private unowned let loop: WebSocketLoop
    private let output = Mutex<Output>(Output())

    // Touched by the loop thread only (hence `@unchecked Sendable`).
    var inbound: WebSocketInbound
    var pings: PingAllowance
    /// When the close we began gives up waiting for the client's close frame.
    var closeDeadline: ContinuousClock.Instant?
    /// The input is no longer parsed (after a protocol error): bytes are read and dropped
    /// until the client closes or the deadline passes.
    var discardingInput = false
    /// The code `closed` will report: the first one either side sent.
    var closeCode: WebSocketCloseCode?
    /// When the client last sent anything, or we last pinged it; and whether that ping is
    /// unanswered (`WebSocketConfiguration.keepAliveInterval`).
    var lastHeard = ContinuousClock.now
    var pinged = false

    struct Output {
        var pending: [UInt8] = []
        var head = 0
        var waitingForWritable = false
        /// Our close frame is queued: nothing more may be sent.
        var closeQueued = false
        /// Close the socket once the queue is flushed (after echoing a client's close).
        var finishAfterFlush = false
        var finished = false
        var queuedCount: Int { pending.count - head }
    }

    init(id: UInt64, socket: Int32, upgradeHandle: OpaquePointer, session: any WebSocketSession, loop: WebSocketLoop) {
        self.id = id
        self.socket = socket
        self.upgradeHandle = upgradeHandle
        self.session = session
        self.loop = loop
        inbound = WebSocketInbound(maxFrameSize: loop.configuration.maxFrameSize, maxMessageSize: loop.configuration.maxMessageSize)
        pings = PingAllowance(perSecond: loop.configuration.pingsPerSecond)
    }

    /// Queues `message`; false when the connection is closing or gone. A client whose queue
    /// would pass `outboundQueueLimit` is dropped (and counted) instead: it does not read.
    @discardableResult
    public func send(_ message: WebSocketMessage) -> Bool {
        switch message {
        case .text(let text): write(WebSocketFrame.text(text).encoded(), closing: false)
        case .binary(let bytes): write(WebSocketFrame(opcode: .binary, payload: bytes).encoded(), closing: false)
        }
    }

    /// Begins the close handshake: sends a close frame with `code`, then waits (up to the
    /// configured close timeout) for the client's.
    public func close(_ code: WebSocketCloseCode = .normal, reason: String = "") {
        if write(WebSocketFrame.close(code, reason: reason).encoded(), closing: true) {
            loop.awaitCloseReply(self, code: code)
        }
    }

    /// Asks the client for a sign of life (answered with a pong by every client).
    func sendPing() {
        write(WebSocketFrame(opcode: .ping, payload: []).encoded(), closing: false)
    }

    func sendPong(_ payload: [UInt8]) {
        write(WebSocketFrame(opcode: .pong, payload: payload).encoded(), closing: false)
    }

    /// Answers a client's close with the same code and closes the socket once that is sent.
    func echoClose(_ code: WebSocketCloseCode?) {
        let frame = code.map { WebSocketFrame.close($0) } ?? WebSocketFrame(opcode: .close, payload: [])
        if write(frame.encoded(), closing: true, finishAfterFlush: true) == false {
            loop.finish(self, code: code ?? .noStatus)
        }
    }

    private enum WriteOutcome {
        case queued, refused, overflow, failed, flushedToFinish
    }

    @discardableResult
    private func write(_ bytes: [UInt8], closing: Bool, finishAfterFlush: Bool = false) -> Bool {
        let limit = loop.configuration.outboundQueueLimit
        let outcome: WriteOutcome = output.withLock { output in
            if output.closeQueued || output.finished { return .refused }
            if !closing, output.queuedCount + bytes.count > limit {
                output.closeQueued = true
                return .overflow
            }
            if output.head == output.pending.count {
                output.pending = bytes
                output.head = 0
            } else {
                output.pending += bytes
            }
            output.closeQueued = closing
            output.finishAfterFlush = finishAfterFlush
            return flush(&output)
        }
        switch outcome {
        case .queued: return true
        case .refused: return false
        case .flushedToFinish:
            loop.finish(self, code: closeCode ?? .normal)
            return true
        case .failed:
            loop.finish(self, code: .abnormal)
            return false
        case .overflow:
            loop.dropSlowClient(self)
            return false
        }
    }

    /// Called by the loop when the socket became writable.
    func flushQueued() {
        let outcome = output.withLock { flush(&$0) }
        switch outcome {
        case .flushedToFinish: loop.finish(self, code: closeCode ?? .normal)
        case .failed: loop.finish(self, code: .abnormal)
        default: break
        }
    }

    /// Writes what the socket takes without blocking; asks the loop to watch for writability
    /// while bytes remain, and to stop once they are all out.
    private func flush(_ output: inout Output) -> WriteOutcome {
        while output.head < output.pending.count {
            let written = output.pending.withUnsafeBytes { bytes in
                Glibc.send(socket, bytes.baseAddress! + output.head, bytes.count - output.head, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if written > 0 {
                output.head += written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                if !output.waitingForWritable {
                    output.waitingForWritable = true
                    loop.watch(self, writable: true)
                }
                return .queued
            } else {
                return .failed
            }
        }
        // Released, not kept: ten thousand idle connections must not each hold a buffer.
        output.pending = []
        output.head = 0
        if output.waitingForWritable {
            output.waitingForWritable = false
            loop.watch(self, writable: false)
        }
        return output.finishAfterFlush ? .flushedToFinish : .queued
    }

    /// No writes from now on: the socket is about to be closed.
    func markFinished() {
        output.withLock {
            $0.finished = true
            $0.pending = []
            $0.head = 0
        }
    }

    var isCloseQueued: Bool { output.withLock { $0.closeQueued } }

    /// Bytes sent but not yet taken by the socket: a sender with much to send (a replay) waits
    /// for them to drain rather than pass `outboundQueueLimit`, which would drop the client.
    public var unsentBytes: Int { output.withLock { $0.queuedCount } }
}

/// A token bucket for a client's pings: `perSecond` on average, bursts of twice as many.
struct PingAllowance {
    let perSecond: Double
    private var tokens: Double
    private var last = ContinuousClock.now

    init(perSecond: Double) {
        self.perSecond = perSecond
        tokens = perSecond * 2
    }

    mutating func allow(at now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(perSecond * 2, tokens + seconds * perSecond)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
