/// Gives every request an id: the client's `X-Request-Id` when it is a sane token, else a new
/// random one. The id is in the context (for logs) and echoed in the response.
public struct RequestIDMiddleware<Context: RequestContext>: Middleware {
    public init() {}

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        var context = context
        if let given = request.headers["X-Request-Id"], Self.isAcceptable(given) {
            context.requestID = given
        } else {
            context.requestID = Self.generate()
        }
        var response = try next(request, context)
        response.headers.set("X-Request-Id", context.requestID)
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }

    /// 64 random bits as 16 hex digits.
    static func generate() -> String {
        var random = UInt64.random(in: .min ... .max)
        let hex = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in (0..<16).reversed() {
            bytes[index] = hex[Int(random & 0xF)]
            random >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
