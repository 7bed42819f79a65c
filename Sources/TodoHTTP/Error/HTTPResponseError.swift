/// An error that knows which response it becomes. Handlers throw these; `ErrorMiddleware`
/// turns them into the JSON error shape of DESIGN §6:
/// `{"error": {"code": "…", "message": "…", "details": {…}}}`.
/// Other modules make their own errors conform instead of mapping them in every handler.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// A stable, machine-readable code such as `validation_failed`.
    var code: String { get }
    /// One sentence a user can act on.
    var message: String { get }
    /// A JSON object with specifics (e.g. `{"field":"title"}`), already encoded; nil for none
    /// (the body then says `"details": {}`).
    var detailsJSON: [UInt8]? { get }
    /// Extra response headers (e.g. `WWW-Authenticate`, `Allow`).
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    public var detailsJSON: [UInt8]? { nil }
    public var headers: HTTPHeaders { HTTPHeaders() }

    /// The JSON error response.
    public var response: HTTPResponse {
        var body = Array(#"{"error":{"code":"#.utf8)
        JSONText.appendQuoted(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        JSONText.appendQuoted(message, to: &body)
        // Always present (an empty object when there are no specifics): clients read one shape.
        body.append(contentsOf: #","details":"#.utf8)
        body.append(contentsOf: detailsJSON ?? Array("{}".utf8))
        body.append(contentsOf: "}}".utf8)
        var response = HTTPResponse.json(body, status: status)
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}

/// The error handlers throw for HTTP-level failures.
public struct HTTPError: HTTPResponseError, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    public var detailsJSON: [UInt8]?
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, code: String, message: String, detailsJSON: [UInt8]? = nil,
                headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.detailsJSON = detailsJSON
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func notFound(_ message: String = "no such resource") -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: message)
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> HTTPError {
        HTTPError(.badRequest, code: code, message: message)
    }

    public static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, code: "unauthorized", message: message, headers: ["WWW-Authenticate": "Bearer"])
    }
}
