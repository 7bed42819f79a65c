import Foundation
import TodoEvents

/// The webhook settings of the notification service, read once at start-up.
struct WebhookSettings: Sendable {
    /// Hosts a webhook may name although they resolve to a loopback, private or link-local
    /// address (`TODO_WEBHOOK_ALLOW_HOSTS`, comma-separated, as written in the URL).
    var allowedHosts: Set<String> = []
    /// How long a receiver has to answer (`TODO_WEBHOOK_TIMEOUT`, whole seconds).
    var timeout: TimeInterval = 10
    /// The wait before the first retry, doubled for each next one (`TODO_WEBHOOK_RETRY_BASE`, seconds).
    var retryBase: TimeInterval = 30
    /// Attempts per delivery; a delivery failing all of them, with no other delivered since,
    /// disables its webhook.
    var maxAttempts = 6

    init(allowedHosts: Set<String> = [], timeout: TimeInterval = 10, retryBase: TimeInterval = 30) {
        self.allowedHosts = allowedHosts
        self.timeout = timeout
        self.retryBase = retryBase
    }

    init(environment: [String: String]) throws(SettingError) {
        if let hosts = environment["TODO_WEBHOOK_ALLOW_HOSTS"] {
            allowedHosts = Set(hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        }
        timeout = try Self.seconds(environment, "TODO_WEBHOOK_TIMEOUT", default: timeout, range: 1...120).rounded()
        retryBase = try Self.seconds(environment, "TODO_WEBHOOK_RETRY_BASE", default: retryBase, range: 0.01...86_400)
    }

    /// When the attempt after `attempts` failed ones is due, nil when none is left.
    func retryDelay(afterFailedAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return retryBase * pow(2, Double(attempts - 1))
    }

    private static func seconds(_ environment: [String: String], _ name: String, default value: TimeInterval,
                                range: ClosedRange<Double>) throws(SettingError) -> TimeInterval {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let seconds = Double(text), range.contains(seconds) else {
            throw SettingError(setting: name, reason: "\"\(text)\" is not a number of seconds from \(range.lowerBound) to \(Int(range.upperBound))")
        }
        return seconds
    }
}
