/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let bytes: [UInt8] = Array(json.utf8)

    static let json = #"{"openapi":"3.1.0","info":{"title":"Todo Chatbot API","version":"1"},"paths":{}}"#
}
