import TodoCore
import TodoHTTP

/// The user's tags with the number of tasks of each.
struct TagCountsResponse: JSONResponse {
    let counts: [TagCount]

    func write(to json: inout JSONWriter) { TagCount.writeList(counts, to: &json) }
}

extension TagCountsResponse: SchemaDescribed {
    static let schemaName = "TagList"

    static var schema: JSONSchema {
        .object([
            .required("tags", .array(of: .object([.required("name", .string()), .required("count", .integer(minimum: 1))]))),
        ])
    }
}
