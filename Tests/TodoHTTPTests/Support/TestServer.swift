import Foundation
import Synchronization
import TodoHTTP

/// A real `HTTPServer` on 127.0.0.1 and a free port, answering with a router of test routes:
///
/// - `GET /hello` → `hello`; `GET /query` → the query pairs as `name=value` lines;
///   `GET /peer` → the peer address the handler sees;
/// - `POST /echo` → the body it received (POST runs on a worker, as writes do);
/// - `POST /hold` → waits for `gate` to open, then answers `held` (a write in progress).
///
/// Stopped when released, or explicitly with `server.shutdown`.
final class TestServer {
    let server: HTTPServer
    let gate = Gate()
    var port: Int { server.port }

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 2, workerThreads: 2,
                                                    maxBodySize: 1024, maxURILength: 256)
        configure(&configuration)
        let gate = gate
        let router = Router<TestContext>()
        router.get("/hello") { _, _ in HTTPResponse(body: Array("hello".utf8)) }
        router.get("/query") { request, _ in
            HTTPResponse(body: Array(request.query.map { "\($0.name)=\($0.value)\n" }.joined().utf8))
        }
        router.get("/peer") { request, _ in HTTPResponse(body: Array(request.remoteAddress.utf8)) }
        router.post("/echo") { request, _ in HTTPResponse(body: request.body) }
        router.post("/hold") { _, _ in
            gate.pass()
            return HTTPResponse(body: Array("held".utf8))
        }
        server = HTTPServer(configuration: configuration, responder: router.buildResponder())
        try server.start()
    }

    deinit { stop() }

    /// Stops the server at once (the tests call it last, which also keeps the server alive until then).
    func stop() {
        gate.open()
        server.shutdown(gracePeriod: .zero)
    }

    func connect(timeout: Duration = .seconds(5)) throws -> RawHTTPConnection {
        try RawHTTPConnection(port: port, timeout: timeout)
    }
}

/// Holds the handlers that pass it until the test opens it: a request in progress for exactly
/// as long as a test needs. A handler never waits more than 10 s, so a failing test cannot
/// hold the server (and its shutdown) forever.
final class Gate: Sendable {
    private let entered = DispatchSemaphore(value: 0)
    private let opened = Atomic<Bool>(false)

    /// Called by a handler: waits until the gate is open.
    func pass() {
        entered.signal()
        let deadline = ContinuousClock.now + .seconds(10)
        while !opened.load(ordering: .acquiring), ContinuousClock.now < deadline { usleep(1_000) }
    }

    /// Whether a handler reached the gate within `timeout`.
    func waitForArrival(timeout: Duration = .seconds(5)) -> Bool {
        entered.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
    }

    func open() { opened.store(true, ordering: .releasing) }

    var isOpen: Bool { opened.load(ordering: .acquiring) }
}
