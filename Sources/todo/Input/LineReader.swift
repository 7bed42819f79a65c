import Foundation

/// Lines from a file descriptor, read in blocks; a line over `maxLength` is reported once and
/// skipped to its end, so one huge message cannot exhaust memory.
struct LineReader {
    enum Line {
        case line([UInt8])
        case tooLong
    }

    let fileDescriptor: Int32
    let maxLength: Int
    private var pending: [UInt8] = []
    private var skipping = false
    private var ended = false

    init(fileDescriptor: Int32, maxLength: Int) {
        self.fileDescriptor = fileDescriptor
        self.maxLength = maxLength
    }

    mutating func next() -> Line? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if skipping { skipping = false; continue }
                return .line(line)
            }
            if pending.count > maxLength && !skipping {
                pending.removeAll(keepingCapacity: true)
                skipping = true
                return .tooLong
            }
            if skipping { pending.removeAll(keepingCapacity: true) }
            if ended {
                guard !pending.isEmpty, !skipping else { return nil }
                defer { pending.removeAll() }
                return .line(pending)
            }
            var block = [UInt8](repeating: 0, count: 65_536)
            let count = block.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { ended = true } else { pending.append(contentsOf: block[..<count]) }
        }
    }
}
