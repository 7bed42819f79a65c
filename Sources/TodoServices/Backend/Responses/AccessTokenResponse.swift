import TodoCore
import TodoHTTP
import TodoStore

/// A personal access token just created (201): the only time its secret is shown.
struct CreatedAccessTokenResponse: JSONResponse {
    let token: AccessToken
    let secret: String

    var status: HTTPStatus { .created }

    func write(to json: inout JSONWriter) { AccessTokenListResponse.write(token, secret: secret, to: &json) }
}

/// The user's personal access tokens, without their secrets.
struct AccessTokenListResponse: JSONResponse {
    let tokens: [AccessToken]

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("tokens")
        json.beginArray()
        for token in tokens { Self.write(token, secret: nil, to: &json) }
        json.endArray()
        json.endObject()
    }

    static func write(_ token: AccessToken, secret: String?, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.value(token.id.lowercasedString)
        json.key("name")
        json.value(token.name)
        json.key("created_at")
        json.value(RFC3339.format(token.createdAt))
        json.key("last_used_at")
        json.value(token.lastUsedAt.map { RFC3339.format($0) })
        if let secret {
            json.key("token")
            json.value(secret)
        }
        json.endObject()
    }
}

extension CreatedAccessTokenResponse: SchemaDescribed {
    static let schemaName = "IssuedAccessToken"

    static var schema: JSONSchema {
        .allOf([
            .reference(to: AccessTokenSchema.self),
            .object([.required("token", JSONSchema.string().described("The secret (todo_pat_…), shown only now."))]),
        ])
    }
}

extension AccessTokenListResponse: SchemaDescribed {
    static let schemaName = "TokenList"

    static var schema: JSONSchema {
        .object([.required("tokens", .array(of: .reference(to: AccessTokenSchema.self)))])
    }
}

/// A personal access token as `AccessTokenListResponse.write(_:secret:to:)` writes it, without
/// its secret.
enum AccessTokenSchema: SchemaDescribed {
    static let schemaName = "AccessToken"

    static var schema: JSONSchema {
        .object([
            .required("id", .string(format: "uuid")),
            .required("name", .string()),
            .required("created_at", .string(format: "date-time")),
            .required("last_used_at", JSONSchema.string(format: "date-time").nullable()),
        ])
    }
}
