import Foundation

/// The built `todo` executable: `$TODO_BINARY`, else next to the test bundle in the build
/// products directory (this target depends on `todo`, so `swift test` builds it there).
public enum TodoBinary {
    public static func url() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TODO_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return try product(named: "todo")
    }

    /// An executable product built beside the tests (a test target that depends on it makes
    /// `swift test` build it), such as the test-only `todo-log-crash-probe`.
    public static func product(named name: String) throws -> URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent(name),
            // On macOS the bundle is `todoPackageTests.xctest`, a directory in the products directory.
            bundle.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    public struct BinaryNotFound: Error, CustomStringConvertible {
        var searched: [String]
        public var description: String { "the binary is not built; looked at \(searched.joined(separator: ", ")) (for todo, set TODO_BINARY)" }
    }
}

extension TodoBinary {
    /// What one run printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `todo` with `arguments` to its end (a clean environment, no input).
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        var base = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path, "TZ": "UTC"]
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { base["LD_LIBRARY_PATH"] = libraries }
        process.environment = base.merging(environment) { _, given in given }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
