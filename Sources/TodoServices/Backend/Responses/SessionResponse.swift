import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// A new session from register (201) or login (200): the user and the session's token.
struct SessionResponse: JSONResponse {
    let user: User
    let token: String
    let expiresAt: Date
    let status: HTTPStatus

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("user")
        UserResponse.write(user, to: &json)
        json.key("token")
        json.value(token)
        json.key("expires_at")
        json.value(RFC3339.format(expiresAt))
        json.endObject()
    }
}

extension SessionResponse: SchemaDescribed {
    static let schemaName = "Session"

    static var schema: JSONSchema {
        .object([
            .required("user", .reference(to: UserResponse.self)),
            .required("token", JSONSchema.string().described("A JWT (HS256) for Authorization: Bearer.")),
            .required("expires_at", .string(format: "date-time")),
        ])
    }
}
