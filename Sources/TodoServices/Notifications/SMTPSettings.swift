import Foundation
import TodoCore
import TodoEvents

/// Where reminder emails go out: `TODO_SMTP_URL` (`smtp://user:pass@host:port`, STARTTLS when
/// the server offers it; `smtps://…` for TLS from the start) and the sender `TODO_SMTP_FROM`.
/// Without `TODO_SMTP_URL` no email is sent.
struct SMTPSettings: Sendable, Equatable {
    /// `smtp://host:port` or `smtps://host:port`, without credentials (they go to libcurl apart).
    var serverURL: String
    var username: String?
    var password: String?
    var implicitTLS: Bool
    var from: String
    /// Connecting and sending one message may take this long.
    var timeout: TimeInterval = 30
    /// The wait before the first retry of an email, doubled for each next one (`TODO_SMTP_RETRY_BASE`, seconds).
    var retryBase: TimeInterval = 30

    /// nil when `TODO_SMTP_URL` is not set.
    init?(environment: [String: String]) throws(SettingError) {
        guard let text = environment["TODO_SMTP_URL"], !text.isEmpty else { return nil }
        func refuse(_ reason: String) -> SettingError { SettingError(setting: "TODO_SMTP_URL", reason: reason) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw refuse("\"\(Self.redacted(text))\" is not a URL such as smtp://user:password@host:587")
        }
        guard scheme == "smtp" || scheme == "smtps" else { throw refuse("the scheme must be smtp or smtps (got \"\(scheme.prefix(20))\")") }
        guard let host = components.host, !host.isEmpty else { throw refuse("the URL names no host") }
        implicitTLS = scheme == "smtps"
        let port = components.port ?? (implicitTLS ? 465 : 25)
        serverURL = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        from = environment["TODO_SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "todo@localhost"
        let parts = from.split(separator: "@", omittingEmptySubsequences: false)
        // It goes into a header and the MAIL FROM command: no spaces, line breaks or brackets.
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, from.count <= 254,
              !from.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || "<>\"".unicodeScalars.contains($0) }) else {
            throw SettingError(setting: "TODO_SMTP_FROM", reason: "\"\(from.prefix(100))\" is not an email address")
        }
        if let text = environment["TODO_SMTP_RETRY_BASE"], !text.isEmpty {
            guard let seconds = Double(text), (0.01...86_400).contains(seconds) else {
                throw SettingError(setting: "TODO_SMTP_RETRY_BASE", reason: "\"\(text.prefix(40))\" is not a number of seconds from 0.01 to 86400")
            }
            retryBase = seconds
        }
    }

    /// The URL without its password, for messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return String(text.prefix(200)) }
        components.password = "***"
        return components.string ?? "***"
    }
}
