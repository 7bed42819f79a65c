import Foundation
import Testing

/// Where the database comes from: `--db`, `TODO_DATABASE_URL`, `DATABASE_URL`, the default.
@Suite struct ConfigurationTests {
    @Test func globalOptionsWorkBeforeAndAfterTheCommand() throws {
        let sandbox = try CLISandbox()
        #expect(try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "add", "One"]).status == 0)
        #expect(try sandbox.runWithoutDatabase(["add", "Two", "--db=\(sandbox.databaseURL)"]).status == 0)
        #expect(try sandbox.allTasks().count == 2)
    }

    @Test func environmentVariablesChooseTheDatabase() throws {
        let sandbox = try CLISandbox()
        let other = sandbox.directory.appendingPathComponent("other.db").path
        #expect(try sandbox.runWithoutDatabase(["add", "Via TODO_DATABASE_URL"], environment: ["TODO_DATABASE_URL": sandbox.databaseURL, "DATABASE_URL": "sqlite:\(other)"]).status == 0)
        #expect(try sandbox.runWithoutDatabase(["add", "Via DATABASE_URL"], environment: ["DATABASE_URL": "sqlite:\(other)"]).status == 0)
        #expect(try sandbox.allTasks().map { $0["title"] as? String } == ["Via TODO_DATABASE_URL"])
        let fromOther = try sandbox.runWithoutDatabase(["list"], environment: ["DATABASE_URL": "sqlite:\(other)"])
        #expect(fromOther.stdout == "  #1  Via DATABASE_URL\n")
    }

    /// A service of a deployment over a broker that names no database made its own SQLite file,
    /// joined the shared consumer group and took its share of the events there (an outside check
    /// of the distributed deployment): it stops start-up instead, and creates nothing.
    @Test func aServiceOnABrokerMustNameTheSharedDatabase() throws {
        let sandbox = try CLISandbox()
        let dataHome = sandbox.directory.appendingPathComponent("xdg")
        let result = try sandbox.runWithoutDatabase(["serve", "--service", "audit", "--port", "0"],
                                                   environment: ["XDG_DATA_HOME": dataHome.path, "TODO_EVENT_BUS": "kafka",
                                                                 "KAFKA_BROKERS": "127.0.0.1:9"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("todo: TODO_DATABASE_URL: --service audit on the kafka bus"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: dataHome.path), "no database was created")
    }

    @Test func theDefaultDatabaseIsCreatedWithItsDirectory() throws {
        let sandbox = try CLISandbox()
        let dataHome = sandbox.directory.appendingPathComponent("xdg")
        let result = try sandbox.runWithoutDatabase(["add", "First"], environment: ["XDG_DATA_HOME": dataHome.path])
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: dataHome.appendingPathComponent("todo/todo.db").path))
    }

    @Test func aDatabasePathThatCannotBeCreatedFailsClearly() throws {
        let sandbox = try CLISandbox()
        let file = sandbox.directory.appendingPathComponent("plain-file")
        try Data("not a directory".utf8).write(to: file)
        let result = try sandbox.runWithoutDatabase(["--db", "sqlite:\(file.path)/todo.db", "list"])
        #expect(result.exited, "crashed: \(result)")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("todo: \(file.path)/todo.db is not a usable todo database"), "\(result)")
    }

    @Test func aTimeZoneThatIsNotOneIsReportedOnceAndMeansUTC() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Early", "--due", "2026-03-10 20:00")
        try sandbox.succeed("add", "Late", "--due", "2026-03-11 08:00")
        let result = try sandbox.run("list", environment: ["TZ": "Bogus/Zone"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "todo: warning: TZ: \"Bogus/Zone\" is not an IANA time zone, so times are read and shown in UTC; set TZ to a name like Europe/Berlin\n")
        #expect(result.stdout == "  #1  Early  today 19:00\n  #2  Late   tomorrow 07:00\n")
        for zone in ["Europe/Berlin", ":Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin", "UTC", ""] {
            #expect(try sandbox.run("list", environment: ["TZ": zone]).stderr.isEmpty, "TZ=\(zone)")
        }
        // UTC is stored as UTC however it was reached (Foundation on Linux would say "GMT").
        for zone in ["UTC", "", "Bogus/Zone"] {
            let added = try sandbox.run("add", "In UTC", "--json", environment: ["TZ": zone])
            #expect((try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])?["timezone"] as? String == "UTC", "TZ=\(zone)")
        }
    }

    @Test func eventsTailSaysWhenNoRelayIsRunning() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "One")
        try sandbox.succeed("add", "Two")
        let result = try sandbox.run("events", "tail")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "todo: 2 events wait in the outbox and no relay is running, so tail cannot show them yet; start one with `todo serve --db \(sandbox.databaseURL)` (it relays every change as it happens)\n")
        // Nothing waiting: nothing to say.
        let empty = try CLISandbox()
        #expect(try empty.run("events", "tail").stderr.isEmpty)
    }

    /// No consumer position in the database says so, not "not started" for services that may
    /// well be consuming from a broker.
    @Test func eventsStatusWithNoPositionsSaysWhereThePositionsMayBe() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "One")
        let result = try sandbox.run("events", "status")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("none has a position in this database"), "\(result.stdout)")
        #expect(result.stdout.contains("TODO_EVENT_BUS=kafka"))
        #expect(!result.stdout.contains("not started"))
    }

    /// Given a server and no database, `todo events` says it reads a database, rather than
    /// reporting an empty local one as "every event relayed".
    @Test func eventsWithAServerAndNoDatabaseSaysWhatItReads() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["events", "status"],
                                                    environment: ["TODO_SERVER": "http://127.0.0.1:9", "TODO_TOKEN": "t"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("reads a database directly"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
