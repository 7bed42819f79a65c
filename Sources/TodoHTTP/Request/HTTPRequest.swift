/// A request whose body has been read completely, as handlers see it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The percent-decoded path, without the query string.
    public var path: String
    public var query: QueryParameters
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's address, for the access log.
    public var remoteAddress: String

    public init(method: HTTPMethod, path: String, query: QueryParameters = QueryParameters(),
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The token of an `Authorization: Bearer …` header (the scheme in any case, blanks around
    /// the token ignored). Read from the header's bytes: every authenticated request asks.
    public var bearerToken: String? {
        guard var value = headers["Authorization"] else { return nil }
        return value.withUTF8 { bytes -> String? in
            guard bytes.count > 7, bytes[6] == UInt8(ascii: " "), HTTPHeaders.sameName(bytes.prefix(6), "Bearer".utf8) else { return nil }
            func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var start = 7, end = bytes.count
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            guard start < end else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
