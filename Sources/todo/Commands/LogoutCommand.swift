import Foundation
import TodoCore

/// `todo logout`: ends the saved session on its server and forgets it; commands use the local
/// database again.
struct LogoutCommand: Command {
    static let configuration = CommandConfiguration(
        name: "logout",
        abstract: "End the session `todo login` saved, on the server and here.",
        examples: ["todo logout"])

    func run(_ context: CommandContext) throws {
        guard let saved = Credentials.load(environment: context.environment), let server = URL(string: saved.server) else {
            _ = Credentials.remove(environment: context.environment)
            context.output.line("Not signed in.")
            return
        }
        do {
            _ = try APIClient(server: server, token: saved.token).send("POST", "/api/v1/auth/logout")
        } catch .unauthorized {
            // Already ended (expired, or by a password change): nothing left to end there.
        } catch .unreachable(let server, let reason) {
            throw AccountError.logoutUnreachable(
                server: server, reason: reason, credentialsPath: Credentials.fileURL(environment: context.environment).path)
        }
        _ = Credentials.remove(environment: context.environment)
        context.output.line("Signed out of \(saved.server)")
    }
}
