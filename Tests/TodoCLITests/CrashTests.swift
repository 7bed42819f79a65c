import Foundation
import Testing
import TodoCore
import TodoStore
import TodoTestSupport

/// Several `todo` processes writing one SQLite file at once, some killed with SIGKILL at random
/// moments: what was acknowledged survives with its event, and nothing is half-written.
@Suite struct CrashTests {
    /// A started `todo add` whose output is collected in files.
    private struct Writer {
        let title: String
        let process: Process
        let stdoutURL: URL
    }

    private func startAdd(_ title: String, in sandbox: CLISandbox) throws -> Writer {
        let stdoutURL = sandbox.directory.appendingPathComponent("crash-\(UUID().uuidString)")
        try Data().write(to: stdoutURL)
        let process = Process()
        process.executableURL = try TodoBinary.url()
        process.arguments = ["--db", sandbox.databaseURL, "add", title, "--tag", "crash"]
        process.environment = ["TZ": CLISandbox.timeZone, "HOME": sandbox.directory.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Writer(title: title, process: process, stdoutURL: stdoutURL)
    }

    @Test func acknowledgedAddsSurviveKilledConcurrentWritersWithTheirEvents() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("migrate")
        var acknowledged: [String] = []
        var killed = 0
        for wave in 0..<6 {
            let writers = try (0..<8).map { try startAdd("crash \(wave)-\($0)", in: sandbox) }
            // Every other writer is killed after a random short delay: before, during or after its transaction.
            for (index, writer) in writers.enumerated() where index % 2 == 1 {
                usleep(UInt32.random(in: 0...10_000))
                kill(writer.process.processIdentifier, SIGKILL)
            }
            for writer in writers {
                writer.process.waitUntilExit()
                if writer.process.terminationReason == .uncaughtSignal { killed += 1 }
                let output = try String(contentsOf: writer.stdoutURL, encoding: .utf8)
                if writer.process.terminationReason == .exit, writer.process.terminationStatus == 0 {
                    #expect(output.hasPrefix("Added #"), "\(writer.title): \(output)")
                    acknowledged.append(writer.title)
                }
            }
        }
        #expect(acknowledged.count >= 24, "every writer that was not killed succeeds")
        #expect(killed > 0, "some writers died by SIGKILL, not all finished first")

        let tasks = try sandbox.allTasks()
        let titles = tasks.compactMap { $0["title"] as? String }
        for title in acknowledged {
            #expect(titles.contains(title), "acknowledged \(title) is missing after the crashes")
        }
        let numbers = tasks.compactMap { $0["number"] as? Int }
        #expect(Set(numbers).count == numbers.count, "task numbers are unique")

        // Every stored task has exactly one created event, and sequences never repeat.
        let store = try StoreFactory.open(.sqlite(path: sandbox.databasePath))
        defer { store.close() }
        let events = try store.outbox(after: 0, limit: 10_000)
        let createdSubjects = events.filter { $0.type == "com.todo.task.created" }.map(\.subject)
        let ids = tasks.compactMap { $0["id"] as? String }
        #expect(createdSubjects.sorted() == ids.sorted())
        #expect(Set(events.map(\.sequence)).count == events.count)
        #expect(try store.tagCounts(userID: store.localUser().id) == [TagCount(tag: "crash", count: tasks.count)])
    }
}
