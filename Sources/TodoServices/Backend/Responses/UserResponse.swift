import TodoCore
import TodoHTTP
import TodoStore

/// A user as the API shows one: never the password hash.
struct UserResponse: JSONResponse {
    let user: User

    func write(to json: inout JSONWriter) { Self.write(user, to: &json) }

    static func write(_ user: User, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.value(user.id.lowercasedString)
        json.key("email")
        json.value(user.email)
        json.key("name")
        json.value(user.name)
        json.key("created_at")
        json.value(RFC3339.format(user.createdAt))
        json.endObject()
    }
}

extension UserResponse: SchemaDescribed {
    static let schemaName = "User"

    static var schema: JSONSchema {
        .object([
            .required("id", .string(format: "uuid")),
            .required("email", .string()),
            .required("name", JSONSchema.string().nullable()),
            .required("created_at", .string(format: "date-time")),
        ])
    }
}
