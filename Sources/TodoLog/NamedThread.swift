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
        let thread = Thread { [kernelName] in
            Thread.current.name = threadName
            // Foundation's setter reaches the kernel only once `start()` has recorded the new
            // thread, which the thread can run ahead of: ~2% of threads started at once kept
            // their creator's name. The kernel takes the current thread's name from here.
            nameInKernel(kernelName)
            body()
        }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    private static func nameInKernel(_ name: [UInt8]) {
        let file = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { return }
        _ = name.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
    }
}
