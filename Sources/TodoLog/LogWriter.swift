import Dispatch
import Foundation
import Synchronization

/// Collects log lines in memory and writes them to a file descriptor in batches, so a request
/// costs no system call for its log line (issue 4: the hot path). Lines reach the descriptor
/// within `interval`, at `flush()`, or as soon as the buffer holds `limit` bytes.
/// `@unchecked`: the timer is set up in `init` and only cancelled in `deinit`; the buffer and
/// the descriptor writes are behind mutexes.
public final class LogWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let limit: Int
    /// Lines wait in one of several buffers picked by thread, so request threads rarely
    /// contend for a lock.
    private final class Shard: Sendable {
        let buffer = Mutex<[UInt8]>([])
    }

    private let shards: [Shard] = (0..<16).map { _ in Shard() }
    /// Serialises writes to the descriptor so batches never interleave.
    private let output = Mutex<Void>(())
    private let timer: any DispatchSourceTimer

    /// A writer to standard error, flushed every `interval`.
    public static func standardError(interval: Duration = .milliseconds(500)) -> LogWriter {
        LogWriter(descriptor: STDERR_FILENO, interval: interval)
    }

    public init(descriptor: Int32, interval: Duration = .milliseconds(500), limit: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.limit = limit
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let milliseconds = Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(max(1, milliseconds)))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit {
        timer.cancel()
        flush()
    }

    /// Appends one line (a newline is added).
    public func write(_ line: String) {
        append { $0.append(contentsOf: line.utf8) }
    }

    /// Appends one line given as UTF-8 bytes (a newline is added).
    public func write(bytes line: [UInt8]) {
        append { $0.append(contentsOf: line) }
    }

    private func append(_ line: (inout [UInt8]) -> Void) {
        let shard = Int((UInt64(pthread_self()) &* 0x9E37_79B9_7F4A_7C15) >> 60)
        let full = shards[shard].buffer.withLock { buffer in
            line(&buffer)
            buffer.append(0x0A)
            return buffer.count >= limit / shards.count
        }
        if full { flush() }
    }

    /// Writes everything buffered so far.
    public func flush() {
        output.withLock { _ in
            var pending: [UInt8] = []
            for shard in shards {
                shard.buffer.withLock { buffer in
                    pending.append(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            guard !pending.isEmpty else { return }
            pending.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return // A log that cannot be written must not stop the server.
                    }
                }
            }
        }
    }
}
