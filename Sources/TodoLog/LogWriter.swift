import Dispatch
import Foundation
import Synchronization

/// Collects log lines in memory and writes them to a file descriptor in batches, so a request
/// costs no system call for its log line (issue 4: the hot path). Lines reach the descriptor
/// within `interval`, at `flush()`, or as soon as the buffer holds `limit` bytes.
///
/// Lines come out in time order (issue 12): every line is appended to one buffer under one
/// short lock, and its `time=` is read under that same lock, so the order of the file is the
/// order of the clock (unless the wall clock is set back). `flushAtExitAndOnFatalSignal()` makes
/// the process's writer write what it holds when the process ends, normally or by a crash.
/// `@unchecked`: the timer is set up in `init` and only cancelled in `deinit`; the buffer is
/// behind `appending`, the descriptor writes behind `flushing`.
public final class LogWriter: @unchecked Sendable {
    let buffer: LogBuffer
    /// Guards `buffer.pending`: held only to stamp the time and copy one line.
    private let appending = Mutex<Void>(())
    /// Serialises flushes so batches never interleave; taken before `appending`, never after.
    private let flushing = Mutex<Void>(())
    private let timer: any DispatchSourceTimer

    private static let timePrefix: StaticString = "time="

    /// A writer to standard error, flushed every `interval`.
    public static func standardError(interval: Duration = .milliseconds(500)) -> LogWriter {
        LogWriter(descriptor: STDERR_FILENO, interval: interval)
    }

    public init(descriptor: Int32, interval: Duration = .milliseconds(500), limit: Int = 64 * 1024) {
        buffer = LogBuffer(descriptor: descriptor, capacity: max(limit, 256))
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let milliseconds = interval.inMilliseconds
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(max(1, milliseconds)))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit {
        timer.cancel()
        flush()
    }

    /// Appends one line, after its `time=`, and a newline.
    public func write(_ line: LogLine) {
        let size = Self.timePrefix.utf8CodeUnitCount + LogTimestamp.width + 1 + line.bytes.count + 1
        guard size <= buffer.capacity else { return writeOversized(line) }
        while !tryAppend(line, size: size) {
            flush()
        }
    }

    /// Appends the line if the buffer has room for it; false when it must be flushed first.
    private func tryAppend(_ line: LogLine, size: Int) -> Bool {
        appending.withLock { _ in
            let start = buffer.pendingCount.load(ordering: .relaxed)
            guard start + size <= buffer.capacity else { return false }
            stamp(line, at: buffer.pending + start)
            buffer.pendingCount.store(start + size, ordering: .releasing)
            return true
        }
    }

    /// `time=… ` + the line + a newline, at `destination`; called under `appending`.
    private func stamp(_ line: LogLine, at destination: UnsafeMutablePointer<UInt8>) {
        var cursor = destination
        Self.timePrefix.withUTF8Buffer { prefix in
            cursor.update(from: prefix.baseAddress!, count: prefix.count)
            cursor += prefix.count
        }
        LogTimestamp.writeNow(to: cursor)
        cursor += LogTimestamp.width
        cursor.pointee = UInt8(ascii: " ")
        cursor += 1
        line.bytes.withUnsafeBufferPointer { bytes in
            cursor.update(from: bytes.baseAddress!, count: bytes.count)
            cursor += bytes.count
        }
        cursor.pointee = 0x0A
    }

    /// A line larger than the whole buffer (rare: a huge error text) is written on its own, in
    /// its place: the lines before it are flushed first, and those after it wait for the flush.
    private func writeOversized(_ line: LogLine) {
        flushing.withLock { _ in
            var whole = [UInt8](repeating: 0, count: Self.timePrefix.utf8CodeUnitCount + LogTimestamp.width + 1 + line.bytes.count + 1)
            appending.withLock { _ in
                moveToOutgoing()
                whole.withUnsafeMutableBufferPointer { stamp(line, at: $0.baseAddress!) }
            }
            writeOutgoing()
            whole.withUnsafeBufferPointer { buffer.writeAll($0.baseAddress!, count: $0.count) }
        }
    }

    /// Writes everything buffered so far.
    public func flush() {
        flushing.withLock { _ in
            appending.withLock { _ in moveToOutgoing() }
            writeOutgoing()
        }
    }

    /// Hands the pending lines to the outgoing batch; called under both locks.
    private func moveToOutgoing() {
        let count = buffer.pendingCount.load(ordering: .relaxed)
        buffer.outgoing.update(from: buffer.pending, count: count)
        buffer.outgoingWritten.store(0, ordering: .relaxed)
        buffer.outgoingCount.store(count, ordering: .releasing)
        buffer.pendingCount.store(0, ordering: .releasing)
    }

    /// Writes the outgoing batch; called under `flushing` only, so appends go on meanwhile.
    private func writeOutgoing() {
        let count = buffer.outgoingCount.load(ordering: .relaxed)
        guard count > 0 else { return }
        buffer.writeAll(buffer.outgoing, count: count) { written in
            buffer.outgoingWritten.store(written, ordering: .releasing)
        }
        buffer.outgoingCount.store(0, ordering: .releasing)
    }
}
