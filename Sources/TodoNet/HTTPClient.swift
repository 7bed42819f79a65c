import CCurl
import Foundation

/// One request of `HTTPClient`.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole exchange, connecting included, ends after this long.
    public var timeout: TimeInterval
    /// A larger answer is cut off and refused (`HTTPClientError.tooLarge`).
    public var maxResponseBytes: Int
    /// `host:port:address[,address…]`: where to connect for that host instead of asking DNS
    /// (libcurl's `CURLOPT_RESOLVE`), so that a name checked once cannot point elsewhere next.
    public var resolve: [String] = []

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                timeout: TimeInterval, maxResponseBytes: Int = 4 << 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// Names lower-cased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.last { $0.name == lowered }?.value
    }
}

public enum HTTPClientError: Error, Sendable, CustomStringConvertible {
    case timedOut(seconds: TimeInterval)
    /// No answer: libcurl's code and its words (which may name the host, never a header).
    case failed(code: Int, message: String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .timedOut(let seconds): "no answer within \(Self.seconds(seconds))"
        case .failed(_, let message): message
        case .tooLarge(let limit): "the answer is larger than \(limit) bytes"
        }
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// A blocking HTTP client on libcurl's easy interface, for the few calls the product makes
/// (the CLI to its server, webhooks, the model, the Dapr sidecar). Foundation's URLSession on
/// Linux kept a core busy while it waited for a slow peer (15 s of CPU in a 25 s wait); a
/// blocking `curl_easy_perform` sleeps in `poll`. Redirects are never followed: a header such
/// as Authorization must reach the host named, and a webhook's address was checked, not the
/// one a redirect would name.
public enum HTTPClient {
    public static func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        LibCurl.ready
        guard let handle = curl_easy_init() else { throw .failed(code: -1, message: "libcurl could not make a handle") }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        // curl adds "Expect: 100-continue" to larger bodies and waits a second for an answer
        // many servers never send.
        for field in request.headers + [(name: "Expect", value: "")] {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        defer { curl_slist_free_all(headerList) }
        var resolveList: UnsafeMutablePointer<curl_slist>?
        for entry in request.resolve { resolveList = curl_slist_append(resolveList, entry) }
        defer { curl_slist_free_all(resolveList) }
        let received = Unmanaged.passRetained(Received(limit: request.maxResponseBytes))
        defer { received.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            var result = todo_curl_setopt_string(handle, CURLOPT_URL, request.url)
            func set(_ code: CURLcode) { if result == CURLE_OK { result = code } }
            set(todo_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            if let body = request.body {
                set(todo_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
                if body.isEmpty {
                    set(todo_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
                } else {
                    body.withUnsafeBytes { bytes in
                        // COPYPOSTFIELDS copies now: the body need not outlive this call.
                        set(todo_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!)))
                    }
                }
            } else if request.method == "HEAD" {
                set(todo_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
            }
            set(todo_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList)))
            if let resolveList { set(todo_curl_setopt_pointer(handle, CURLOPT_RESOLVE, UnsafeMutableRawPointer(resolveList))) }
            set(todo_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, receiveBody))
            set(todo_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, received.toOpaque()))
            set(todo_curl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, receiveHeader))
            set(todo_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, received.toOpaque()))
            set(todo_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000))))
            set(todo_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(min(request.timeout, 10) * 1000))))
            set(todo_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
            set(todo_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
            set(todo_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
            set(todo_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(buffer.baseAddress)))
            guard result == CURLE_OK else { return result }
            return curl_easy_perform(handle)
        }
        let answer = received.takeUnretainedValue()
        if answer.overflowed { throw .tooLarge(limit: request.maxResponseBytes) }
        guard code == CURLE_OK else {
            if code == CURLE_OPERATION_TIMEDOUT { throw .timedOut(seconds: request.timeout) }
            throw .failed(code: Int(code.rawValue), message: LibCurl.message(code, errorBuffer: errorBuffer))
        }
        var status = 0
        _ = todo_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, headers: answer.headers, body: answer.body)
    }
}

/// What every user of libcurl here shares (`HTTPClient`, the SMTP mailer).
public enum LibCurl {
    /// libcurl must be set up once per process before any handle is made.
    public static let ready: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Why a transfer failed: libcurl's words for it (`CURLOPT_ERRORBUFFER`), else its code's.
    public static func message(_ code: CURLcode, errorBuffer: [CChar]) -> String {
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }
}

/// What came back, collected by libcurl's callbacks.
private final class Received {
    let limit: Int
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }
}

/// libcurl's write callback: a free function, handed `Received` as an unmanaged pointer.
private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let received = Unmanaged<Received>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard received.body.count + length <= received.limit else {
        received.overflowed = true
        return 0  // ends the transfer
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { received.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

/// libcurl's header callback: one line at a time; a new status line (after a 100 Continue or
/// an interim answer) starts the headers over.
private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let received = Unmanaged<Received>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
    if line.hasPrefix("HTTP/") {
        received.headers = []
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        received.headers.append((name, value))
    }
    return length
}
