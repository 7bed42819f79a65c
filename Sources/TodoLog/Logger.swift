import Foundation

/// Structured logging: one `key=value` line per event (logfmt), with a level and metadata
/// such as `request_id`, written through a buffered `LogWriter`.
public struct Logger: Sendable {
    public enum Level: Int, Comparable, Sendable, CustomStringConvertible {
        case debug, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    public let label: String
    public var level: Level
    public var metadata: [(String, String)] = []
    let writer: LogWriter?

    public init(label: String, level: Level = .info, writer: LogWriter?) {
        self.label = label
        self.level = level
        self.writer = writer
    }

    /// A logger that writes nothing.
    public static let disabled = Logger(label: "", writer: nil)

    public func log(_ level: Level, _ message: String, _ metadata: [(String, String)] = []) {
        guard let writer, level >= self.level else { return }
        var line = LogLine(level: level, label: label, message: message)
        for (key, value) in self.metadata + metadata {
            line.field(named: key, value)
        }
        writer.write(line)
    }

    /// Logs a line whose fields `fields` appends to it as bytes: the access log's path, free of
    /// per-call arrays and strings. The logger's own metadata is left out.
    public func log(_ level: Level, _ message: String, fields: (inout LogLine) -> Void) {
        guard let writer, level >= self.level else { return }
        var line = LogLine(level: level, label: label, message: message)
        fields(&line)
        writer.write(line)
    }

    public func debug(_ message: String, _ metadata: [(String, String)] = []) { log(.debug, message, metadata) }
    public func info(_ message: String, _ metadata: [(String, String)] = []) { log(.info, message, metadata) }
    public func warning(_ message: String, _ metadata: [(String, String)] = []) { log(.warning, message, metadata) }
    public func error(_ message: String, _ metadata: [(String, String)] = []) { log(.error, message, metadata) }

    /// Whether a logfmt value must be quoted: empty, or holding a blank, a control character,
    /// a quote or `=`.
    static func needsQuotes(_ utf8: some Collection<UInt8>) -> Bool {
        utf8.isEmpty || utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == 0x7F }
    }

    /// Values with spaces, quotes or `=` are quoted, as logfmt readers expect.
    public static func quoted(_ value: String) -> String {
        guard needsQuotes(value.utf8) else { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
            }
        }
        return result + "\""
    }
}
