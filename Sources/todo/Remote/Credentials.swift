import Foundation
import TodoCore

/// What `todo login` keeps: the server and a session token for it, in
/// `$XDG_CONFIG_HOME/todo/credentials.json` (else `~/.config/todo/…`), readable by the user only.
struct Credentials: Equatable {
    var server: String
    var token: String
    var email: String

    static func fileURL(environment: [String: String]) -> URL {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return URL(fileURLWithPath: base).appendingPathComponent("todo/credentials.json")
    }

    /// The saved credentials; nil when there are none or the file is unreadable.
    static func load(environment: [String: String]) -> Credentials? {
        guard let data = FileManager.default.contents(atPath: fileURL(environment: environment).path),
              let json = try? JSONParser.parse(Array(data)),
              case .string(let server)? = json["server"], case .string(let token)? = json["token"] else { return nil }
        let email: String = if case .string(let value)? = json["email"] { value } else { "" }
        return Credentials(server: server, token: token, email: email)
    }

    /// Writes the file with mode 0600 (created so, never widened in between).
    func save(environment: [String: String]) throws {
        let url = Self.fileURL(environment: environment)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("server")
        writer.value(server)
        writer.key("email")
        writer.value(email)
        writer.key("token")
        writer.value(token)
        writer.endObject()
        let temporary = url.path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CredentialsError(path: url.path, reason: String(cString: strerror(errno))) }
        let bytes = writer.bytes + [0x0A]
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw CredentialsError(path: url.path, reason: "could not write the file")
        }
    }

    /// Removes the saved credentials; false when there were none.
    static func remove(environment: [String: String]) -> Bool {
        unlink(fileURL(environment: environment).path) == 0
    }
}

struct CredentialsError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot save the credentials to \(path): \(reason)" }
}
