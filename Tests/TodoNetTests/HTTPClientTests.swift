import Foundation
import Testing
import TodoNet

/// The blocking libcurl client, against sockets of the test's own on loopback.
@Suite struct HTTPClientTests {
    /// A listening socket on a free loopback port: the kernel completes connections into its
    /// backlog, and nothing ever answers them.
    final class SilentServer {
        let descriptor: Int32
        let port: Int

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
            }
            guard bound, listen(listener, 16) == 0 else {
                close(listener)
                throw POSIXError(.EADDRINUSE)
            }
            descriptor = listener
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit {
            close(descriptor)
        }
    }

    /// This thread's CPU time: the client blocks in it (other tests run beside it in the process).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(1 /* RUSAGE_THREAD, which Glibc does not export to Swift */, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// URLSession on Linux kept a core busy for as long as it waited (15 s of CPU in 25 s).
    @Test func waitingForASilentServerTimesOutWithoutSpinning() throws {
        let server = try SilentServer()
        let cpuBefore = Self.cpuSeconds()
        let started = Date()
        #expect {
            try HTTPClient.send(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 2))
        } throws: { error in
            guard case HTTPClientError.timedOut = error else { return false }
            return true
        }
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 1.9 && waited < 5, "\(waited)")
        #expect(Self.cpuSeconds() - cpuBefore < 0.5, "CPU spent while waiting: \(Self.cpuSeconds() - cpuBefore) s")
    }

    @Test func aRefusedConnectionSaysSo() {
        #expect {
            try HTTPClient.send(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:9/", timeout: 2))
        } throws: { error in
            guard case HTTPClientError.failed(_, let message) = error else { return false }
            return message.contains("127.0.0.1")
        }
    }
}
