import Foundation
import TodoCore

/// What `todo login` and `todo register` share: ask the server for a session and keep it.
enum AccountSession {
    /// Sends `body` to `path` (login or register), saves the session it answers with and
    /// confirms on standard output.
    static func open(_ path: String, body: [UInt8], server: URL, email: String, verb: String,
                     context: CommandContext) throws {
        let answer: JSONValue
        do {
            answer = try APIClient(server: server, token: nil).send("POST", path, body: body)
        } catch .unauthorized {
            // The server's 401 here is about the password, not about a token.
            throw AccountError.wrongCredentials
        }
        guard case .string(let token)? = answer["token"] else { throw APIClientError.malformedResponse("no token in the answer") }
        // The session this one replaces would otherwise live on for its 7 days with nothing
        // holding it: ended on its server, as `todo logout` would (best effort, it may be gone).
        if let replaced = Credentials.load(environment: context.environment), let oldServer = URL(string: replaced.server) {
            _ = try? APIClient(server: oldServer, token: replaced.token).send("POST", "/api/v1/auth/logout")
        }
        try Credentials(server: ServerSetting.normalized(server.absoluteString), token: token, email: email)
            .save(environment: context.environment)
        context.output.line("\(verb) \(server.absoluteString) as \(email)")
    }

    /// The server `--server`/`TODO_SERVER` names, or the saved one.
    static func server(_ context: CommandContext, for commandPath: String) throws -> ServerSetting {
        guard let server = try ServerSetting.resolve(flagServer: context.globals.server, flagToken: context.globals.token,
                                                     environment: context.environment) else {
            throw UsageError("which server? give --server URL (or set TODO_SERVER)", commandPath: commandPath)
        }
        return server
    }

    /// `{"email", "password", "name"?}`.
    static func credentialsBody(email: String, password: String, name: String? = nil) -> [UInt8] {
        var body = JSONWriter()
        body.beginObject()
        body.key("email")
        body.value(email)
        body.key("password")
        body.value(password)
        if let name {
            body.key("name")
            body.value(name)
        }
        body.endObject()
        return body.bytes
    }
}

/// Why an account command did not go through, worded for the person at the terminal.
enum AccountError: Error, CustomStringConvertible {
    case wrongCredentials
    /// A new password typed twice differently.
    case passwordsDiffer
    case notSignedIn(commandPath: String)
    /// Logout could not reach the server; the session is still saved.
    case logoutUnreachable(server: String, reason: String, credentialsPath: String)

    var description: String {
        switch self {
        case .wrongCredentials:
            "wrong email or password"
        case .passwordsDiffer:
            "the two passwords differ; nothing was changed"
        case .notSignedIn(let commandPath):
            "\(commandPath) works on a server account: sign in first with todo login --server URL --email ADDRESS"
        case .logoutUnreachable(let server, let reason, let path):
            "cannot reach the server at \(server) (\(reason)), so the session could not be ended there; it stays saved: run todo logout again once the server answers (deleting \(path) forgets it here only)"
        }
    }
}
