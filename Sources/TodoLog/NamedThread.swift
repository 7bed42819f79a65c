import Foundation

extension Thread {
    /// Starts `body` on a new thread named `name` for the kernel too, where `top -H`, `perf` and
    /// `/proc/PID/task/*/comm` read it. Foundation passes a name to the kernel only when the
    /// thread names itself, and the kernel refuses a name over 15 bytes: the thread takes the
    /// first 15 bytes (whole characters), so callers put what tells threads apart first.
    public static func start(named name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        var kernelName = Array(name.utf8.prefix(15))
        while String(validating: kernelName, as: UTF8.self) == nil { kernelName.removeLast() }
        let threadName = String(decoding: kernelName, as: UTF8.self)
        let thread = Thread {
            Thread.current.name = threadName
            body()
        }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }
}
