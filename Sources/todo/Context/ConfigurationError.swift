/// Configuration the CLI cannot work with; the message names the setting to fix.
enum ConfigurationError: Error, CustomStringConvertible {
    /// `setting` (a flag or environment variable) has a value that cannot be used.
    case invalidSetting(String, reason: String)

    var description: String {
        switch self {
        case .invalidSetting(let setting, let reason):
            "\(setting): \(reason)"
        }
    }
}
