import Foundation
import Testing
import TodoTestSupport

/// The process's log writer writes what it holds when the process ends, however it ends. The
/// probe logs numbered lines through a writer that never flushes on its own, then ends.
@Suite struct ProcessEndFlushTests {
    private struct Ending {
        var reason: Process.TerminationReason
        var status: Int32
        var lines: [String]
    }

    private func runProbe(_ how: String, lines: Int = 500, install: Bool = true) throws -> Ending {
        let file = LogFile()
        let process = Process()
        process.executableURL = try TodoBinary.product(named: "todo-log-crash-probe")
        process.arguments = [file.path, String(lines), how] + (install ? [] : ["--no-install"])
        // The Swift runtime's backtracer would take seconds to symbolicate each crash.
        process.environment = ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Ending(reason: process.terminationReason, status: process.terminationStatus, lines: file.lines())
    }

    private func expectEveryLine(_ ending: Ending, count: Int = 500) {
        #expect(ending.lines.count == count, "\(ending.lines.suffix(3))")
        #expect(ending.lines.map { $0.logField("index") } == (0..<count).map { String($0) })
    }

    @Test(arguments: [("abort", SIGABRT), ("segv", SIGSEGV), ("trap", SIGILL)])
    func aFatalSignalWritesTheBufferedLinesAndStillEndsTheProcessByTheSignal(how: String, signal: Int32) throws {
        let ending = try runProbe(how)
        #expect(ending.reason == .uncaughtSignal)
        #expect(ending.status == signal)
        expectEveryLine(ending)
    }

    @Test func exitWritesTheBufferedLines() throws {
        let ending = try runProbe("exit")
        #expect(ending.reason == .exit)
        #expect(ending.status == 3)
        expectEveryLine(ending)
    }

    /// The control: the probe's lines really are only in memory until the process ends.
    @Test func withoutTheProcessLogACrashLosesTheBufferedLines() throws {
        let ending = try runProbe("abort", install: false)
        #expect(ending.reason == .uncaughtSignal)
        #expect(ending.lines.isEmpty)
    }
}
