import Foundation
import TodoCore

/// `todo login`: signs in to a server and saves the session for later commands.
struct LoginCommand: Command {
    static let configuration = CommandConfiguration(
        name: "login",
        abstract: "Sign in to a todo server; later commands then work against it.",
        discussion: """
            Asks for the password (without echo), or reads it from standard input when that \
            is not a terminal. The server and the session token are saved (mode 0600) in \
            $XDG_CONFIG_HOME/todo/credentials.json (default ~/.config/todo/credentials.json) \
            until `todo logout`. A --db or \
            $TODO_DATABASE_URL given explicitly still means the local database. A server \
            given without a scheme (127.0.0.1:8080) means http.
            """,
        examples: ["todo login --server http://127.0.0.1:8080 --email ada@example.com",
                   "echo \"$PASSWORD\" | todo login --server https://todo.example.com --email ada@example.com"])

    @Option(valueName: "address", required: true, help: "The account's email (required).")
    var email: String?

    func validate() throws(UsageError) {
        if email?.isEmpty != false { throw usageError("give the account's email with --email") }
    }

    func run(_ context: CommandContext) throws {
        let server = try AccountSession.server(context, for: Self.commandPath).url
        let email = email ?? ""
        let password = try PasswordPrompt.read(prompt: "Password for \(email) at \(server.absoluteString): ")
        try AccountSession.open("/api/v1/auth/login", body: AccountSession.credentialsBody(email: email, password: password),
                                server: server, email: email, verb: "Signed in to", context: context)
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

    /// A new password: typed twice on a terminal, so a slip is caught before it locks the
    /// user out; one line from a pipe.
    static func readNew(prompt: String) throws -> String {
        let password = try read(prompt: prompt)
        guard isatty(STDIN_FILENO) == 1 else { return password }
        guard try read(prompt: "Repeat it: ") == password else { throw AccountError.passwordsDiffer }
        return password
    }

    struct PasswordMissing: Error, CustomStringConvertible {
        var description: String { "no password given (type it at the prompt, or pipe it on standard input)" }
    }
}
