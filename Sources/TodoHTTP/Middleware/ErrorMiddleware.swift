import TodoLog

/// The one place errors become responses: an `HTTPResponseError` becomes its JSON error;
/// anything else is a bug or an outage, logged with the request id and answered with a 500
/// that reveals nothing internal.
public struct ErrorMiddleware<Context: RequestContext>: Middleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch let error as any HTTPResponseError {
            // "busy" is the server shedding load as designed (a login flood made thousands of
            // error lines of it): a warning. Other 5xx, a database outage among them, are errors.
            if error.code == "busy" {
                logger.warning("request refused for now", [("request_id", context.requestID), ("error", String(describing: error))])
            } else if error.status.code >= 500 {
                logger.error("request failed", [("request_id", context.requestID), ("error", String(describing: error))])
            }
            return error.response
        } catch {
            logger.error("request failed", [("request_id", context.requestID), ("path", request.path),
                                            ("error", String(describing: error))])
            return HTTPError(.internalServerError, code: "internal_error",
                             message: "the server failed to answer; the log has the details (request id \(context.requestID))").response
        }
    }
}
