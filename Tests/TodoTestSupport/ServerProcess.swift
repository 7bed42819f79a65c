import Foundation

/// The real `todo serve` binary, started on a free loopback port against a test database, its
/// output collected in files. Stopped (SIGTERM, then SIGKILL) when released.
public final class ServerProcess {
    public let database: TestDatabase
    public let process: Process
    public private(set) var port = 0
    public let stdoutURL: URL
    public let stderrURL: URL

    /// Starts the server and waits (at most 15 s) until it prints where it listens.
    public init(database: TestDatabase, arguments: [String] = [], environment: [String: String] = [:]) throws {
        self.database = database
        stdoutURL = database.directory.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).out")
        stderrURL = database.directory.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process = Process()
        process.executableURL = try TodoBinary.url()
        process.arguments = ["serve", "--db", database.url, "--port", "0"] + arguments
        var base = ["HOME": database.directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"]
        // scripts/test points this at the current librdkafka, which the Kafka bus needs against tansu.
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { base["LD_LIBRARY_PATH"] = libraries }
        process.environment = base.merging(environment) { _, given in given }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
               let range = line.range(of: #":(\d+) "#, options: .regularExpression) {
                port = Int(line[range].dropFirst().dropLast())!
                return
            }
            if !process.isRunning { break }
            usleep(10_000)
        }
        let output = "stdout: \(stdout)\nstderr: \(stderr)"
        stop()
        throw TestClientError("todo serve did not start: \(output)")
    }

    deinit { stop() }

    public var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// A client for this server, optionally with a bearer token.
    public func client(token: String? = nil) -> HTTPTestClient { HTTPTestClient(port: port, token: token) }

    /// Sends `signal` and waits up to `timeout` for the process to end; returns whether it did.
    @discardableResult
    public func signal(_ signal: Int32, timeout: TimeInterval = 15) -> Bool {
        guard process.isRunning else { return true }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        return !process.isRunning
    }

    public func stop() {
        if !signal(SIGTERM, timeout: 10) { signal(SIGKILL, timeout: 5) }
    }

    /// Registers a new user and returns a client carrying its session token.
    public func registeredClient(email: String = "user-\(UUID().uuidString.prefix(8).lowercased())@example.com",
                                 password: String = "correct horse battery") throws -> (client: HTTPTestClient, user: [String: Any]) {
        let client = client()
        let response = try client.send("POST", "/api/v1/auth/register", json: ["email": email, "password": password])
        guard response.status == 201, let body = try? response.json(), let token = body["token"] as? String,
              let user = body["user"] as? [String: Any] else {
            throw TestClientError("register failed: \(response)")
        }
        client.token = token
        return (client, user)
    }
}
