import Foundation
import TodoCore

/// `todo login`: signs in to a server and saves the session for later commands.
struct LoginCommand: Command {
    static let configuration = CommandConfiguration(
        name: "login",
        abstract: "Sign in to a todo server; later commands then work against it.",
        discussion: """
            Asks for the password (without echo), or reads it from standard input when that \
            is not a terminal. The server and the session token are saved in \
            ~/.config/todo/credentials.json (mode 0600) until `todo logout`. A --db or \
            $TODO_DATABASE_URL given explicitly still means the local database.
            """,
        examples: ["todo login --server http://127.0.0.1:8080 --email ada@example.com",
                   "echo \"$PASSWORD\" | todo login --server https://todo.example.com --email ada@example.com"])

    @Option(valueName: "address", help: "The account's email (required).")
    var email: String?

    func validate() throws(UsageError) {
        if email?.isEmpty != false { throw usageError("give the account's email with --email") }
    }

    func run(_ context: CommandContext) throws {
        guard let server = try ServerSetting.resolve(flagServer: context.globals.server, flagToken: nil,
                                                     environment: context.environment) else {
            throw usageError("which server? give --server URL (or set TODO_SERVER)")
        }
        let email = email ?? ""
        let password = try PasswordPrompt.read(prompt: "Password for \(email) at \(server.url.absoluteString): ")
        var body = JSONWriter()
        body.beginObject()
        body.key("email")
        body.value(email)
        body.key("password")
        body.value(password)
        body.endObject()
        let answer = try APIClient(server: server.url, token: nil).send("POST", "/api/v1/auth/login", body: body.bytes)
        guard case .string(let token)? = answer["token"] else { throw APIClientError.malformedResponse("no token in the login answer") }
        try Credentials(server: ServerSetting.normalized(server.url.absoluteString), token: token, email: email)
            .save(environment: context.environment)
        context.output.line("Signed in to \(server.url.absoluteString) as \(email)")
    }
}

/// `todo logout`: forgets the saved session; commands use the local database again.
struct LogoutCommand: Command {
    static let configuration = CommandConfiguration(
        name: "logout",
        abstract: "Forget the session `todo login` saved.",
        examples: ["todo logout"])

    func run(_ context: CommandContext) throws {
        let saved = Credentials.load(environment: context.environment)
        if Credentials.remove(environment: context.environment), let saved {
            context.output.line("Signed out of \(saved.server)")
        } else {
            context.output.line("Not signed in.")
        }
    }
}

/// Reads a password: from the terminal with echo off, or one line of standard input.
enum PasswordPrompt {
    static func read(prompt: String) throws -> String {
        let isTerminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if isTerminal {
            FileHandle.standardError.write(Data(prompt.utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw PasswordMissing()
        }
        return line
    }

    struct PasswordMissing: Error, CustomStringConvertible {
        var description: String { "no password given (type it at the prompt, or pipe it on standard input)" }
    }
}
