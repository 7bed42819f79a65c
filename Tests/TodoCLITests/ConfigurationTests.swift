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
}
