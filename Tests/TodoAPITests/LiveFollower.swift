import Foundation
import TodoTestSupport

/// A live-updates client that stays with its user through faults: a real WebSocket client
/// (`websockets`) or an SSE reader (urllib), in the test venv's Python. It appends every
/// message to a file as it comes; when the connection drops (the websocket process killed,
/// or an SSE read idle for a second) it connects again — to the port the port file names now —
/// resuming after the last sequence it received (`resume_from`, `Last-Event-ID`; 0 when none
/// came yet, else what was sent meanwhile would be missed), as a browser would. It ends once the stop file exists and nothing came for half a second.
final class LiveFollower {
    enum Mode: String { case webSocket = "ws", serverSentEvents = "sse" }

    private static let script = #"""
import json, os, sys, time, urllib.request
mode, port_file, token, out_path, stop = sys.argv[1:6]
out = open(out_path, "a", buffering=1)
last = None  # the first connection starts live; a later one resumes, from 0 if nothing came yet
deadline = time.time() + 300  # bounded even if the test never stops it

def port():
    return int(open(port_file).read())

def receive(text):
    global last
    last = json.loads(text)["sequence"]
    out.write(text.replace("\n", " ") + "\n")

def follow_websocket():
    from websockets.sync.client import connect
    with connect("ws://127.0.0.1:%d/ws" % port(), open_timeout=3) as ws:
        first = {"token": token}
        if last is not None:
            first["resume_from"] = last
        ws.send(json.dumps(first))
        ws.ping().wait(timeout=5)  # answered once the session is attached
        out.write('{"connected": true}\n')
        while time.time() < deadline:
            try:
                receive(ws.recv(timeout=0.5))
            except TimeoutError:
                if os.path.exists(stop):
                    sys.exit(0)

def follow_events():
    headers = {"Authorization": "Bearer " + token}
    if last is not None:
        headers["Last-Event-ID"] = str(last)
    request = urllib.request.Request("http://127.0.0.1:%d/api/v1/events" % port(), headers=headers)
    with urllib.request.urlopen(request, timeout=1) as response:
        out.write('{"connected": true}\n')
        data = None
        while time.time() < deadline:
            line = response.readline().decode()
            if line == "":
                return
            line = line.rstrip("\n")
            if line == "" and data is not None:
                receive(data)
                data = None
            elif line.startswith("data: "):
                data = line[6:]

while time.time() < deadline:
    try:
        follow_websocket() if mode == "ws" else follow_events()
    except SystemExit:
        raise
    except Exception as error:
        if os.path.exists(stop):
            sys.exit(0)
        out.write(json.dumps({"disconnected": type(error).__name__}) + "\n")
        if last is None:
            last = 0
        time.sleep(0.2)
"""#

    let mode: Mode
    private let script: PythonScript
    private let output: URL
    private let stopFile: URL

    /// Starts following and waits (at most 10 s) until the first connection is attached.
    init(_ mode: Mode, token: String, portFile: URL, directory: URL) throws {
        self.mode = mode
        output = directory.appendingPathComponent("live-\(mode.rawValue)-\(UUID().uuidString.prefix(8)).jsonl")
        stopFile = output.appendingPathExtension("stop")
        script = try PythonScript(Self.script, arguments: [mode.rawValue, portFile.path, token, output.path, stopFile.path])
        let deadline = Date().addingTimeInterval(10)
        while connections == 0, Date() < deadline { usleep(20_000) }
        guard connections > 0 else { throw TestClientError("the \(mode.rawValue) follower did not connect: \(lines.suffix(5))") }
    }

    deinit {
        _ = FileManager.default.createFile(atPath: stopFile.path, contents: nil)
        _ = try? script.finish(timeout: .seconds(5))
    }

    private var lines: [[String: Any]] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The messages received so far, across every connection, in arrival order.
    var messages: [[String: Any]] { lines.filter { $0["sequence"] != nil } }

    /// How many times it connected (more than once: it resumed).
    var connections: Int { lines.filter { $0["connected"] != nil }.count }

    /// Why each connection ended, for a failure message.
    var disconnections: [String] { lines.compactMap { $0["disconnected"] as? String } }
}
