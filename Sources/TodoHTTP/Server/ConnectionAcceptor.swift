import Foundation
import Synchronization
import TodoLog

/// Accepts connections on the server's listening socket on a thread of its own and hands each
/// to libmicrohttpd (`MHD_add_connection`), which runs with no listening socket of its own.
///
/// So the server stops accepting by shutting its own socket. libmicrohttpd's way,
/// `MHD_quiesce_daemon`, races with its epoll threads over removing the listening socket from
/// their epoll sets, and whichever loses aborts the process ("Failed to remove listen FD from
/// epoll set"): an open libmicrohttpd defect, which aborted a test run of ours.
final class ConnectionAcceptor: Sendable {
    /// Hands over an accepted socket, non-blocking, with its peer's address; it owns the socket
    /// from then on.
    typealias Handoff = @Sendable (_ socket: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Void

    private let descriptor: Int32
    private let stopping = Atomic<Bool>(false)
    private let ended = DispatchSemaphore(value: 0)

    /// Starts accepting on `descriptor`, a listening socket, which the acceptor closes on `stop`.
    init(descriptor: Int32, handoff: @escaping Handoff) {
        self.descriptor = descriptor
        Thread.start(named: "http accept", stackSize: 256 << 10) { [self] in
            run(handoff)
            ended.signal()
        }
    }

    /// Stops accepting: connections attempted from now on are refused by the kernel, and those
    /// queued but not accepted yet are reset, rather than left waiting for nobody. Returns once
    /// the thread has handed over its last connection. Safe to call more than once.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Wakes the thread's poll (the socket hangs up) and makes the kernel refuse new connections.
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
        ended.wait()
        close(descriptor)
    }

    private func run(_ handoff: Handoff) {
        var address = sockaddr_storage()
        while !stopping.load(ordering: .acquiring) {
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(descriptor, $0, &length)
                }
            }
            if client >= 0 {
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { handoff(client, $0, length) }
                }
                continue
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK:
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                // The timeout only bounds a stop whose wake-up was missed.
                _ = poll(&waiting, 1, 500)
            case EINTR, ECONNABORTED, EPROTO, EPERM:
                continue // that connection is gone, or a signal interrupted: the next one
            default:
                // Stopping (EINVAL once the socket is shut), or out of descriptors or memory
                // (EMFILE, ENFILE, ENOBUFS, ENOMEM): then pending connections wait in the
                // backlog while open ones close.
                if stopping.load(ordering: .acquiring) { return }
                usleep(10_000)
            }
        }
    }
}
