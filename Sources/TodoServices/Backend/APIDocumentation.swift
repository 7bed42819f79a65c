import TodoHTTP

/// The parts of `/openapi.json` that are not one route's: the document's info, and the
/// responses and parameters many routes share (each listed once under `components`). Each
/// route's own documentation sits beside its handler; `OpsController` serves the document
/// generated from the router (`OpenAPIDocument`).
enum APIDocumentation {
    typealias Response = OperationDocumentation.Response
    typealias Parameter = OperationDocumentation.Parameter

    static let info = OpenAPIDocument.Info(
        title: "Todo Chatbot API", version: "1.0.0",
        description: "The REST API of todo serve: tasks, quick-add, recurrence, chat, conversations, MCP, notifications, webhooks, audit log, live events, accounts and tokens (a service run alone with --service documents only its own routes). Errors are {\"error\": {\"code\", \"message\", \"details\"}}.")

    /// A session JWT or a personal access token, checked by `AuthenticationMiddleware`.
    static let bearer = SecurityScheme.bearer("bearer", description: "A session JWT from register/login, or a personal access token (todo_pat_…).")

    // MARK: Responses

    /// Any error: what every operation may answer besides those it lists, and the response of
    /// the statuses whose error needs no words of its own (413, 414, 415).
    static let error = Response.otherwise(
        "An error: 400 unreadable body, 404, 405, 409, 412, 413 body over 1 MiB, 414 URI over 8 KiB, 431 request head over ~12 KiB, 415 not JSON, 422 invalid value (details.field), 503 database unavailable.",
        schema: .reference(to: HTTPError.self)).component("Error")

    static let badRequest = errorResponse(.badRequest, "The body is not a JSON object (invalid_json).").component("BadRequest")
    static let validation = errorResponse(.unprocessableContent, "A field or parameter has a bad value (validation_failed; details.field names it).")
        .component("Validation")
    static let unauthorized = Response(.unauthorized, "No token, or one that is expired, revoked or forged.",
                                       schema: .reference(to: HTTPError.self), headers: [.init("WWW-Authenticate", .string())])
        .component("Unauthorized")
    static let taskNotFound = errorResponse(.notFound, "No such task for this user (another user's task is also 404).").component("NotFound")
    static let versionConflict = errorResponse(.preconditionFailed, "Version mismatch (version_conflict).").component("Conflict")
    static let tooManySignIns = Response(
        .tooManyRequests, "Too many sign-in attempts from this address, or failed logins of this email; Retry-After says when to try again.",
        schema: .reference(to: HTTPError.self), headers: [.init("Retry-After", .integer(minimum: 1))])

    /// The errors of a route that reads a JSON body: not JSON (415), not an object (400), a
    /// field with a bad value (422).
    static let bodyErrors = [badRequest, error.at(.unsupportedMediaType), validation]

    /// An error response whose description says what it means for this operation.
    static func errorResponse(_ status: HTTPStatus, _ description: String) -> Response {
        Response(status, description, schema: .reference(to: HTTPError.self))
    }

    // MARK: Task responses and parameters

    static let taskVersionHeader = OperationDocumentation.Header("ETag", .string(pattern: #"^"[0-9]+"$"#), description: "The task's version, for If-Match")
    static let taskWithVersion = Response.json(.ok, TaskResponse.self, "The task.", headers: [taskVersionHeader]).component("TaskWithVersion")

    static let taskID = Parameter.path("id", .string(minLength: 1), description: "The task's UUID, or its number (12 for #12).").component("TaskID")
    /// What `TaskController.expectedVersion` takes: `*`, or a version, quoted or not, weak or not.
    static let ifMatch = Parameter.header(
        "If-Match", .string(pattern: #"^(\*|(W/)?("[0-9]{1,18}"|[0-9]{1,18}))$"#),
        description: "Only change the task if its version is one listed (as the ETag gives it: \"3\", or \"2\", \"3\"; a bare 3 too; * matches any; a weak tag, W/\"3\", matches none). A mismatch is 412.")
        .component("IfMatch")

    // MARK: Text rules

    /// TodoCore's text rules as regular expressions (ECMA 262, as JSON Schema's `pattern`), so
    /// the document states them and a generated value the schema allows is one the server takes.
    enum TextPattern {
        /// `Unicode.Scalar.isControlCharacter`: C0, DEL, C1, U+2028, U+2029.
        static let controlCharacters = #"\u0000-\u001f\u007f-\u009f\u2028\u2029"#
        /// What `trimmingWhitespace()` trims: the Unicode White_Space property.
        static let whitespace = #"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"#

        /// Text without control characters (a user's name). `(?!\n)` keeps a `$` that Python's
        /// regular expressions (schemathesis) let match before a final line feed from allowing one.
        static let withoutControlCharacters = "^[^\(controlCharacters)]*$(?!\\n)"

        /// Text that, trimmed of whitespace, has 1 to `maxLength` scalars and no control
        /// character (a title, a token's name): whitespace, even a line break, may surround it,
        /// and does not count towards the length.
        static func trimmed(maxLength: Int) -> String {
            let edge = "[^\(whitespace)\(controlCharacters)]"
            return "^[\(whitespace)]*\(edge)([^\(controlCharacters)]{0,\(maxLength - 2)}\(edge))?[\(whitespace)]*$(?!\\n)"
        }
    }

    /// The document of every documented route of `routes`.
    static func document(of routes: [RouteDeclaration]) -> OpenAPIDocument {
        OpenAPIDocument(info: info, routes: routes)
    }
}
