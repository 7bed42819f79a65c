import Synchronization

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
            context.requestID = RequestIDGenerator.next()
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
}

/// New request ids.
enum RequestIDGenerator {
    /// A process-wide random start, so ids differ between processes and replicas.
    private static let seed = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    /// 16 hex digits: a counter scrambled by SplitMix64's finaliser. Unique within the process,
    /// unpredictable enough for correlating logs, and free of a `getrandom` call per request.
    static func next() -> String {
        var z = seed &+ counter.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: z >> (60 - 4 * UInt64(index))) & 0xF
                buffer[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return 16
        }
    }
}
