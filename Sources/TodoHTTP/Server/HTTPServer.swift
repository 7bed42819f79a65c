import CMicroHTTPD
import Foundation
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd: a pool of threads with epoll, keep-alive, limits on
/// bodies, URIs, connections and idle time. libmicrohttpd parses HTTP; we hand complete
/// requests to an `HTTPResponder` and queue its response.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let core: ServerCore
    private let state = Mutex<(daemon: OpaquePointer?, listening: Int32)>((nil, -1))
    /// The port listened on, known after `start()` (useful with port 0).
    public var port: Int { core.port.load(ordering: .relaxed) }

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        core = ServerCore(configuration: configuration, responder: responder)
    }

    public func start() throws(HTTPServerError) {
        let socket = try ListeningSocket.open(host: configuration.host, port: configuration.port)
        core.port.store(socket.port, ordering: .relaxed)
        var flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
                           | MHD_ALLOW_UPGRADE.rawValue)
        if socket.isIPv6 { flags |= UInt32(MHD_USE_IPv6.rawValue) }
        let context = Unmanaged.passUnretained(core).toOpaque()
        // libmicrohttpd zeroes the unused part of a connection's memory pool after every
        // request, so the pool is no larger than the request heads it must hold need
        // (`connectionMemoryLimit`); bodies stream past it.
        guard let daemon = todo_mhd_start(
            flags, socket.descriptor, accessHandler, context, requestCompleted, context, requestBegun, context, connectionNotified, context,
            UInt32(max(1, configuration.threads)), UInt32(max(1, configuration.maxConnections)),
            UInt32(max(0, configuration.maxConnectionsPerClient)),
            UInt32(max(0, configuration.idleTimeoutSeconds)), max(4096, configuration.connectionMemoryLimit))
        else {
            close(socket.descriptor)
            throw .cannotStart("libmicrohttpd refused the configuration (threads \(configuration.threads), connections \(configuration.maxConnections))")
        }
        core.webSockets.start()
        core.eventStreams.start()
        core.deadlines.start()
        state.withLock { $0 = (daemon, socket.descriptor) }
    }

    /// Counters of the open WebSocket connections (see `Router.ws`).
    public var webSocketMetrics: WebSocketMetrics { core.webSockets.metrics }

    /// Stops accepting connections and answers new requests on open ones with 503, closes
    /// WebSockets with 1001 Going Away, lets requests in progress finish (up to `gracePeriod`),
    /// then closes every connection.
    /// Connections attempted meanwhile are refused, not left in the listen queue for the whole
    /// stop: a client or load balancer can go to another instance at once.
    ///
    /// A request a worker is answering is always waited for, past the grace period too: its
    /// connection is suspended, and libmicrohttpd must not be stopped while one is (it aborts,
    /// or the worker later resumes a freed connection), nor may the store close under a write
    /// that may yet commit. Safe to call more than once.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        let (daemon, listening) = state.withLock { state in
            let current = state
            state = (nil, -1)
            return current
        }
        guard let daemon else { return }
        let quiesced = stopAccepting(daemon, listening: listening)
        // Set after the listener is gone: once a request has seen it, no connection is accepted.
        core.draining.store(true, ordering: .releasing)
        // Before the wait: an upgraded connection is a request in progress until its socket is
        // closed, and libmicrohttpd must not stop while one is open.
        core.webSockets.closeAll(.goingAway, reason: "the server is shutting down",
                                 timeout: min(gracePeriod, core.webSockets.configuration.closeTimeout))
        // Likewise an event stream: it ends cleanly once what it queued is sent.
        core.eventStreams.finishAll()
        let deadline = ContinuousClock.now + gracePeriod
        while core.inFlight.load(ordering: .acquiring) > 0,
              ContinuousClock.now < deadline || core.offloaded.load(ordering: .acquiring) > 0 {
            usleep(5_000)
        }
        // The WebSocket loop first: it closes the upgraded sockets it still holds through
        // libmicrohttpd, which must still run then.
        core.webSockets.stop()
        MHD_stop_daemon(daemon)
        core.deadlines.stop()
        core.eventStreams.stop()
        core.workers?.stop()
        // A quiesced daemon leaves its listening socket to the caller.
        if quiesced, listening >= 0 { close(listening) }
    }

    /// Closes the listening socket under libmicrohttpd, which goes on holding its descriptor
    /// number: an eventfd that never becomes readable takes that number (`dup2`), so the kernel
    /// drops the socket from the event threads' epoll sets, refuses new connections and resets
    /// those queued but not yet accepted, instead of queueing them for nobody.
    /// `MHD_stop_daemon` closes the placeholder. True when it fell back to quiescing.
    ///
    /// Not `MHD_quiesce_daemon`: it removes the socket from each event thread's epoll set while
    /// that thread may be removing it itself (the flags involved are neither atomic nor locked),
    /// and whichever side loses aborts the process ("Failed to remove listen FD from epoll set"),
    /// an open libmicrohttpd defect that aborted a test run of ours.
    private func stopAccepting(_ daemon: OpaquePointer, listening: Int32) -> Bool {
        let placeholder = eventfd(0, Int32(EFD_CLOEXEC))
        guard listening >= 0, placeholder >= 0, dup2(placeholder, listening) == listening else {
            // No descriptor to spare: libmicrohttpd's own way, then the socket is shut.
            if placeholder >= 0 { close(placeholder) }
            _ = MHD_quiesce_daemon(daemon)
            if listening >= 0 { _ = Glibc.shutdown(listening, Int32(SHUT_RD)) }
            return true
        }
        close(placeholder)
        return false
    }

    deinit {
        shutdown(gracePeriod: .zero)
    }
}

