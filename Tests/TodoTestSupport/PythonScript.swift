import Foundation

/// A Python program of a test, run with the test venv's interpreter (where the real peers live:
/// `websockets`, `dateutil`). Killed when it outlives its timeout, so a stuck peer fails the
/// test instead of hanging it.
public final class PythonScript: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private var pendingOutput = Data()

    /// Starts `source` with `arguments` (`sys.argv[1:]`).
    public init(_ source: String, arguments: [String]) throws {
        process.executableURL = TestComponent.venv.appendingPathComponent("bin/python")
        process.arguments = ["-u", "-c", source] + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    deinit {
        stop()
    }

    /// SIGKILL, not `terminate()`: a process started from a Dispatch thread inherits its mask,
    /// which blocks SIGTERM, so a scripted server that runs until stopped outlived every run.
    private func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The next line the script prints, nil at its end or after `timeout`.
    public func readLine(timeout: Duration = .seconds(10)) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = pendingOutput.firstIndex(of: 10) {
                let line = String(decoding: pendingOutput[..<newline], as: UTF8.self)
                pendingOutput.removeSubrange(...newline)
                return line
            }
            guard ContinuousClock.now < deadline else { return nil }
            var poller = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) >= 0 else { return nil }
            if poller.revents != 0 {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                pendingOutput += chunk
            }
        }
    }

    /// Waits for the end (killing the script after `timeout`) and returns everything it printed
    /// after what `readLine` took; throws with its standard error when it failed.
    public func finish(timeout: Duration = .seconds(20)) throws -> String {
        var lines: [String] = []
        let deadline = ContinuousClock.now + timeout
        while let line = readLine(timeout: deadline - ContinuousClock.now) { lines.append(line) }
        stop()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestClientError("the Python script failed (status \(process.terminationStatus)): \(message)")
        }
        return lines.joined(separator: "\n")
    }

    /// Runs `source` to its end and returns its output.
    public static func run(_ source: String, arguments: [String], timeout: Duration = .seconds(20)) throws -> String {
        try PythonScript(source, arguments: arguments).finish(timeout: timeout)
    }
}
