import Foundation
import Synchronization
import TodoHTTP
import TodoTestSupport

/// A real `HTTPServer` with WebSocket and event-stream routes, and the Python clients that talk to it:
///
/// - `/ws/echo` sends every message back;
/// - `/ws/refuse` refuses the upgrade with 403 (a handler's own check, like authentication);
/// - `/ws/flood` sends 16 KiB messages as soon as it opens until the connection refuses more
///   (a client that never reads is dropped at the queue limit of 256 KiB);
/// - `/events` opens an event stream (queue limit 64 KiB) that `streams` sends to; it begins
///   with an event saying the request's `Last-Event-ID`.
final class WebSocketTestServer {
    let server: HTTPServer
    let log = LogCapture()
    let recorder = CloseRecorder()
    /// The codes the sessions' `closed` got, in order.
    var closes: [WebSocketCloseCode] { recorder.closes.withLock { $0 } }
    var port: Int { server.port }
    var metrics: WebSocketMetrics { server.webSocketMetrics }
    let streams = OpenStreams()

    init(heartbeat: Duration = .seconds(15), idleTimeoutSeconds: Int = 60, keepAlive: Duration = .seconds(30)) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 2, workerThreads: 2,
                                                    idleTimeoutSeconds: idleTimeoutSeconds)
        configuration.eventStreamHeartbeat = heartbeat
        configuration.webSocket = WebSocketConfiguration(maxFrameSize: 4096, maxMessageSize: 8192, outboundQueueLimit: 256 * 1024,
                                                         pingsPerSecond: 5, closeTimeout: .seconds(1), keepAliveInterval: keepAlive,
                                                         logger: log.logger)
        let router = Router<TestContext>()
        let recorder = recorder
        router.ws("/ws/echo") { _, _ in EchoSession(recorder: recorder) }
        router.ws("/ws/refuse") { _, _ in throw HTTPError(.forbidden, code: "forbidden", message: "not you") }
        router.ws("/ws/flood") { _, _ in FloodSession(recorder: recorder) }
        let streams = streams
        router.get("/events") { request, _ in
            let stream = EventStream(queueLimit: 64 * 1024)
            stream.send(ServerSentEvent(event: "hello", data: "last event id: \(request.headers["Last-Event-ID"] ?? "none")"))
            stream.onTermination { ended in streams.withLock { $0.removeAll { $0 === ended } } }
            streams.withLock { $0.append(stream) }
            return HTTPResponse.eventStream(stream)
        }
        server = HTTPServer(configuration: configuration, responder: router.buildResponder())
        try server.start()
    }

    deinit { server.shutdown(gracePeriod: .zero) }

    /// Waits until `condition` holds (up to `timeout`).
    func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            usleep(5_000)
        }
        return true
    }

    /// Sends `event` to every open event stream; how many took it.
    @discardableResult
    func broadcast(_ event: ServerSentEvent) -> Int {
        streams.withLock { Array($0) }.filter { $0.send(event) }.count
    }

    /// Runs the Python client in `mode` against this server and returns its JSON answer.
    func client(_ mode: String, _ arguments: String...) throws -> [String: Any] {
        let output = try PythonScript.run(WebSocketClientScript.source, arguments: [mode, String(port)] + arguments)
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw RawHTTPError("the client printed no JSON object: \(output)")
        }
        return object
    }
}

/// The event streams `/events` opened and that have not ended.
final class OpenStreams: Sendable {
    private let list = Mutex<[EventStream]>([])
    func withLock<Result>(_ body: (inout [EventStream]) -> Result) -> Result { list.withLock { body(&$0) } }
}

final class CloseRecorder: Sendable {
    let closes = Mutex<[WebSocketCloseCode]>([])
    func record(_ code: WebSocketCloseCode) { closes.withLock { $0.append(code) } }
}

private final class EchoSession: WebSocketSession {
    let recorder: CloseRecorder
    init(recorder: CloseRecorder) { self.recorder = recorder }
    func received(_ message: WebSocketMessage, on connection: WebSocketConnection) { connection.send(message) }
    func closed(_ connection: WebSocketConnection, code: WebSocketCloseCode) { recorder.record(code) }
}

