import Foundation

/// One log line per request: method, path, status, duration, request id. Lines go through
/// the logger's buffered writer, so logging costs no system call per request.
public struct AccessLogMiddleware<Context: RequestContext>: Middleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try next(request, context)
        let micros = (DispatchTime.now().uptimeNanoseconds - start) / 1000
        let duration = "\(micros / 1000).\(String(micros % 1000 + 1000).dropFirst())"
        logger.log(.info, "request", rendered: "method=\(request.method.rawValue) path=\(Logger.quoted(request.path)) "
            + "status=\(response.status.code) duration_ms=\(duration) request_id=\(context.requestID) remote=\(request.remoteAddress)")
        return response
    }
}
