import Foundation

/// An OpenAI-compatible chat completions server for tests (Python's http.server on 127.0.0.1,
/// in its own process): it answers the Nth request with the Nth answer of its script, which a
/// test may extend at any time, and records every request (path, headers, body) so the test
/// can check what the agent sent. Killed when released.
public final class ScriptedModelServer {
    /// One scripted answer.
    public enum Answer {
        /// A completion whose message is `text`.
        case text(String)
        /// A completion asking for these tool calls (name, arguments as the JSON text sent).
        case toolCalls([(name: String, arguments: String)])
        /// Server-sent events: the text in `pieces`, then [DONE].
        case streamedText([String])
        /// Server-sent events: one tool call whose arguments come in `fragments`, then [DONE].
        case streamedToolCall(name: String, fragments: [String])
        /// This status with this body (as JSON text).
        case status(Int, body: String)
        /// A 200 whose body is `text` as it is (e.g. invalid JSON).
        case raw(String)
        /// No answer for `seconds`, then the connection closes.
        case hang(seconds: Int)

        var json: [String: Any] {
            switch self {
            case .text(let text):
                return ["json": ["id": "chatcmpl-1", "object": "chat.completion",
                                 "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": text]]]]]
            case .toolCalls(let calls):
                let items: [[String: Any]] = calls.enumerated().map { index, call in
                    ["id": "call_\(index)_\(UUID().uuidString.prefix(6))", "type": "function",
                     "function": ["name": call.name, "arguments": call.arguments]]
                }
                return ["json": ["id": "chatcmpl-2", "object": "chat.completion",
                                 "choices": [["index": 0, "finish_reason": "tool_calls",
                                              "message": ["role": "assistant", "content": NSNull(), "tool_calls": items]]]]]
            case .streamedText(let pieces):
                let chunks: [[String: Any]] = [["choices": [["index": 0, "delta": ["role": "assistant", "content": ""]]]]]
                    + pieces.map { ["choices": [["index": 0, "delta": ["content": $0]]]] }
                    + [["choices": [["index": 0, "delta": [String: Any](), "finish_reason": "stop"]]]]
                return ["sse": chunks]
            case .streamedToolCall(let name, let fragments):
                var chunks: [[String: Any]] = [["choices": [["index": 0, "delta": ["role": "assistant", "tool_calls": [
                    ["index": 0, "id": "call_streamed", "type": "function", "function": ["name": name, "arguments": ""]],
                ]]]]]]
                chunks += fragments.map { ["choices": [["index": 0, "delta": ["tool_calls": [["index": 0, "function": ["arguments": $0]]]]]]] }
                chunks.append(["choices": [["index": 0, "delta": [String: Any](), "finish_reason": "tool_calls"]]])
                return ["sse": chunks]
            case .status(let status, let body): return ["status": status, "body": body]
            case .raw(let text): return ["raw": text]
            case .hang(let seconds): return ["hang": seconds]
            }
        }
    }

    /// A request the server got.
    public struct Request {
        public var path: String
        /// Lower-case names.
        public var headers: [String: String]
        public var body: [String: Any]
    }

    private let process = Process()
    public let port: Int
    private let scriptURL: URL
    private let logURL: URL
    private var answers: [[String: Any]] = []

    private static let program = #"""
        import http.server, json, sys, threading, time
        script_path, log_path = sys.argv[1], sys.argv[2]
        lock = threading.Lock()
        served = [0]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    index = served[0]
                    served[0] += 1
                    with open(log_path, "a") as f:
                        f.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                            "body": body.decode()}) + "\n")
                    with open(script_path) as f:
                        script = json.load(f)
                answer = script[index] if index < len(script) else {"status": 500, "body": "{\"error\": \"no scripted answer left\"}"}
                if "hang" in answer:
                    time.sleep(answer["hang"])
                    return
                if "sse" in answer:
                    payload = "".join("data: " + json.dumps(chunk) + "\n\n" for chunk in answer["sse"]) + "data: [DONE]\n\n"
                    self.reply(200, "text/event-stream", payload)
                elif "json" in answer:
                    self.reply(200, "application/json", json.dumps(answer["json"]))
                elif "raw" in answer:
                    self.reply(200, "application/json", answer["raw"])
                else:
                    self.reply(answer["status"], "application/json", answer["body"])
            def reply(self, status, content_type, text):
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// Starts the server in `directory` with `answers` as the start of its script.
    public init(directory: URL, answers: [Answer] = []) throws {
        let name = UUID().uuidString.prefix(8)
        scriptURL = directory.appendingPathComponent("model-script-\(name).json")
        logURL = directory.appendingPathComponent("model-requests-\(name).jsonl")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-c", Self.program, scriptURL.path, logURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        self.answers = answers.map(\.json)
        try Self.save(self.answers, to: scriptURL)
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestClientError("the scripted model server did not start: \(line)")
        }
        self.port = port
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The base URL to configure (`TODO_LLM_BASE_URL`).
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Adds answers to the script, for the requests after those already scripted.
    public func script(_ more: [Answer]) throws {
        answers += more.map(\.json)
        try Self.save(answers, to: scriptURL)
    }

    private static func save(_ answers: [[String: Any]], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: answers).write(to: url, options: .atomic)
    }

    /// The requests received so far, in order.
    public var requests: [Request] {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let path = object["path"] as? String, let headers = object["headers"] as? [String: String],
                  let bodyText = object["body"] as? String else { return nil }
            let body = (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8)) as? [String: Any]) ?? ["unreadable": bodyText]
            return Request(path: path, headers: headers, body: body)
        }
    }
}

extension ScriptedModelServer.Request {
    /// The messages the request sent, as (role, content) with tool messages' content.
    public var messages: [[String: Any]] { body["messages"] as? [[String: Any]] ?? [] }

    public var toolNames: [String] {
        (body["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
    }
}
