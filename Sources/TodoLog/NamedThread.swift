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

    /// Lowers the calling thread's CPU priority by `steps` nice levels (at most to 19), for work
    /// that must not take the cores from requests: Linux keeps a nice value per thread, and
    /// `who` 0 of `PRIO_PROCESS` is the calling thread, not the process. Raising a priority
    /// back needs a privilege a service need not have, so a thread is lowered for its life.
    public static func lowerCurrentPriority(by steps: Int32 = 10) {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0 else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(19, current + steps))
    }

    private static func nameInKernel(_ name: [UInt8]) {
        let file = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { return }
        _ = name.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
    }
}
