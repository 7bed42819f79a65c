import CSQLite
import Foundation
import Testing
import TodoTestSupport

/// What the CLI does to database files it did not expect: it never damages another program's
/// file, says when it creates a new one, reads a read-only one, and keeps its WAL small.
@Suite struct DatabaseSafetyTests {
    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Each `todo add` is a new process; SQLite only restarts a WAL that a writer finds fully
    /// checkpointed, which a freshly opened process never does. Without a bound the log grew by
    /// every transaction (~46 KB an add), and every later process paid to read it.
    @Test func coldAddsKeepTheWALSmall() throws {
        let sandbox = try CLISandbox()
        var largest = 0
        for index in 0..<250 {
            try sandbox.succeed("add", "Task \(index)")
            largest = max(largest, fileSize(sandbox.databasePath + "-wal"))
        }
        // SQLite's checkpoint threshold is 1 000 pages (4 MiB); one add appends ~11 pages to it.
        #expect(largest <= 4_300_000, "the WAL reached \(largest) bytes")
        #expect(try sandbox.allTasks().count == 250)
    }

    /// Another program's tables, including the `schema_migrations` ledgers Rails, Ecto and
    /// golang-migrate keep (one with our very columns too): refused, the file left byte for byte.
    @Test(arguments: [
        ("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')", "notes"),
        ("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000');"
            + " CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "users, schema_migrations"),
        ("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT, position INTEGER)", "schema_migrations"),
        ("CREATE TABLE schema_migrations (position INTEGER, name TEXT, applied_at BIGINT);"
            + " INSERT INTO schema_migrations VALUES (1, 'create_posts', 0); CREATE TABLE posts (body TEXT)", "posts, schema_migrations"),
    ])
    func anotherProgramsDatabaseIsRefusedAndLeftUnchanged(schema: String, tables: String) throws {
        let sandbox = try CLISandbox()
        let path = sandbox.directory.appendingPathComponent("other.db").path
        var db: OpaquePointer?
        #expect(sqlite3_open(path, &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, schema, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        for command in [["list"], ["add", "Task"], ["migrate"], ["events", "status"]] {
            let result = try sandbox.runWithoutDatabase(["--db", "sqlite:\(path)"] + command)
            #expect(result.status == 2, "a bad --db, as README says: \(command): \(result)")
            #expect(result.stdout.isEmpty, "\(command): \(result)")
            #expect(result.stderr.hasPrefix("todo: \(path) is not a todo database: it holds other tables (\(tables)) and no todo schema"),
                    "\(command): \(result)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aDirectoryIsNotADatabase() throws {
        let sandbox = try CLISandbox()
        let path = sandbox.directory.path
        let result = try sandbox.runWithoutDatabase(["--db", "sqlite:\(path)", "list"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("it is a directory; name a file in it, such as \(path)/todo.db"), "\(result)")
    }

    @Test func aNewDatabaseOtherThanTheDefaultIsSaid() throws {
        let sandbox = try CLISandbox()
        let mistyped = sandbox.directory.appendingPathComponent("nodir/sub/todo.db").path
        let first = try sandbox.runWithoutDatabase(["--db", "sqlite:\(mistyped)", "list"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr == "todo: created new database \(mistyped)\n")
        let second = try sandbox.runWithoutDatabase(["--db", "sqlite:\(mistyped)", "list"])
        #expect(second.stderr.isEmpty, "\(second)")

        let migrated = sandbox.directory.appendingPathComponent("other.db").path
        let migrate = try sandbox.runWithoutDatabase(["--db", "sqlite:\(migrated)", "migrate"])
        #expect(migrate.status == 0, "\(migrate)")
        #expect(migrate.stderr == "todo: created new database \(migrated)\n")

        // The default database appearing on first use is expected: nothing to say.
        let defaultRun = try sandbox.runWithoutDatabase(["add", "First task"])
        #expect(defaultRun.status == 0 && defaultRun.stderr.isEmpty, "\(defaultRun)")
    }

    @Test func serveSaysItCreatedANewDatabase() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database, arguments: ["--quiet"])
        let path = String(database.url.dropFirst("sqlite:".count))
        #expect(server.stderr.contains("todo: created new database \(path)\n"), "\(server.stderr)")
    }

    @Test func aReadOnlyDatabaseIsReadAndRefusesWritesClearly() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Pay rent")
        try sandbox.succeed("add", "Call mom")
        #expect(chmod(sandbox.databasePath, 0o444) == 0)
        let before = try sandbox.snapshot()

        let list = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "list"], unprivileged: true)
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("Pay rent") && list.stdout.contains("Call mom"), "\(list)")
        #expect(list.stderr.isEmpty, "\(list)")
        let show = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL, "show", "1"], unprivileged: true)
        #expect(show.status == 0, "\(show)")

        for command in [["add", "Another"], ["done", "1"], ["edit", "1", "--title", "Renamed"], ["rm", "2"]] {
            let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL] + command, unprivileged: true)
            #expect(result.status == 1, "\(command): \(result)")
            #expect(result.stderr == "todo: cannot write \(sandbox.databasePath): permission denied\n", "\(command): \(result)")
        }
        #expect(try sandbox.snapshot() == before)
    }
}

@Suite struct TerminalOutputTests {
    /// A bidi override in a title reorders the rest of the line on a terminal: shown there as
    /// U+FFFD; piped output (and JSON) keeps the text exact.
    @Test func bidiControlsAreNeutralizedOnATerminalOnly() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "--literal", "rtl \u{202E}evil")
        #expect(try sandbox.succeed("list").contains("rtl \u{202E}evil"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(try TodoBinary.url().path) --db \(sandbox.databaseURL) list", "/dev/null"]
        process.environment = ["TZ": CLISandbox.timeZone, "TODO_NOW": CLISandbox.now, "HOME": sandbox.directory.path,
                               "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let shown = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(shown.contains("rtl \u{FFFD}evil"), "\(shown)")
        #expect(!shown.contains("\u{202E}"), "\(shown)")
    }
}
