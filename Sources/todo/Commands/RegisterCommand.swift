import Foundation
import TodoCore

/// `todo register`: creates an account on a server and signs in to it.
struct RegisterCommand: Command {
    static let configuration = CommandConfiguration(
        name: "register",
        abstract: "Create an account on a todo server and sign in to it.",
        discussion: """
            Asks for the new password twice (without echo), or reads it from standard input \
            when that is not a terminal; it needs at least 8 characters. The session is saved \
            as by `todo login`.
            """,
        examples: ["todo register --server http://127.0.0.1:8080 --email ada@example.com --name Ada",
                   "echo \"$PASSWORD\" | todo register --server 127.0.0.1:8080 --email ada@example.com"])

    @Option(valueName: "address", required: true, help: "The new account's email (required).")
    var email: String?

    @Option(valueName: "name", help: "The name to show (optional).")
    var name: String?

    func validate() throws(UsageError) {
        if email?.isEmpty != false { throw usageError("give the new account's email with --email") }
    }

    func run(_ context: CommandContext) throws {
        let server = try AccountSession.server(context, for: Self.commandPath).url
        let email = email ?? ""
        let password = try PasswordPrompt.readNew(prompt: "New password for \(email) at \(server.absoluteString): ")
        try AccountSession.open("/api/v1/auth/register",
                                body: AccountSession.credentialsBody(email: email, password: password, name: name),
                                server: server, email: email, verb: "Registered at", context: context)
    }
}
