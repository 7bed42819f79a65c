import Foundation
import Synchronization

/// The writer's bytes in memory allocated once, laid out so that a fatal-signal handler can
/// write them out without taking a lock or allocating (`writeWithoutLocking()`).
///
/// `pending` holds the lines appended since the last flush; `outgoing` holds the batch a flush
/// is writing. `LogWriter` changes both only under its locks; the counts are atomics so the
/// signal handler, which takes no lock, reads a count that was true a moment ago.
/// `@unchecked`: the two byte areas are raw memory guarded by `LogWriter`'s locks.
final class LogBuffer: @unchecked Sendable {
    let descriptor: Int32
    let capacity: Int
    let pending: UnsafeMutablePointer<UInt8>
    let pendingCount = Atomic<Int>(0)
    let outgoing: UnsafeMutablePointer<UInt8>
    let outgoingCount = Atomic<Int>(0)
    /// How much of `outgoing` has reached the descriptor: the signal handler writes the rest.
    let outgoingWritten = Atomic<Int>(0)

    init(descriptor: Int32, capacity: Int) {
        self.descriptor = descriptor
        self.capacity = capacity
        pending = .allocate(capacity: capacity)
        outgoing = .allocate(capacity: capacity)
    }

    deinit {
        pending.deallocate()
        outgoing.deallocate()
    }

    /// Writes all of `count` bytes at `bytes`, retrying after interruptions; gives up on any
    /// other error, since a log that cannot be written must not stop the server. Calls
    /// `progress` with the bytes written so far after each write.
    func writeAll(_ bytes: UnsafePointer<UInt8>, count: Int, progress: (Int) -> Void = { _ in }) {
        var offset = 0
        while offset < count {
            let written = Foundation.write(descriptor, bytes + offset, count - offset)
            if written > 0 {
                offset += written
                progress(offset)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// What a fatal-signal handler calls: the unwritten rest of a flush in progress, then the
    /// pending lines, with nothing but atomic loads and write(2). A line being appended or a
    /// batch being moved at that instant may come out torn or twice; everything before it
    /// comes out whole.
    func writeWithoutLocking() {
        let outgoingEnd = min(capacity, outgoingCount.load(ordering: .acquiring))
        let outgoingStart = min(outgoingEnd, outgoingWritten.load(ordering: .acquiring))
        if outgoingStart < outgoingEnd {
            writeAll(outgoing + outgoingStart, count: outgoingEnd - outgoingStart)
        }
        writeAll(pending, count: min(capacity, pendingCount.load(ordering: .acquiring)))
    }
}