private final class FloodSession: WebSocketSession {
    let recorder: CloseRecorder
    init(recorder: CloseRecorder) { self.recorder = recorder }
    func opened(_ connection: WebSocketConnection) {
        let message = WebSocketMessage.binary(Array(repeating: 0x61, count: 16 * 1024))
        // Bounded: the queue limit ends it long before (kernel buffers hold a few MiB at most).
        for _ in 0..<100_000 where connection.send(message) {}
    }
    func received(_ message: WebSocketMessage, on connection: WebSocketConnection) {}
    func closed(_ connection: WebSocketConnection, code: WebSocketCloseCode) { recorder.record(code) }
}

/// The Python side: `echo` uses the `websockets` package as a browser-grade client; `raw`,
/// `pingflood` and `hold` speak to the socket directly to send what no good client would.
enum WebSocketClientScript {
    static let source = #"""
import base64, json, os, socket, struct, sys, time
mode, port = sys.argv[1], int(sys.argv[2])

def handshake(path):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, key)).encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk: raise SystemExit("closed during the handshake")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 101"): raise SystemExit("no 101: %r" % head)
    return s, rest

def frames(s, buf):
    """(opcode, payload) of each server frame until the server closes."""
    while True:
        while len(buf) >= 2:
            n, off = buf[1] & 0x7f, 2
            if n == 126:
                if len(buf) < 4: break
                n, off = struct.unpack(">H", buf[2:4])[0], 4
            elif n == 127:
                if len(buf) < 10: break
                n, off = struct.unpack(">Q", buf[2:10])[0], 10
            if len(buf) < off + n: break
            yield buf[0] & 0x0f, buf[off:off + n]
            buf = buf[off + n:]
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return
        if not chunk: return
        buf += chunk

def masked(opcode, payload):
    key = os.urandom(4)
    header = bytes([0x80 | opcode, 0x80 | len(payload)])
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))

def close_code(payload):
    return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None

def read_until_close(s, rest):
    result = {"close_code": None, "pongs": 0, "closed_by_server": False}
    for opcode, payload in frames(s, rest):
        if opcode == 10: result["pongs"] += 1
        if opcode == 8:
            result["close_code"] = close_code(payload)
            result["reason"] = payload[2:].decode()
    result["closed_by_server"] = True
    return result

if mode == "echo":
    from websockets.sync.client import connect
    with connect("ws://127.0.0.1:%d/ws/echo" % port, max_size=None) as ws:
        ws.send("héllo")
        text = ws.recv(timeout=5)
        ws.send(b"\x00\x01\x02")
        binary = ws.recv(timeout=5)
        ws.send(["frag", "men", "ted"])
        fragmented = ws.recv(timeout=5)
        pong = ws.ping().wait(timeout=5)
        ws.close(code=4000, reason="done")
        print(json.dumps({"text": text, "binary": binary.hex(), "fragmented": fragmented, "pong": pong,
                          "close_code": ws.close_code}))
elif mode == "raw":
    s, rest = handshake(sys.argv[3])
    s.sendall(bytes.fromhex(sys.argv[4]))
    print(json.dumps(read_until_close(s, rest)))
elif mode == "pingflood":
    s, rest = handshake("/ws/echo")
    s.sendall(b"".join(masked(9, b"p") for _ in range(60)))
    print(json.dumps(read_until_close(s, rest)))
elif mode == "sse":
    # Reads the stream's lines until `count` events came (or the server ended it), printing
    # "open" once the response head is in.
    import urllib.request
    count = int(sys.argv[3])
    request = urllib.request.Request("http://127.0.0.1:%d/events" % port, headers={"Last-Event-ID": "41"})
    events, comments, current = [], [], {}
    with urllib.request.urlopen(request, timeout=10) as response:
        print("open " + response.headers["Content-Type"], flush=True)
        while len(events) < count:
            line = response.readline()
            if not line: break
            line = line.decode().rstrip("\n")
            if line == "":
                if current: events.append(current)
                current = {}
            elif line.startswith(":"):
                comments.append(line)
            else:
                name, _, value = line.partition(": ")
                current[name] = current[name] + "\n" + value if name in current else value
        ended = response.read() == b""
    print(json.dumps({"events": events, "comments": comments, "ended": ended}))
elif mode == "hold":
    from websockets.sync.client import connect
    from websockets.exceptions import ConnectionClosed
    with connect("ws://127.0.0.1:%d/ws/echo" % port) as ws:
        print("open", flush=True)
        try:
            ws.recv(timeout=10)
        except ConnectionClosed:
            pass
        print(json.dumps({"close_code": ws.close_code, "reason": ws.close_reason}))
"""#
}
