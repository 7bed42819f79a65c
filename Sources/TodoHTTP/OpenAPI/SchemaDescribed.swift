/// A JSON shape the API reads or writes (a request body, a response document), described once
/// as a JSON Schema. The OpenAPI document lists it under `components/schemas/<schemaName>` and
/// every operation that uses it refers to it there (`JSONSchema.reference(to:)`).
public protocol SchemaDescribed {
    /// The name under `components/schemas`, e.g. `Task`.
    static var schemaName: String { get }
    static var schema: JSONSchema { get }
}