/// What the C callbacks reach through their context pointer. It outlives the daemon: the
/// `HTTPServer` owns it and stops the daemon before releasing it.
final class ServerCore: Sendable {
    let responder: any HTTPResponder
    let maxBodySize: Int
    let largerBodies: [String: Int]
    let maxURILength: Int
    let port = Atomic<Int>(0)
    /// Requests begun and not yet completed (response sent or connection gone).
    let inFlight = Atomic<Int>(0)
    /// Of those, the ones handed to a worker: their connections are suspended until it answers.
    let offloaded = Atomic<Int>(0)
    /// Set by `shutdown`: requests that arrive from then on are answered 503.
    let draining = Atomic<Bool>(false)
    let offloadedMethods: Set<String>
    let workers: WorkerPool?
    let webSockets: WebSocketLoop
    let eventStreams: EventStreamRegistry
    let deadlines: HeaderDeadlines

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        deadlines = HeaderDeadlines(timeoutSeconds: configuration.idleTimeoutSeconds)
        webSockets = WebSocketLoop(configuration: configuration.webSocket)
        eventStreams = EventStreamRegistry(heartbeatInterval: configuration.eventStreamHeartbeat)
        self.responder = responder
        maxBodySize = configuration.maxBodySize
        largerBodies = configuration.largerBodies
        maxURILength = configuration.maxURILength
        offloadedMethods = Set(configuration.offloadedMethods.map(\.rawValue))
        workers = configuration.offloadedMethods.isEmpty ? nil : WorkerPool(threads: configuration.workerThreads, name: "http worker")
    }

    /// The body limit of the request for `url` (its path); asked only of a body past
    /// `maxBodySize`, so other requests never read their path for it.
    func bodyLimit(url: UnsafePointer<CChar>?) -> Int {
        guard !largerBodies.isEmpty, let url, let path = String(validatingCString: url) else { return maxBodySize }
        return largerBodies[path] ?? maxBodySize
    }
}

/// One request's upload in progress.
final class RequestState: @unchecked Sendable {
    /// Why the target as sent is refused (see `RequestPath`): answered once the body is read,
    /// which the request's handler never sees.
    let targetRefusal: HTTPError?
    /// The access handler has seen the headers (its first call is over).
    var headersRead = false
    /// The whole body is in (the call without data came).
    var bodyReceived = false
    var body: [UInt8] = []
    var bodyTooLarge = false
    /// A response went out before the body was read (an announced oversize body).
    var answeredEarly = false
    /// The response a worker made while the connection was suspended; queued on resumption.
    /// Written by the worker before `MHD_resume_connection`, read by the event thread after.
    var deferredResponse: HTTPResponse?
    /// The request was handed to a worker (counted in `ServerCore.offloaded` until it completes).
    var offloaded = false
    /// The session a 101 response hands the connection to, taken by `upgraded`.
    var webSocketSession: (any WebSocketSession)?

