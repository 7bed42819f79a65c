import Foundation

/// A response as the test client read it.
public struct TestResponse: CustomStringConvertible, Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (fails the caller's expectation if it is not one).
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw TestClientError("body is not a JSON object: \(text)")
        }
        return object
    }

    /// `error.code` of a JSON error body.
    public var errorCode: String? {
        ((try? json())?["error"] as? [String: Any])?["code"] as? String
    }

    public var description: String { "HTTP \(status) \(text.prefix(600))" }
}

public struct TestClientError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A deliberately plain HTTP/1.1 client over one loopback socket, so tests control every byte
/// they send (invalid UTF-8, oversize bodies, requests that never finish) and can see whether
/// the server kept the connection alive. Blocking, with a receive timeout.
public final class HTTPTestClient {
    public let port: Int
    public var token: String?
    /// The loopback address to connect from (e.g. 127.0.0.2: another client address to the
    /// server); the system's choice when nil.
    public var sourceAddress: String?
    private var descriptor: Int32 = -1
    private var pending: [UInt8] = []
    /// Connections opened so far (a kept-alive connection is reused).
    public private(set) var connectionsOpened = 0

    public init(port: Int, token: String? = nil) {
        self.port = port
        self.token = token
    }

    deinit { disconnect() }

    public func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        pending = []
    }

    /// Opens a raw connection (not used for requests): for idle-connection tests.
    public static func openIdleConnection(port: Int) throws -> Int32 {
        try connect(port: port)
    }

    static func connect(port: Int, from source: String? = nil, timeoutSeconds: Int = 15) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket: \(errno)") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw TestClientError("bind to \(source): errno \(errno)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw TestClientError("connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }

    /// Sends a request with a JSON (or raw) body and reads the whole response.
    @discardableResult
    public func send(_ method: String, _ target: String, json: Any? = nil, body: [UInt8]? = nil,
                     headers: [(String, String)] = [], authorized: Bool = true) throws -> TestResponse {
        var payload = body ?? []
        var allHeaders = headers
        if let json {
            payload = Array(try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed]))
            allHeaders.append(("Content-Type", "application/json"))
        }
        if authorized, let token, !allHeaders.contains(where: { $0.0.lowercased() == "authorization" }) {
            allHeaders.append(("Authorization", "Bearer \(token)"))
        }
        var head = Array("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n".utf8)
        for (name, value) in allHeaders { head += Array("\(name): \(value)\r\n".utf8) }
        if !payload.isEmpty || ["POST", "PATCH", "PUT"].contains(method) { head += Array("Content-Length: \(payload.count)\r\n".utf8) }
        head += Array("\r\n".utf8)
        return try exchange(head + payload, method: method)
    }

    public func get(_ target: String) throws -> TestResponse { try send("GET", target) }
    public func post(_ target: String, _ json: Any) throws -> TestResponse { try send("POST", target, json: json) }
    public func patch(_ target: String, _ json: Any, headers: [(String, String)] = []) throws -> TestResponse {
        try send("PATCH", target, json: json, headers: headers)
    }
    public func delete(_ target: String, headers: [(String, String)] = []) throws -> TestResponse {
        try send("DELETE", target, headers: headers)
    }

    /// Sends exactly these bytes as a request and reads one response.
    public func exchange(_ request: [UInt8], method: String = "GET") throws -> TestResponse {
        for attempt in 0..<2 {
            if descriptor < 0 {
                descriptor = try Self.connect(port: port, from: sourceAddress)
                connectionsOpened += 1
            }
            do {
                try write(request)
                return try readResponse(method: method)
            } catch let error as Reused where attempt == 0 {
                // The server closed a kept-alive connection between requests: retry once.
                _ = error
                disconnect()
            }
        }
        throw TestClientError("unreachable")
    }

    private struct Reused: Error {}

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { throw Reused() }
            offset += sent
        }
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count > 0 {
            pending += chunk[0..<count]
            return true
        }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw TestClientError("timed out waiting for the response") }
        return false
    }

    private func readResponse(method: String) throws -> TestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = pending.firstRange(of: separator) {
                headEnd = range.lowerBound
                break
            }
            guard try fill() else {
                if pending.isEmpty { throw Reused() }
                throw TestClientError("connection closed mid-response")
            }
        }
        let head = String(decoding: pending[0..<headEnd!], as: UTF8.self)
        pending.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError("bad status line: \(head)") }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let response = TestResponse(status: status, headers: headers, body: [])
        let length = method == "HEAD" || status == 204 || status == 304 ? 0 : Int(response.header("Content-Length") ?? "") ?? -1
        var body: [UInt8] = []
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            body = try readChunked()
        } else if length >= 0 {
            while pending.count < length { guard try fill() else { throw TestClientError("connection closed mid-body") } }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            while try fill() {}
            body = pending
            pending = []
        }
        if response.header("Connection")?.lowercased() == "close" { disconnect() }
        return TestResponse(status: status, headers: headers, body: body)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            while pending.firstRange(of: [13, 10]) == nil { guard try fill() else { throw TestClientError("closed in chunk") } }
            let lineEnd = pending.firstRange(of: [13, 10])!.lowerBound
            let size = Int(String(decoding: pending[0..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            pending.removeFirst(lineEnd + 2)
            while pending.count < size + 2 { guard try fill() else { throw TestClientError("closed in chunk") } }
            body += pending[0..<size]
            pending.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }
}
