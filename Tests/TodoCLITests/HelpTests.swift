import Foundation
import Testing

/// Help is generated from the command declarations: every command has it, and it lists what
/// the command accepts.
@Suite struct HelpTests {
    static let commandOptions: [(String, [String])] = [
        ("add", ["<title>", "--due <when>", "--priority <priority>", "--tag <tag>", "--note <text>", "--timezone <zone>", "--json"]),
        ("list", ["--status <status>", "--priority <priority>", "--tag <tag>", "--search <text>", "--sort <sort>", "--order <order>",
                  "--overdue", "--limit <n>", "--json"]),
        ("show", ["<ref>", "--json"]),
        ("edit", ["<ref>", "--title <title>", "--due <when>", "--no-due", "--priority <priority>", "--tag <tag>", "--untag <tag>",
                  "--note <text>", "--timezone <zone>", "--json"]),
        ("done", ["<ref>", "--json"]),
        ("reopen", ["<ref>", "--json"]),
        ("rm", ["<ref>", "--json"]),
        ("tags", ["--json"]),
        ("migrate", []),
        ("serve", ["--port <n>", "--host <host>"]),
        ("chat", ["<message>", "--conversation <id>", "--json"]),
        ("mcp", []),
        ("version", []),
        ("help", ["<command>"]),
    ]

    @Test(arguments: commandOptions)
    func commandHelpListsItsOptions(command: String, options: [String]) throws {
        let sandbox = try CLISandbox()
        for flag in ["--help", "-h"] {
            let result = try sandbox.runWithoutDatabase([command, flag])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty)
            #expect(result.stdout.contains("USAGE: todo \(command)"))
            for option in options + ["-h, --help", "--db <url>"] {
                #expect(result.stdout.contains(option), "todo \(command) \(flag) does not mention \(option)")
            }
        }
        #expect(try sandbox.runWithoutDatabase(["help", command]).stdout == sandbox.runWithoutDatabase([command, "--help"]).stdout)
    }

    @Test func requiredOptionsAreShownWithoutBrackets() throws {
        let sandbox = try CLISandbox()
        for command in ["register", "login"] {
            let result = try sandbox.runWithoutDatabase([command, "--help"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("USAGE: todo \(command) --email <address>"), "\(result.stdout)")
        }
        #expect(try sandbox.runWithoutDatabase(["register", "--help"]).stdout.contains("[--name <name>]"))
    }

    @Test func helpWinsOverOtherMistakes() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["add", "--priority", "urgent", "--bogus", "--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Add a task."))
    }

    @Test func enumOptionsListTheirValues() throws {
        let sandbox = try CLISandbox()
        // Wrapping may break a line anywhere: compare with single spaces.
        let help = try sandbox.runWithoutDatabase(["list", "--help"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("values: pending, completed, all; default: pending"))
        #expect(help.contains("values: none, low, medium, high"))
    }

    @Test func rootHelpListsEveryCommand() throws {
        let sandbox = try CLISandbox()
        for arguments in [["--help"], ["-h"], ["help"], []] {
            let result = try sandbox.runWithoutDatabase(arguments)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stdout.contains("USAGE: todo"))
            for (command, _) in Self.commandOptions {
                #expect(result.stdout.contains("\n  \(command)"), "todo \(arguments) does not list \(command)")
            }
        }
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.runWithoutDatabase(["help", "frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr == "todo: unknown command 'frobnicate' (see 'todo --help')\n")
    }
}