    /// Where the target began in libmicrohttpd's buffer and how long it read as a C string,
    /// before the query and the escapes were decoded in place (see `holdsNUL`).
    let targetStart: UInt
    let targetLength: Int

    init(targetRefusal: HTTPError?, targetStart: UInt = 0, targetLength: Int = 0) {
        self.targetRefusal = targetRefusal
        self.targetStart = targetStart
        self.targetLength = targetLength
    }

    /// Whether the request line's target held a raw NUL byte. libmicrohttpd hands the target
    /// over as a C string, so "/tasks/ID\0anything" read as "/tasks/ID"; the target runs up to
    /// the byte before the HTTP version in the same buffer, so a C string ending sooner was cut.
    func holdsNUL(url: UnsafePointer<CChar>?, version: UnsafePointer<CChar>?) -> Bool {
        guard let url, let version, version.pointee != 0, targetStart != 0, UInt(bitPattern: url) == targetStart else { return false }
        let versionStart = UInt(bitPattern: version)
        guard versionStart > targetStart else { return false }
        return Int(versionStart - targetStart) - 1 != targetLength
    }
}

/// The connection pointer, carried to a worker (or an event stream's sender) and back to `MHD_resume_connection`.
struct SuspendedConnection: @unchecked Sendable {
    let pointer: OpaquePointer
}

// MARK: - libmicrohttpd callbacks (free functions: they capture nothing)

// Some of libmicrohttpd's enum constants are not imported into Swift; these are their values.
private let yes = MHD_Result(rawValue: 1)!
private let no = MHD_Result(rawValue: 0)!
private let headerKind = MHD_ValueKind(rawValue: 1)!
private let queryArgumentKind = MHD_ValueKind(rawValue: 8)!
private let mustCopy = MHD_ResponseMemoryMode(rawValue: 2)!
private let connectionStarted = MHD_ConnectionNotificationCode(rawValue: 0)!

/// Called once per request with its target as sent, before libmicrohttpd decodes it (and
/// before the headers are read): the request's state begins here, as the access handler's
/// context. `requestCompleted` releases it.
private func requestBegun(_ context: UnsafeMutableRawPointer?, _ target: UnsafePointer<CChar>?,
                          _ connection: OpaquePointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()
    core.inFlight.add(1, ordering: .relaxed)
    guard let target else { return Unmanaged.passRetained(RequestState(targetRefusal: nil)).toOpaque() }
    let length = strlen(target)
    let state = RequestState(targetRefusal: RequestPath.refusal(rawTarget: target, length: length, maxLength: core.maxURILength),
                             targetStart: UInt(bitPattern: target), targetLength: length)
    return Unmanaged.passRetained(state).toOpaque()
}

/// Called once when the headers are in, then once per chunk of body, then once with no data:
/// the response is queued on that last call, after the body is consumed, which keeps the
/// connection alive (queued earlier, libmicrohttpd answers `Connection: close`).
private func accessHandler(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?, _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let context, let connection, let uploadDataSize, let requestContext else { return no }
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()

    guard let pointer = requestContext.pointee else { return no }
    let state = Unmanaged<RequestState>.fromOpaque(pointer).takeUnretainedValue()

    if !state.headersRead {
        state.headersRead = true
        if let watch = connectionWatch(connection) { core.deadlines.requestStarted(watch) }
        if state.holdsNUL(url: url, version: version) {
            state.answeredEarly = true
            return queue(HTTPError.badRequest("the request target holds a NUL byte").response, on: connection)
        }
        switch Request.declaredLength(connection) {
        case .conflicting:
            state.answeredEarly = true
            return queue(Request.conflictingLengths, on: connection)
        case .lengthAndTransferEncoding:
            state.answeredEarly = true
            return queue(Request.lengthAndTransferEncoding, on: connection)
        case .bytes(let declared) where declared > core.maxBodySize && declared > core.bodyLimit(url: url):
            state.answeredEarly = true
            return queue(Request.bodyTooLarge(limit: core.bodyLimit(url: url)), on: connection)
        default:
            return yes
        }
    }

    if uploadDataSize.pointee > 0 {
        let count = uploadDataSize.pointee
        if !state.answeredEarly && !state.bodyTooLarge && state.targetRefusal == nil {
            if state.body.count + count > core.maxBodySize && state.body.count + count > core.bodyLimit(url: url) {
                state.bodyTooLarge = true
                state.body = []
            } else if let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: count) {
                    state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
                }
            }
        }
        uploadDataSize.pointee = 0
        return yes
    }
    if !state.bodyReceived {
        state.bodyReceived = true
        if let watch = connectionWatch(connection) { core.deadlines.bodyReceived(watch) }
    }
    if state.answeredEarly { return yes }
    if let response = state.deferredResponse {
        state.deferredResponse = nil
        return answer(response, on: connection, state: state, core: core)
    }
    if state.bodyTooLarge { return queue(Request.bodyTooLarge(limit: core.bodyLimit(url: url)), on: connection) }
    if let refusal = state.targetRefusal { return queue(refusal.response, on: connection) }

    let response: HTTPResponse
    switch Request.read(connection: connection, url: url, method: method, body: state.body) {
    case .success(let request):
        state.body = []
        if core.draining.load(ordering: .acquiring) {
            return queue(Request.shuttingDown, on: connection)
        }
        if let workers = core.workers, core.offloadedMethods.contains(request.method.rawValue) {
            // The worker answers; libmicrohttpd calls this handler again once resumed.
            state.offloaded = true
            core.offloaded.add(1, ordering: .relaxed)
            MHD_suspend_connection(connection)
            let suspended = SuspendedConnection(pointer: connection)
            workers.submit {
                state.deferredResponse = core.responder.respond(to: request)
                MHD_resume_connection(suspended.pointer)
            }
            return yes
        }
        response = core.responder.respond(to: request)
    case .failure(let error):
        response = error.response
    }
    state.body = []
    return answer(response, on: connection, state: state, core: core)
}

