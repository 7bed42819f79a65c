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

    /// The token of an `Authorization: Bearer …` header.
    public var bearerToken: String? {
        guard let value = headers["Authorization"] else { return nil }
        let bytes = value.utf8
        guard bytes.count > 7, HTTPHeaders.sameName(String(value.prefix(6)), "Bearer"),
              bytes[bytes.index(bytes.startIndex, offsetBy: 6)] == UInt8(ascii: " ") else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let token = bytes.dropFirst(7).drop(while: isBlank)
        guard let last = token.lastIndex(where: { !isBlank($0) }) else { return nil }
        return String(Substring(token[...last]))
    }
}
