import Foundation

/// A response as read off the socket.
struct RawResponse: CustomStringConvertible {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `error.code` of a JSON error body.
    var errorCode: String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    var description: String { "HTTP \(status) \(headers.map { "\($0.name): \($0.value)" }) \(text.prefix(300))" }
}

struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One blocking HTTP/1.1 connection to 127.0.0.1, writing exactly the bytes a test gives it
/// (half a body, an oversize header, a request after the server began to stop) and reading
/// responses one at a time. Every read waits at most `timeout`, so a server that never answers
/// fails the test instead of hanging it.
final class RawHTTPConnection {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int, timeout: Duration = .seconds(5)) throws {
        // The socket is this object's only once connected: an init that throws after setting
        // `descriptor` would run deinit too, closing it twice — the second time another
        // thread's descriptor of the same number (a test elsewhere saw its connect fail with EBADF).
        let candidate = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard candidate >= 0 else { throw RawHTTPError("socket: errno \(errno)") }
        Self.setTimeout(timeout, on: candidate)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(candidate, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(candidate)
            throw RawHTTPError("connect to 127.0.0.1:\(port): \(String(cString: strerror(code)))")
        }
        descriptor = candidate
    }

    deinit { close(descriptor) }

    /// How long a read may wait from now on.
    func setTimeout(_ timeout: Duration) {
        Self.setTimeout(timeout, on: descriptor)
    }

    private static func setTimeout(_ timeout: Duration, on descriptor: Int32) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends a request with `Host` and, when there is a body, `Content-Length`; reads nothing.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        try write(Array((head + "\r\n").utf8) + body)
    }

    /// Sends a request and reads its response.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> RawResponse {
        try send(method, target, headers: headers, body: body)
        return try readResponse(bodyless: method == "HEAD")
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawHTTPError("send failed: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Reads one response (or an interim one such as 100 Continue). `bodyless`: the answer to
    /// a HEAD, which announces a length but sends no body.
    func readResponse(bodyless: Bool = false) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        while pending.firstRange(of: separator) == nil {
            guard try fill() else { throw RawHTTPError("the server closed the connection before answering") }
        }
        let headEnd = pending.firstRange(of: separator)!.lowerBound
        let head = String(decoding: pending[..<headEnd], as: UTF8.self)
        pending.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw RawHTTPError("bad status line in \(head)") }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        // An interim response (100 Continue) has no body, nor has the answer to a HEAD.
        if bodyless || status < 200 || status == 204 || status == 304 { return response }
        guard let length = response.header("Content-Length").flatMap({ Int($0) }) else {
            throw RawHTTPError("no Content-Length in \(head)")
        }
        while pending.count < length {
            guard try fill() else { throw RawHTTPError("the server closed the connection mid-body") }
        }
        response.body = Array(pending[..<length])
        pending.removeFirst(length)
        return response
    }

    /// Whether the server closes the connection (or resets it) within the read timeout, with
    /// no further bytes.
    func isClosedByServer() throws -> Bool {
        do {
            if try fill() { throw RawHTTPError("unexpected bytes: \(String(decoding: pending, as: UTF8.self))") }
            return true
        } catch let error as RawHTTPError where error.description == Self.timedOut {
            return false
        }
    }

    private static let timedOut = "timed out waiting for the server"

    /// Reads what is there into `pending`; false when the peer closed the connection.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count > 0 {
            pending += chunk[..<count]
            return true
        }
        if count == 0 || errno == ECONNRESET { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw RawHTTPError(Self.timedOut) }
        throw RawHTTPError("recv failed: \(String(cString: strerror(errno)))")
    }
}
