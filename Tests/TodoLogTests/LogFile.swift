import Foundation

/// A temporary file a test's `LogWriter` writes to and the test reads back.
final class LogFile {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("todo-log-\(UUID().uuidString)").path
    let descriptor: Int32

    init() {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every line in the file.
    func lines() -> [String] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}

extension String {
    /// The value of ` key=value` in a logfmt line (unquoted values only).
    func logField(_ key: String) -> String? {
        guard let range = range(of: " \(key)=") ?? (hasPrefix("\(key)=") ? range(of: "\(key)=") : nil) else { return nil }
        return String(self[range.upperBound...].prefix { $0 != " " })
    }
}
