import Foundation
import Synchronization

/// One connected client (a WebSocket or an event stream) of one user, as the hub sees it.
/// It sends each message once and in order: `lastSent` is the highest sequence sent, and a
/// message at or below it is a duplicate. While a resume replays the history, live messages
/// wait in a bounded buffer and are sent after it, duplicates skipped, so there is no gap.
final class LiveClient: Sendable {
    let userID: UUID
    /// Hands a message to the transport; false when it refused (closed, or dropped for not reading).
    private let sink: @Sendable (LiveMessage) -> Bool
    /// What the transport holds unsent, when it can tell (a WebSocket's queue): a replay sends
    /// no faster than the client reads.
    private let unsent: (@Sendable () -> Int)?
    /// Whether the token the client connected with still holds, asked before each live message:
    /// a token revoked or a session ended (logout, a password change) gets nothing more.
    private let access: LiveAccess?
    private let state: Mutex<State>
    /// Live messages held during a replay; a client that passes it is as slow as one that
    /// does not read, and is cut off the same way.
    static let replayBufferLimit = 10_000

    private struct State {
        var lastSent: Int64
        var replaying: Bool
        var buffered: [LiveMessage] = []
        var refused = false
        /// More live messages came during the replay than `replayBufferLimit`.
        var overflowed = false
        /// Live messages at or below this were recorded before the client connected: one
        /// redelivered after a crash is not news to it.
        var liveAfter: Int64 = 0
    }

    /// A replay waits while the transport holds more than this unsent (a WebSocket drops a client
    /// past 1 MiB), and at most `replayStall` for one message: a client that reads nothing for
    /// that long is then dropped by its transport like any other that does not read.
    static let replayUnsentLimit = 256 * 1024
    static let replayStall: Duration = .seconds(30)

    /// `resumeFrom`: the last sequence the client has; nil for live messages only.
    init(userID: UUID, resumeFrom: Int64?, access: LiveAccess? = nil, unsent: (@Sendable () -> Int)? = nil,
         sink: @escaping @Sendable (LiveMessage) -> Bool) {
        self.userID = userID
        self.access = access
        self.unsent = unsent
        self.sink = sink
        state = Mutex(State(lastSent: resumeFrom ?? 0, replaying: resumeFrom != nil))
    }

    /// Whether the client has been sent anything yet.
    var hasSent: Bool { state.withLock { $0.lastSent > 0 || $0.replaying } }

    /// A live message from the hub.
    func deliver(_ message: LiveMessage) {
        guard accessHolds() else { return }
        state.withLock { state in
            if state.replaying {
                if state.buffered.count < Self.replayBufferLimit {
                    state.buffered.append(message)
                } else {
                    state.refused = true
                    state.overflowed = true
                }
                return
            }
            guard message.sequence > state.liveAfter else { return }
            send(message, &state)
        }
    }

    /// Marks `sequence`, the user's latest recorded message when the client connected without
    /// a resume point, as the last one before its live messages.
    func startLive(after sequence: Int64) {
        state.withLock { state in
            if !state.replaying, state.lastSent == 0 { state.liveAfter = sequence }
        }
    }

    /// Starts a replay after `sequence` for a client that was live until now and has been sent
    /// nothing (a WebSocket's first message `{"resume_from": N}`); false when it has.
    func beginResume(from sequence: Int64) -> Bool {
        state.withLock { state in
            guard state.lastSent == 0, !state.replaying else { return false }
            state.lastSent = sequence
            state.replaying = true
            return true
        }
    }

    /// Replays the history after the resume point, page by page, then the live messages that
    /// came meanwhile, and goes live. Runs off the transport's threads (it reads the database).
    /// Throws `LiveClientFellBehind` when more live messages came meanwhile than it could hold:
    /// the client gets nothing more, and its transport must be ended so that it reconnects
    /// (left open, it waited for messages that would never come).
    func replay(from history: LiveHistory, pageSize: Int = 500) throws {
        try replayPages(from: history, pageSize: pageSize)
        if let lastSent = state.withLock({ $0.overflowed ? $0.lastSent : nil }) { throw LiveClientFellBehind(lastSent: lastSent) }
    }

    private func replayPages(from history: LiveHistory, pageSize: Int) throws {
        while true {
            // The history is the user's as much as the live messages are: a token revoked since
            // the client connected gets no page of it either.
            guard accessHolds() else { return }
            let after = state.withLock { $0.lastSent }
            let page = try history.messages(of: userID, after: after, limit: pageSize)
            for message in page {
                waitForRoom()
                // One message a lock: live messages meanwhile wait in the buffer, not on a sleep.
                if state.withLock({ state in send(message, &state); return state.refused }) { break }
            }
            let done = state.withLock { state in
                if page.count == pageSize, !state.refused { return false }
                for message in state.buffered.sorted(by: { $0.sequence < $1.sequence }) { send(message, &state) }
                state.buffered = []
                state.replaying = false
                return true
            }
            if done { return }
        }
    }

    /// Waits (off the lock) while the transport holds more than `replayUnsentLimit` unsent.
    private func waitForRoom() {
        guard let unsent else { return }
        let deadline = ContinuousClock.now + Self.replayStall
        while unsent() > Self.replayUnsentLimit, ContinuousClock.now < deadline { usleep(2_000) }
    }

    /// Whether the client's token still authenticates; when it no longer does, the client is
    /// refused from now on and the connection ended, once.
    private func accessHolds() -> Bool {
        guard let access, !access.holds() else { return true }
        let first = state.withLock { state in defer { state.refused = true }; return !state.refused }
        if first { access.revoked() }
        return false
    }

    private func send(_ message: LiveMessage, _ state: inout State) {
        guard !state.refused, message.sequence > state.lastSent else { return }
        if sink(message) {
            state.lastSent = message.sequence
        } else {
            state.refused = true
        }
    }
}

/// A client whose replay could not hold the live messages that came meanwhile: it is ended,
/// and resumes from the last message it was sent.
struct LiveClientFellBehind: Error {
    let lastSent: Int64

    var reason: String {
        "more than \(LiveClient.replayBufferLimit) new messages came while the history was replayed; reconnect and resume from \(lastSent)"
    }
}

/// The check behind `LiveClient`'s access: whether the client's token still authenticates, and
/// what ends the connection when it no longer does.
struct LiveAccess: Sendable {
    let holds: @Sendable () -> Bool
    let revoked: @Sendable () -> Void

    /// Holds while `token` still authenticates as `user`.
    init(token: String, of user: UUID, live: LiveUpdates, authenticate: @escaping @Sendable (String, Date) throws -> UUID,
         revoked: @escaping @Sendable () -> Void) {
        holds = { (try? authenticate(token, live.clock())) == user }
        self.revoked = revoked
    }

    /// Ends the connection with this when the token no longer holds.
    static let revokedReason = "the token was revoked or its session ended; sign in again and reconnect"
}
