import Foundation

/// Everything a command prints to standard output, collected and written at once: a listing of
/// thousands of tasks costs one `write(2)` instead of one per line.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let fileDescriptor: Int32
    /// Whether the output goes to a terminal (not a pipe or file).
    let isTerminal: Bool
    /// ANSI colours only on a terminal, and never when `NO_COLOR` is set or `TERM=dumb`.
    let usesColor: Bool

    init(fileDescriptor: Int32, environment: [String: String]) {
        self.fileDescriptor = fileDescriptor
        isTerminal = isatty(fileDescriptor) == 1
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        usesColor = isTerminal && !noColor
        bytes.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    func write(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    /// Direct access to the pending bytes, for writers that build large output field by field.
    func append(_ body: (inout [UInt8]) -> Void) {
        body(&bytes)
    }

    /// `text` in `style` when colours are on, else `text` as is.
    func styled(_ text: String, _ style: TerminalStyle) -> String {
        usesColor ? style.rawValue + text + TerminalStyle.reset.rawValue : text
    }

    /// Writes everything collected so far.
    func flush() {
        if isTerminal { Self.neutralizeBidiControls(&bytes) }
        StandardStreams.writeAll(bytes, to: fileDescriptor)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) in a
    /// task's text would reorder what a terminal shows around them: there each becomes U+FFFD
    /// (the same three bytes' room). Piped output keeps the text exact.
    static func neutralizeBidiControls(_ bytes: inout [UInt8]) {
        var index = 0
        while index + 2 < bytes.count {
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            if bytes[index] == 0xE2, second == 0x80 && (0xAA...0xAE).contains(third) || second == 0x81 && (0xA6...0xA9).contains(third) {
                (bytes[index], bytes[index + 1], bytes[index + 2]) = (0xEF, 0xBF, 0xBD)
                index += 3
            } else {
                index += 1
            }
        }
    }
}

/// ANSI SGR sequences used in listings.
enum TerminalStyle: String {
    case red = "\u{1B}[31m"
    case dim = "\u{1B}[2m"
    case bold = "\u{1B}[1m"
    case reset = "\u{1B}[0m"
}

/// Raw writes to the standard streams.
enum StandardStreams {
    /// Writes one line to standard error, unbuffered.
    static func writeErrorLine(_ text: String) {
        writeAll(Array((text + "\n").utf8), to: 2)
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
