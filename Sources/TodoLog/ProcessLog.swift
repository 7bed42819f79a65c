import Foundation
import Synchronization

/// The log writer the process writes out as it ends: at `exit` (any path, not only `todo
/// serve`'s stop) and on a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT), so the
/// lines just before a crash — the ones that explain it — are not lost with the buffer.
enum ProcessLog {
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT]

    /// Registers `writer`, installing the exit and signal handlers on first use. The writer is
    /// retained for the life of the process, so a handler never reaches a freed one.
    static func install(_ writer: LogWriter) {
        let retained = UInt(bitPattern: Unmanaged.passRetained(writer).toOpaque())
        let previous = installedWriter.exchange(retained, ordering: .acquiringAndReleasing)
        guard previous == 0 else { return } // Handlers are in place; the earlier writer stays retained.
        atexit(flushInstalledWriterAtExit)
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = writeInstalledWriterAndResume
            sigemptyset(&action.sa_mask)
            // One-shot: a second fault inside the handler takes the default action at once.
            // (SA_RESETHAND is 0x80000000, the sign bit of the C int.)
            action.sa_flags = Int32(SA_SIGINFO) | Int32(truncatingIfNeeded: SA_RESETHAND)
            sigaction(signal, &action, previousActions + Int(signal))
        }
    }
}

/// An `Unmanaged<LogWriter>` as a bit pattern (0: none), read by the handlers without a lock.
private let installedWriter = Atomic<UInt>(0)

/// The actions the fatal signals had before ours (the Swift runtime's backtracer or the
/// default), restored before the signal is raised again so that they still run.
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    actions.initialize(repeating: sigaction(), count: 65)
    return actions
}()

/// At `exit`: an ordinary flush, locks and all (no other thread is stopped halfway).
private func flushInstalledWriterAtExit() {
    let bits = installedWriter.load(ordering: .acquiring)
    guard let raw = UnsafeMutableRawPointer(bitPattern: bits) else { return }
    Unmanaged<LogWriter>.fromOpaque(raw).takeUnretainedValue().flush()
}

/// On a fatal signal: async-signal-safe only — atomic loads and write(2), no lock (the
/// crashing thread may hold one), no allocation. Then the signal's previous action takes
/// over: a fault the kernel raised (`si_code > 0`) happens again when the faulting instruction
/// is resumed, with its true address for a backtrace; a sent signal (`abort`, `kill`) is raised
/// again, blocked until this handler returns.
private func writeInstalledWriterAndResume(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _: UnsafeMutableRawPointer?) {
    let bits = installedWriter.load(ordering: .acquiring)
    if let raw = UnsafeMutableRawPointer(bitPattern: bits) {
        Unmanaged<LogWriter>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.buffer.writeWithoutLocking() }
    }
    sigaction(signal, previousActions + Int(signal), nil)
    let raisedByAFault = (info?.pointee.si_code ?? 0) > 0
    if !raisedByAFault { raise(signal) }
}

extension LogWriter {
    /// Makes this the process's log: what it holds is written at `exit` and, without locks,
    /// on a fatal signal before the signal takes its course. For the one writer a process
    /// logs to (`todo serve`'s); the last one installed wins.
    public func flushAtExitAndOnFatalSignal() {
        ProcessLog.install(self)
    }
}
