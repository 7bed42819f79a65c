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