/// Queues a handler's response, which may take the connection over.
private func answer(_ response: HTTPResponse, on connection: OpaquePointer, state: RequestState, core: ServerCore) -> MHD_Result {
    switch response.takeover {
    case nil:
        return queue(response, on: connection)
    case .webSocket(let session):
        state.webSocketSession = session
        guard let made = MHD_create_response_for_upgrade(upgraded, Unmanaged.passUnretained(core).toOpaque()) else { return no }
        // libmicrohttpd writes the upgrade's own `Connection: Upgrade`; a second one doubled it.
        for field in response.headers where !HTTPHeaders.sameName(field.name, "Connection") {
            _ = MHD_add_response_header(made, field.name, field.value)
        }
        let result = MHD_queue_response(connection, UInt32(response.status.code), made)
        MHD_destroy_response(made)
        guard result == no else { return result }
        // libmicrohttpd upgrades HTTP/1.1 requests only; an HTTP/1.0 one got no answer at all.
        state.webSocketSession = nil
        return queue(HTTPError.badRequest("a WebSocket is opened with an HTTP/1.1 request", code: "http_version_not_supported").response,
                     on: connection)
    case .eventStream(let stream):
        core.eventStreams.add(stream)
        let feed = Unmanaged.passRetained(EventStreamFeed(stream: stream, connection: connection, registry: core.eventStreams))
        // Of unknown length: sent chunked, for as long as the stream lasts.
        guard let made = MHD_create_response_from_callback(UInt64.max, 16 * 1024, readEventStream, feed.toOpaque(), eventStreamEnded) else {
            feed.release()
            core.eventStreams.remove(stream)
            return no
        }
        for field in response.headers {
            _ = MHD_add_response_header(made, field.name, field.value)
        }
        let result = MHD_queue_response(connection, UInt32(response.status.code), made)
        MHD_destroy_response(made)
        return result
    }
}

/// What an event stream's response callbacks reach: the stream and the connection it suspends.
private final class EventStreamFeed: @unchecked Sendable {
    let stream: EventStream
    let connection: OpaquePointer
    let registry: EventStreamRegistry

    init(stream: EventStream, connection: OpaquePointer, registry: EventStreamRegistry) {
        self.stream = stream
        self.connection = connection
        self.registry = registry
    }
}

