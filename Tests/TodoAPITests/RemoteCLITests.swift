import Foundation
import Testing
import TodoTestSupport

/// The CLI's task commands against a running server (`--server`/`--token`, `todo login`).
@Suite struct RemoteCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `todo ARGUMENTS…` with HOME in the test's directory and `input` on stdin.
    static func todo(_ arguments: [String], home: URL, input: String = "", environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = try TodoBinary.url()
        process.arguments = arguments
        process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "TZ": "UTC", "LANG": "C.UTF-8"]
            .merging(environment) { _, given in given }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                   stderr: String(decoding: err, as: UTF8.self))
    }

    /// The export is the server's (the same writer), the import the server's answer.
    @Test func exportAndImportWorkAgainstAServer() throws {
        let api = try APIFixture(.sqlite)
        let home = api.database.directory
        let remote = ["--server", "http://127.0.0.1:\(api.server.port)", "--token", try #require(api.client.token)]
        func run(_ arguments: [String], input: String = "") throws -> Run {
            try Self.todo(remote + arguments, home: home, input: input, environment: ["TZ": "Europe/Berlin"])
        }
        _ = try api.createTask(["title": "Pay rent", "due_at": "2027-01-01T09:00:00+01:00", "timezone": "Europe/Berlin"])
        let exported = try run(["export"])
        #expect(exported.status == 0)
        let served = try api.client.get("/api/v1/export.ics").text
        #expect(exported.stdout == served)
        let imported = try run(["import", "-"], input: "Call mum due:2027-01-02\n(A) Pay taxes +finance\n")
        #expect(imported.stdout == "Imported standard input: 2 added.\n", "\(imported.stderr)")
        let mum = try #require((try api.client.get("/api/v1/tasks?sort=title").json()["tasks"] as? [[String: Any]])?.first)
        #expect(mum["title"] as? String == "Call mum" && mum["due_at"] as? String == "2027-01-02T00:00:00+01:00")
        #expect(try run(["import", "-"], input: "Call mum due:2027-01-02\n").stdout == "Imported standard input: 0 added, 1 unchanged.\n")
        let refused = try run(["import", "-", "--format", "ics"], input: "not a calendar")
        #expect(refused.status == 2 && refused.stderr.contains("not an iCalendar object"), "\(refused.stderr)")
    }

    @Test(arguments: TestBackend.available)
    func commandsWorkAgainstAServerWithAToken(_ backend: TestBackend) throws {
        let api = try APIFixture(backend)
        let home = api.database.directory
        let remote = ["--server", "http://127.0.0.1:\(api.server.port)", "--token", try #require(api.client.token)]
        func run(_ arguments: String...) throws -> Run { try Self.todo(remote + arguments, home: home) }

        #expect(try run("add", "Buy milk", "--tag", "shop", "--priority", "high").stdout == "Added #1 \"Buy milk\" — high, #shop\n")
        #expect(try run("add", "Pay rent", "--due", "2036-12-01").status == 0)
        let listed = try run("list", "--json")
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])["tasks"] as? [[String: Any]]
        #expect(tasks?.compactMap { $0["title"] as? String }.sorted() == ["Buy milk", "Pay rent"])
        #expect(try run("done", "1").stdout == "Completed #1 \"Buy milk\"\n")
        #expect(try run("edit", "#2", "--title", "Pay the rent").stdout.hasPrefix("Updated #2 \"Pay the rent\""))
        #expect(try run("tags").stdout == "#shop  1\n")
        #expect(try run("rm", "2").stdout == "Deleted #2 \"Pay the rent\"\n")
        let missing = try run("show", "9")
        #expect(missing.status == 1)
        #expect(missing.stderr == "todo: task #9 not found\n")

        // What the CLI did is what the API shows.
        let seen = try api.client.get("/api/v1/tasks?status=all").json()["tasks"] as? [[String: Any]]
        #expect(seen?.count == 1)
        #expect(seen?.first?["status"] as? String == "completed")

        let refused = try Self.todo(["--server", "http://127.0.0.1:\(api.server.port)", "--token", "wrong", "list"], home: home)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused the token"))
        let down = try Self.todo(["--server", "http://127.0.0.1:9", "--token", "x", "list"], home: home)
        #expect(down.status == 1)
        #expect(down.stderr.contains("cannot reach the server at http://127.0.0.1:9"))
    }

    @Test func loginSavesTheSessionUntilLogout() throws {
        let database = try TestDatabase(.sqlite)
        let server = try ServerProcess(database: database)
        _ = try server.registeredClient(email: "ada@example.com", password: "analytical engine")
        let home = database.directory
        let url = "http://127.0.0.1:\(server.port)"

        let wrong = try Self.todo(["login", "--server", url, "--email", "ada@example.com"], home: home, input: "nope nope\n")
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "todo: wrong email or password\n")

        let login = try Self.todo(["login", "--server", url, "--email", "ada@example.com"], home: home, input: "analytical engine\n")
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout == "Signed in to \(url) as ada@example.com\n")
        let file = home.appendingPathComponent(".config/todo/credentials.json").path
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        // Later commands use the server without flags…
        #expect(try Self.todo(["add", "Remote task"], home: home).status == 0)
        #expect(try server.registeredClient().client.get("/api/v1/tasks").status == 200)
        #expect(try Self.todo(["list"], home: home).stdout.contains("Remote task"))
        // …unless a database is named explicitly.
        let local = try Self.todo(["--db", "sqlite:\(home.path)/local.db", "list"], home: home)
        #expect(local.stdout == "No tasks.\n")
        // Both named at once is a contradiction, not a choice made silently.
        let both = try Self.todo(["--db", "sqlite:\(home.path)/local.db", "--server", url, "list"], home: home)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--db and --server"), "\(both.stderr)")

        // Signing in again ends the session it replaces, on the server.
        let first = try #require(Self.savedToken(home: home))
        #expect(try Self.todo(["login", "--server", url, "--email", "ada@example.com"], home: home, input: "analytical engine\n").status == 0)
        #expect(try server.client(token: first).get("/api/v1/me").status == 401)
        #expect(try Self.todo(["list"], home: home).stdout.contains("Remote task"))

        #expect(try Self.todo(["logout"], home: home).stdout == "Signed out of \(url)\n")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try Self.todo(["logout"], home: home).stdout == "Not signed in.\n")
    }

    @Test(arguments: TestBackend.available)
    func registerLogoutAndPasswdEndSessionsOnTheServer(_ backend: TestBackend) throws {
        let database = try TestDatabase(backend)
        let server = try ServerProcess(database: database)
        let laptop = database.directory.appendingPathComponent("laptop")
        let phone = database.directory.appendingPathComponent("phone")
        // Without a scheme, the server is http.
        let address = "127.0.0.1:\(server.port)"
        let url = "http://\(address)"

        let registered = try Self.todo(["register", "--server", address, "--email", "ada@example.com", "--name", "Ada"], home: laptop,
                                       input: "analytical engine\n")
        #expect(registered.status == 0, "\(registered.stderr)")
        #expect(registered.stdout == "Registered at \(url) as ada@example.com\n")
        #expect(try Self.todo(["add", "From the laptop"], home: laptop).status == 0)
        let taken = try Self.todo(["register", "--server", address, "--email", "ada@example.com"], home: phone, input: "another password\n")
        #expect(taken.status == 1)
        #expect(taken.stderr == "todo: an account with the email ada@example.com already exists\n")
        let short = try Self.todo(["register", "--server", address, "--email", "bob@example.com"], home: phone, input: "short\n")
        #expect(short.status == 2, "a password the server refuses as invalid is invalid input")
        #expect(short.stderr == "todo: the password must have at least 8 characters\n")

        #expect(try Self.todo(["login", "--server", address, "--email", "ada@example.com"], home: phone, input: "analytical engine\n").status == 0)
        let token = try #require(Self.savedToken(home: laptop))

        // passwd keeps this session and ends the other one.
        let wrongCurrent = try Self.todo(["passwd"], home: laptop, input: "not my password\na new passphrase\n")
        #expect(wrongCurrent.status == 1)
        #expect(wrongCurrent.stderr == "todo: the current password is wrong\n")
        let changed = try Self.todo(["passwd"], home: laptop, input: "analytical engine\na new passphrase\n")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout == "Password changed; every other session of the account has ended.\n")
        #expect(try Self.todo(["list"], home: laptop).stdout.contains("From the laptop"))
        let ended = try Self.todo(["list"], home: phone)
        #expect(ended.status == 1)
        #expect(ended.stderr == "todo: \(url) refused the token: the session has ended (signed out, or the password was changed); log in again: todo login --server \(url)\n")

        // logout ends the session on the server, not only here.
        #expect(try Self.todo(["logout"], home: laptop).stdout == "Signed out of \(url)\n")
        #expect(try server.client(token: token).get("/api/v1/me").status == 401)
        #expect(try Self.todo(["logout"], home: phone).stdout == "Signed out of \(url)\n", "an ended session is simply forgotten")
        #expect(try Self.todo(["passwd"], home: phone, input: "x\ny\n").status == 2)
    }

    @Test func logoutKeepsTheSessionWhenTheServerCannotBeReached() throws {
        let database = try TestDatabase(.sqlite)
        let home = database.directory
        let server = try ServerProcess(database: database)
        _ = try server.registeredClient(email: "ada@example.com", password: "analytical engine")
        let url = "http://127.0.0.1:\(server.port)"
        #expect(try Self.todo(["login", "--server", url, "--email", "ada@example.com"], home: home, input: "analytical engine\n").status == 0)
        server.stop()
        let result = try Self.todo(["logout"], home: home)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("todo: cannot reach the server at \(url)"), "\(result.stderr)")
        #expect(result.stderr.contains("run todo logout again once the server answers"))
        #expect(Self.savedToken(home: home) != nil)
    }

    static func savedToken(home: URL) -> String? {
        let file = home.appendingPathComponent(".config/todo/credentials.json")
        guard let data = FileManager.default.contents(atPath: file.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return json["token"] as? String
    }
}
