import Foundation
import TodoLog

/// One log line per request: method, path, status, duration, request id. Lines go through
/// the logger's buffered writer, so logging costs no system call per request.
///
/// Requests to `probePaths` (health checks) are logged only when they fail: an orchestrator
/// probes every few seconds per instance, and those lines would bury the ones that matter.
public struct AccessLogMiddleware<Context: RequestContext>: Middleware {
    let logger: Logger
    let probePaths: Set<String>

    public init(logger: Logger, probePaths: Set<String> = []) {
        self.logger = logger
        self.probePaths = probePaths
    }

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try next(request, context)
        if (200..<300).contains(response.status.code), probePaths.contains(request.path) { return response }
        let micros = (DispatchTime.now().uptimeNanoseconds - start) / 1000
        logger.log(.info, "request") { line in
            line.field("method", request.method.rawValue)
            line.field("path", request.path)
            line.field("status", response.status.code)
            line.field("duration_ms", microsecondsAsMilliseconds: micros)
            line.field("request_id", context.requestID)
            line.field("remote", request.remoteAddress)
        }
        return response
    }
}
