/// The error shape every `HTTPResponseError` answers with (`HTTPResponseError.response`),
/// described beside it for the OpenAPI document.
extension HTTPError: SchemaDescribed {
    public static let schemaName = "Error"

    public static var schema: JSONSchema {
        .object([
            .required("error", .object([
                .required("code", JSONSchema.string()
                    .described("Stable, machine-readable: validation_failed, invalid_json, not_found, unauthorized, version_conflict, …")),
                .required("message", JSONSchema.string().described("What went wrong and what to do.")),
                .required("details", JSONSchema.object().described("Specifics, e.g. {\"field\": \"title\"}; {} when there are none.")),
            ])),
        ])
    }
}
