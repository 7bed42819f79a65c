import Foundation
import TodoHTTP
import TodoLog

/// A logger writing to a temporary file the test reads back.
final class LogCapture {
    private let path = FileManager.default.temporaryDirectory.appendingPathComponent("todo-http-log-\(UUID().uuidString)").path
    private let descriptor: Int32
    private let writer: LogWriter
    let logger: Logger

    init() {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Flushed by `lines()`; the timer never fires during a test.
        writer = LogWriter(descriptor: descriptor, interval: .seconds(600))
        logger = Logger(label: "test", writer: writer)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every line logged so far.
    func lines() -> [String] {
        writer.flush()
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}
