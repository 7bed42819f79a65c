/// A complete response: status, headers and body bytes.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Set on a response that hands its connection to something else once sent (a WebSocket).
    public var takeover: ResponseTakeover?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body written by the caller (our responses are written with a byte writer, not
    /// `JSONEncoder`: DESIGN §3).
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    public static func json(_ text: StaticString, status: HTTPStatus = .ok) -> HTTPResponse {
        json(text.withUTF8Buffer { Array($0) }, status: status)
    }

    public static let noContent = HTTPResponse(status: .noContent)
}
