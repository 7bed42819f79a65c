import TodoCore

/// The user's tags with the number of tasks of each.
struct TagCountsResponse: JSONResponse {
    let counts: [TagCount]

    func write(to json: inout JSONWriter) { TagCount.writeList(counts, to: &json) }
}
