import Foundation
import TodoCore

/// `todo passwd`: changes the account's password; every other session of the account ends.
struct PasswordCommand: Command {
    static let configuration = CommandConfiguration(
        name: "passwd",
        abstract: "Change the password of the account you are signed in to; its other sessions end.",
        discussion: """
            Asks for the current password, then the new one twice (without echo); from a pipe, \
            reads the current password and the new one as two lines. This session stays signed \
            in; every other session of the account (other machines, other browsers) ends at \
            once. Personal access tokens stay valid.
            """,
        examples: ["todo passwd", "printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | todo passwd"])

    func run(_ context: CommandContext) throws {
        guard let server = try ServerSetting.resolve(flagServer: context.globals.server, flagToken: context.globals.token,
                                                     environment: context.environment),
              let token = server.token else {
            throw AccountError.notSignedIn(commandPath: Self.commandPath)
        }
        let current = try PasswordPrompt.read(prompt: "Current password: ")
        let new = try PasswordPrompt.readNew(prompt: "New password: ")
        var body = JSONWriter()
        body.beginObject()
        body.key("current_password")
        body.value(current)
        body.key("new_password")
        body.value(new)
        body.endObject()
        _ = try APIClient(server: server.url, token: token).send("POST", "/api/v1/auth/password", body: body.bytes)
        context.output.line("Password changed; every other session of the account has ended.")
    }
}
