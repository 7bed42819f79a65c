/// How the server listens and what it tolerates.
public struct HTTPServerConfiguration: Sendable {
    /// An IP address (IPv4 or IPv6 literal) or `localhost`.
    public var host: String
    /// 0 picks a free port (see `HTTPServer.port`).
    public var port: Int
    /// Threads of libmicrohttpd's pool, each with its own epoll set: they read requests, run
    /// the handlers of reads and write responses. As many as cores.
    public var threads: Int
    /// Requests with these methods (writes, which wait for a commit) run on a pool of
    /// `workerThreads` instead, their connection suspended meanwhile, so event threads never
    /// wait and concurrent writes can share a commit.
    public var offloadedMethods: Set<HTTPMethod>
    public var workerThreads: Int
    /// Larger request bodies are answered with 413.
    public var maxBodySize: Int
    /// Paths (exact, without the query) whose bodies may be larger than `maxBodySize`, up to
    /// the size given: a file to import.
    public var largerBodies: [String: Int] = [:]
    /// Request targets (path and query string) longer than this many bytes as sent,
    /// percent-encoded, are answered with 414.
    public var maxURILength: Int
    public var maxConnections: Int
    /// Connections one client address may hold at once (0: no limit). Behind a reverse proxy
    /// every client has the proxy's address: raise it or set 0 there.
    public var maxConnectionsPerClient = 0
    /// An idle connection (keep-alive, or one that sends nothing) is closed after this long; so
    /// is one that has not sent a whole request's headers this long after it opened or after its
    /// last response, however slowly it keeps sending (`HeaderDeadlines`).
    public var idleTimeoutSeconds: Int
    /// libmicrohttpd's memory pool of each connection (request line, headers, buffers): it must
    /// hold `maxURILength` and the headers; a request whose head does not fit is answered 431.
    /// The pool's unused part is zeroed after every request (at 32 KiB a quarter of a
    /// `/healthz`'s instructions), and an idle WebSocket keeps its pool: 20 KiB holds an 8 KiB
    /// target beside 4 KiB of other headers (a head of about 12 KiB).
    public var connectionMemoryLimit = 20 * 1024
    /// The limits of WebSocket connections (`Router.ws`); idle ones are not timed out.
    public var webSocket = WebSocketConfiguration()
    /// How often an open event stream (`HTTPResponse.eventStream`) gets a heartbeat comment,
    /// which keeps proxies and clients from taking it for dead.
    public var eventStreamHeartbeat: Duration = .seconds(15)

    public init(host: String = "127.0.0.1", port: Int = 8080, threads: Int = 2,
                offloadedMethods: Set<HTTPMethod> = [.post, .put, .patch, .delete], workerThreads: Int = 32,
                maxBodySize: Int = 1 << 20, maxURILength: Int = 8 * 1024, maxConnections: Int = 4096,
                idleTimeoutSeconds: Int = 60) {
        self.host = host
        self.port = port
        self.threads = threads
        self.offloadedMethods = offloadedMethods
        self.workerThreads = workerThreads
        self.maxBodySize = maxBodySize
        self.maxURILength = maxURILength
        self.maxConnections = maxConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, CustomStringConvertible {
    case invalidHost(String)
    case cannotListen(host: String, port: Int, reason: String)
    case cannotStart(String)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            "cannot listen on \"\(host)\": give an IP address such as 127.0.0.1, 0.0.0.0 or ::1"
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason)"
        case .cannotStart(let reason):
            "the HTTP server could not start: \(reason)"
        }
    }
}
