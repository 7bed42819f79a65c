import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport

/// What one run of the `todo` binary did.
struct CommandResult: CustomStringConvertible {
    var status: Int32
    /// False when the process was killed by a signal (a crash), not exited.
    var exited: Bool
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    /// Parses stdout as one JSON object.
    func jsonObject(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(value as? [String: Any], "stdout is not a JSON object: \(stdout)", sourceLocation: sourceLocation)
    }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A fresh SQLite database in its own temporary directory, and the means to run the real
/// `todo` binary against it with a pinned clock and time zone. Removed when released, so every
/// test has its own and tests run in parallel safely.
final class CLISandbox {
    /// 2026-03-10T09:00:00Z: Tuesday 10:00 in Berlin, the sandbox's local zone.
    static let now = "2026-03-10T09:00:00Z"
    static let timeZone = "Europe/Berlin"

    let directory: URL
    let databasePath: String
    private var runs = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("todo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        databasePath = directory.appendingPathComponent("todo.db").path
        // Created here, so that commands do not announce a new database (DatabaseSafetyTests do).
        try StoreFactory.open(.sqlite(path: databasePath)).close()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var databaseURL: String { "sqlite:\(databasePath)" }

    /// Runs `todo --db <sandbox> ARGUMENTS…`.
    @discardableResult
    func run(_ arguments: String..., environment: [String: String] = [:], input: Data? = nil) throws -> CommandResult {
        try runWithoutDatabase(["--db", databaseURL] + arguments, environment: environment, input: input)
    }

    /// Runs `todo ARGUMENTS…` exactly as given: no `--db` added. With `unprivileged`, a test
    /// running as root runs the binary as `nobody`, whom file permissions bind (root ignores them).
    /// `input`, when given, is the command's standard input (else it reads nothing).
    func runWithoutDatabase(_ arguments: [String], environment: [String: String] = [:], unprivileged: Bool = false,
                            input: Data? = nil) throws -> CommandResult {
        runs += 1
        let stdoutURL = directory.appendingPathComponent("stdout-\(runs)")
        let stderrURL = directory.appendingPathComponent("stderr-\(runs)")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        if unprivileged && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            // A copy in the sandbox: the build directory may sit below a folder nobody cannot enter.
            let copy = directory.appendingPathComponent("todo-unprivileged")
            if !FileManager.default.fileExists(atPath: copy.path) {
                try FileManager.default.copyItem(at: try TodoBinary.url(), to: copy)
            }
            process.arguments = ["-u", "nobody", "--", copy.path] + arguments
        } else {
            process.executableURL = try TodoBinary.url()
            process.arguments = arguments
        }
        // A clean environment: no database URL from the caller, a home that is the sandbox.
        process.environment = [
            "TZ": Self.timeZone, "TODO_NOW": Self.now, "HOME": directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        ].merging(environment) { _, given in given }
        process.standardOutput = stdout
        process.standardError = stderr
        if let input {
            let inputURL = directory.appendingPathComponent("stdin-\(runs)")
            try input.write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()

        return CommandResult(
            status: process.terminationStatus,
            exited: process.terminationReason == .exit,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }

    /// Runs a command that must succeed silently on stderr, and returns its stdout.
    @discardableResult
    func succeed(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try runWithoutDatabase(["--db", databaseURL] + arguments)
        #expect(result.status == 0, "todo \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "todo \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Every task, as `todo list --status all --json` shows them.
    func allTasks(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let result = try run("list", "--status", "all", "--json")
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(try result.jsonObject()["tasks"] as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// The listing as raw JSON text, to compare a database before and after a refused command.
    func snapshot() throws -> String {
        try run("list", "--status", "all", "--json").stdout
    }

    /// Creates tasks straight through the store as the CLI's local user: fast seeding for
    /// listings too large to build one `todo add` at a time.
    func seed(_ drafts: [TaskDraft]) throws {
        let store = try StoreFactory.open(.sqlite(path: databasePath))
        defer { store.close() }
        let user = try store.localUser()
        _ = try store.createTasks(drafts, userID: user.id, now: RFC3339.parse(Self.now)!)
    }
}
