import TodoLog

/// The limits every WebSocket connection of a server lives within.
public struct WebSocketConfiguration: Sendable {
    /// A larger frame is refused from its header with 1009.
    public var maxFrameSize: Int
    /// A larger message (all its fragments) is refused with 1009.
    public var maxMessageSize: Int
    /// Bytes waiting to be sent to one client; a client that lets more pile up (it does not
    /// read) is dropped, so a slow client never makes the server's memory grow.
    public var outboundQueueLimit: Int
    /// Pings answered a second on average, with bursts of twice as many; a client that pings
    /// faster is closed with 1008.
    public var pingsPerSecond: Double
    /// How long a close we begin waits for the client's close frame before the socket is closed.
    public var closeTimeout: Duration
    /// A connection the client has sent nothing on for this long is pinged, and one that stays
    /// silent as long again is ended: a peer that vanished without a word (a laptop closed, a
    /// NAT that forgot the connection) would otherwise keep its place, and its count, for ever.
    public var keepAliveInterval: Duration
    /// Where refusals (bad frames, slow clients, ping floods) are logged.
    public var logger: Logger

    public init(maxFrameSize: Int = 64 * 1024, maxMessageSize: Int = 64 * 1024, outboundQueueLimit: Int = 1 << 20,
                pingsPerSecond: Double = 5, closeTimeout: Duration = .seconds(2), keepAliveInterval: Duration = .seconds(30),
                logger: Logger = .disabled) {
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.outboundQueueLimit = outboundQueueLimit
        self.pingsPerSecond = pingsPerSecond
        self.closeTimeout = closeTimeout
        self.keepAliveInterval = keepAliveInterval
        self.logger = logger
    }
}
