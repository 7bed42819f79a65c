import CSQLite

/// `task_rank(tasks_fts)`: the relevance of a full-text hit, registered on every SQLite
/// connection. Smaller is better, like FTS5's bm25, so listings order it ascending.
///
/// Each occurrence of a search word counts by where it is: title 3, tags 2, description 1,
/// plus 1 when the title starts with it. Unlike bm25 this needs no per-row document length,
/// which FTS5 reads from a separate table for every match: ranking 10 000 matches took ~14 ms
/// with bm25 on this machine, the bulk of a search over a million tasks.
enum SearchRank {
    static let functionName = "task_rank"

    /// What one occurrence of a search word adds, by its column in `tasks_fts` (title,
    /// description, tags) and its token position there. `SearchMatch` scores tasks not yet in
    /// the index with it, so both kinds of hits rank alike.
    static func weight(column: Int32, offset: Int32) -> Double {
        switch column {
        case 0: 3 + (offset == 0 ? 1 : 0)
        case 1: 1
        case 2: 2
        default: 0
        }
    }

    /// The FTS5 extension API of the connection `handle`.
    static func api(of handle: OpaquePointer) -> UnsafeMutablePointer<fts5_api>? {
        var api: UnsafeMutablePointer<fts5_api>?
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK, let statement else { return nil }
        defer { sqlite3_finalize(statement) }
        let rc = withUnsafeMutablePointer(to: &api) { pointer in
            sqlite3_bind_pointer(statement, 1, pointer, "fts5_api_ptr", nil)
            return sqlite3_step(statement)
        }
        return rc == SQLITE_ROW ? api : nil
    }

    /// Registers the function with the connection's FTS5.
    static func register(with api: UnsafeMutablePointer<fts5_api>) -> Int32 {
        guard let create = api.pointee.xCreateFunction else { return SQLITE_ERROR }
        return create(api, functionName, nil, rank, nil)
    }

    private static let rank: fts5_extension_function = { api, context, result, _, _ in
        guard let api, let context, let instanceCount = api.pointee.xInstCount, let instance = api.pointee.xInst else {
            sqlite3_result_null(result)
            return
        }
        var count: Int32 = 0
        guard instanceCount(context, &count) == SQLITE_OK else {
            sqlite3_result_null(result)
            return
        }
        var score = 0.0
        for index in 0..<count {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard instance(context, index, &phrase, &column, &offset) == SQLITE_OK else { continue }
            score += SearchRank.weight(column: column, offset: offset)
        }
        sqlite3_result_double(result, -score)
    }
}