private func readEventStream(_ context: UnsafeMutableRawPointer?, _ position: UInt64, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int {
    guard let context, let buffer else { return Int(MHD_CONTENT_READER_END_WITH_ERROR) }
    let feed = Unmanaged<EventStreamFeed>.fromOpaque(context).takeUnretainedValue()
    return feed.stream.read(into: buffer, capacity: capacity, connection: feed.connection)
}

/// libmicrohttpd released the response: the client is gone or the stream ended.
private func eventStreamEnded(_ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let feed = Unmanaged<EventStreamFeed>.fromOpaque(context).takeRetainedValue()
    feed.registry.remove(feed.stream)
    feed.stream.terminated()
}

/// Called once the 101 is sent: the socket becomes the WebSocket loop's.
private func upgraded(_ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ requestContext: UnsafeMutableRawPointer?,
                      _ extraInput: UnsafePointer<CChar>?, _ extraInputSize: Int, _ socket: Int32, _ handle: OpaquePointer?) {
    guard let context, let handle else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()
    guard let requestContext, let session = Unmanaged<RequestState>.fromOpaque(requestContext).takeUnretainedValue().webSocketSession else {
        _ = todo_mhd_upgrade_close(handle)
        return
    }
    Unmanaged<RequestState>.fromOpaque(requestContext).takeUnretainedValue().webSocketSession = nil
    if let connection, let watch = connectionWatch(connection) { core.deadlines.upgraded(watch) }
    let extra = extraInput.map { Array(UnsafeRawBufferPointer(start: $0, count: extraInputSize)) } ?? []
    core.webSockets.adopt(socket: socket, upgradeHandle: handle, extraInput: extra, session: session)
}

private func requestCompleted(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ reason: MHD_RequestTerminationCode
) {
    guard let context, let requestContext, let pointer = requestContext.pointee else { return }
    let state = Unmanaged<RequestState>.fromOpaque(pointer)
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()
    if state.takeUnretainedValue().offloaded { core.offloaded.subtract(1, ordering: .releasing) }
    if let connection, let watch = connectionWatch(connection) { core.deadlines.requestEnded(watch) }
    state.release()
    requestContext.pointee = nil
    core.inFlight.subtract(1, ordering: .releasing)
}

/// Each connection is watched from its opening to its close (`HeaderDeadlines`): the watch is
/// the connection's socket context.
private func connectionNotified(_ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                                _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode) {
    guard let context, let connection, let socketContext else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(context).takeUnretainedValue()
    if code == connectionStarted {
        let socket = todo_mhd_connection_socket(connection)
        guard socket >= 0 else { return }
        socketContext.pointee = Unmanaged.passRetained(core.deadlines.opened(socket: socket)).toOpaque()
    } else if let pointer = socketContext.pointee {
        let watch = Unmanaged<ConnectionWatch>.fromOpaque(pointer)
        core.deadlines.closed(watch.takeUnretainedValue())
        watch.release()
        socketContext.pointee = nil
    }
}

private func connectionWatch(_ connection: OpaquePointer) -> ConnectionWatch? {
    todo_mhd_socket_context(connection).map { Unmanaged<ConnectionWatch>.fromOpaque($0).takeUnretainedValue() }
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let made = response.body.withUnsafeBytes { body in
        MHD_create_response_from_buffer(body.count, UnsafeMutableRawPointer(mutating: body.baseAddress),
                                        mustCopy)
    }
    guard let made else { return no }
    for field in response.headers {
        _ = MHD_add_response_header(made, field.name, field.value)
    }
    let result = MHD_queue_response(connection, UInt32(response.status.code), made)
    MHD_destroy_response(made)
    return result
}

/// Turning libmicrohttpd's view of a request into an `HTTPRequest`.
private enum Request {
    /// A request that arrived after shutdown began, on a connection opened before.
    static let shuttingDown: HTTPResponse = {
        var response = HTTPError(.serviceUnavailable, code: "shutting_down",
                                 message: "the server is shutting down; retry on another instance or after it restarts").response
        response.headers.add("Connection", "close")
        return response
    }()

    /// Several `Content-Length` fields that disagree (RFC 9112 §6.3): the body's end is unknown,
    /// and a proxy in front may have framed it by another one, so the bytes after it could be a
    /// request smuggled past the proxy. Answered before the body, which closes the connection.
    static let conflictingLengths = HTTPError.badRequest(
        "the request has several Content-Length fields with different values; send one").response

    /// Both `Content-Length` and `Transfer-Encoding` (RFC 9112 §6.1): the same ambiguity, the
    /// classic CL.TE smuggling; refused before the body, which closes the connection.
    static let lengthAndTransferEncoding = HTTPError.badRequest(
        "the request has both Content-Length and Transfer-Encoding; send one of them").response

    static func bodyTooLarge(limit: Int) -> HTTPResponse {
        HTTPError(.contentTooLarge, code: "payload_too_large",
                  message: "the request body is larger than the limit of \(limit) bytes").response
    }

    static func read(connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?,
                     body: [UInt8]) -> Result<HTTPRequest, HTTPError> {
        guard let url, let method, let path = String(validatingCString: url) else {
            return .failure(.badRequest("the request path is not valid UTF-8"))
        }
        var collected = Collected()
        withUnsafeMutablePointer(to: &collected) { pointer in
            _ = MHD_get_connection_values(connection, headerKind, collectHeader, pointer)
            _ = MHD_get_connection_values_n(connection, queryArgumentKind, collectArgument, pointer)
        }
        if collected.nulInQuery {
            return .failure(.badRequest("the query string holds a NUL character (%00)"))
        }
        if collected.invalidUTF8 {
            return .failure(.badRequest("the query string or a header is not valid UTF-8"))
        }
        var address = [CChar](repeating: 0, count: 64)
        todo_mhd_client_address(connection, &address, socklen_t(address.count))
        return .success(HTTPRequest(
            method: HTTPMethod(String(cString: method)), path: RequestPath.routable(path), query: QueryParameters(collected.query),
            headers: collected.headers, body: body, remoteAddress: String(decoding: address.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
    }

    /// What the `Content-Length` fields say about the body.
    enum DeclaredLength {
        /// No field, or one that is not a number (libmicrohttpd refuses those itself).
        case none
        case bytes(Int)
        case conflicting
        case lengthAndTransferEncoding
    }

    static func declaredLength(_ connection: OpaquePointer) -> DeclaredLength {
        var lengths = ContentLengths()
        withUnsafeMutablePointer(to: &lengths) { pointer in
            _ = MHD_get_connection_values(connection, headerKind, collectContentLength, pointer)
        }
        guard let first = lengths.first else { return .none }
        if lengths.conflicting { return .conflicting }
        if lengths.transferEncoding { return .lengthAndTransferEncoding }
        return Int(first).map(DeclaredLength.bytes) ?? .none
    }

    struct ContentLengths {
        var first: String?
        var conflicting = false
        var transferEncoding = false
    }

    struct Collected {
        var headers = HTTPHeaders()
        var query: [HTTPField] = []
        var invalidUTF8 = false
        var nulInQuery = false
    }
}

private func collectHeader(_ context: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
                           _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> MHD_Result {
    let collected = context!.assumingMemoryBound(to: Request.Collected.self)
    guard let key, let name = String(validatingCString: key) else {
        collected.pointee.invalidUTF8 = true
        return yes
    }
    // Header values may carry Latin-1 by the letter of RFC 9110; we accept UTF-8 only.
    guard let text = value.map({ String(validatingCString: $0) }) ?? "" else {
        collected.pointee.invalidUTF8 = true
        return yes
    }
    collected.pointee.headers.add(name, text)
    return yes
}

private func collectContentLength(_ context: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
                                  _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> MHD_Result {
    let lengths = context!.assumingMemoryBound(to: Request.ContentLengths.self)
    guard let key else { return yes }
    if strcasecmp(key, "Transfer-Encoding") == 0 {
        lengths.pointee.transferEncoding = true
        return yes
    }
    guard strcasecmp(key, "Content-Length") == 0 else { return yes }
    let text = value.map { String(cString: $0) } ?? ""
    if let first = lengths.pointee.first {
        if first != text { lengths.pointee.conflicting = true }
    } else {
        lengths.pointee.first = text
    }
    return yes
}

/// With the lengths libmicrohttpd decoded, which show a `%00` its C strings would cut at.
private func collectArgument(_ context: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
                             _ key: UnsafePointer<CChar>?, _ keySize: Int,
                             _ value: UnsafePointer<CChar>?, _ valueSize: Int) -> MHD_Result {
    let collected = context!.assumingMemoryBound(to: Request.Collected.self)
    if let key, strlen(key) != keySize { collected.pointee.nulInQuery = true }
    if let value, strlen(value) != valueSize { collected.pointee.nulInQuery = true }
    guard let key, let name = String(validatingCString: key),
          let text = value.map({ String(validatingCString: $0) }) ?? "" else {
        collected.pointee.invalidUTF8 = true
        return yes
    }
    collected.pointee.query.append(HTTPField(name: name, value: text))
    return yes
}
