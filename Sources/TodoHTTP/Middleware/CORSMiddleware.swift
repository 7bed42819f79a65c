/// Cross-origin access for browser clients on other origins. The API authenticates with
/// bearer tokens, not cookies, so allowing an origin exposes nothing a script there could not
/// already send with the user's token.
public struct CORSMiddleware<Context: RequestContext>: Middleware {
    public enum AllowedOrigins: Sendable {
        case all
        case only([String])
    }

    let allowedOrigins: AllowedOrigins
    let allowedMethods = "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS"
    let allowedHeaders: String
    let exposedHeaders: String

    /// `allowingHeaders` and `exposingHeaders` add to the request headers a script may send and
    /// the response headers it may read (besides the ones every API here uses).
    public init(allowedOrigins: AllowedOrigins = .all, allowingHeaders: [String] = [], exposingHeaders: [String] = []) {
        self.allowedOrigins = allowedOrigins
        allowedHeaders = (["Authorization", "Content-Type", "If-Match", "X-Request-Id"] + allowingHeaders).joined(separator: ", ")
        exposedHeaders = (["ETag", "X-Request-Id", "Location", "Retry-After"] + exposingHeaders).joined(separator: ", ")
    }

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let origin = request.headers["Origin"], let allowed = allowedValue(for: origin) else {
            return try next(request, context)
        }
        if request.method == .options, request.headers.contains("Access-Control-Request-Method") {
            var response = HTTPResponse.noContent
            response.headers.add("Access-Control-Allow-Origin", allowed)
            response.headers.add("Access-Control-Allow-Methods", allowedMethods)
            response.headers.add("Access-Control-Allow-Headers", allowedHeaders)
            response.headers.add("Access-Control-Max-Age", "600")
            if allowed != "*" { response.headers.add("Vary", "Origin") }
            return response
        }
        var response = try next(request, context)
        response.headers.set("Access-Control-Allow-Origin", allowed)
        response.headers.set("Access-Control-Expose-Headers", exposedHeaders)
        if allowed != "*" { response.headers.add("Vary", "Origin") }
        return response
    }

    private func allowedValue(for origin: String) -> String? {
        switch allowedOrigins {
        case .all: "*"
        case .only(let origins): origins.contains(origin) ? origin : nil
        }
    }
}
