import CSQLite

/// `task_search_score(terms, title, description, tags)`: whether a task matches a search, and
/// its `SearchRank` score (NULL when it does not match), computed from the task's text.
///
/// Searches use it for the tasks still in `search_queue` (written since the index was last
/// brought up to date, or changed or deleted since), whose index entries may be missing or
/// stale: so a search sees every committed task without writing the index itself. It splits
/// text with the index's own tokenizer (unicode61) and matches as FTS5 does: every term a
/// phrase whose last token is a prefix, each occurrence weighted like `task_rank`.
final class SearchMatch {
    static let functionName = "task_search_score"

    private let tokenizer: FTS5Tokenizer

    private init(tokenizer: FTS5Tokenizer) {
        self.tokenizer = tokenizer
    }

    /// Registers the function on `handle`.
    static func register(on handle: OpaquePointer, with api: UnsafeMutablePointer<fts5_api>) -> Int32 {
        guard let tokenizer = FTS5Tokenizer(api: api, name: "unicode61", arguments: ["remove_diacritics", "0"]) else { return SQLITE_ERROR }
        let match = Unmanaged.passRetained(SearchMatch(tokenizer: tokenizer)).toOpaque()
        return sqlite3_create_function_v2(handle, functionName, 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, match, searchScore, nil, nil,
                                          releaseSearchMatch)
    }

    /// The tokens of `text`, case-folded as the index stores them.
    fileprivate func tokens(_ text: UnsafePointer<CChar>?, count: Int32, flags: Int32) -> [[UInt8]] {
        let list = TokenList()
        withExtendedLifetime(list) {
            _ = tokenizer.tokenize(text, count: count, flags: flags, context: Unmanaged.passUnretained(list).toOpaque(), callback: collectToken)
        }
        return list.tokens
    }

    /// `-score`, or nil when some term has no occurrence. `terms` are space-separated
    /// (`TaskQuery.searchTerms` holds only letters and digits); `columns` title, description, tags.
    fileprivate func score(terms: [[[UInt8]]], columns: [[[UInt8]]]) -> Double? {
        var score = 0.0
        for phrase in terms {
            guard let last = phrase.last else { return nil }
            var found = false
            for (column, tokens) in columns.enumerated() where tokens.count >= phrase.count {
                for start in 0...(tokens.count - phrase.count) {
                    let exact = zip(phrase.dropLast(), tokens[start...]).allSatisfy { $0 == $1 }
                    guard exact, tokens[start + phrase.count - 1].starts(with: last) else { continue }
                    found = true
                    score += SearchRank.weight(column: Int32(column), offset: Int32(start))
                }
            }
            if !found { return nil }
        }
        return -score
    }
}

private final class TokenList {
    var tokens: [[UInt8]] = []
}

private func collectToken(_ context: UnsafeMutableRawPointer?, _ flags: Int32, _ token: UnsafePointer<CChar>?, _ count: Int32,
                          _ start: Int32, _ end: Int32) -> Int32 {
    guard let context, let token else { return SQLITE_OK }
    // A colocated token is a synonym at the same position; unicode61 makes none.
    if flags & FTS5_TOKEN_COLOCATED != 0 { return SQLITE_OK }
    Unmanaged<TokenList>.fromOpaque(context).takeUnretainedValue().tokens.append(Array(UnsafeRawBufferPointer(start: token, count: Int(count))))
    return SQLITE_OK
}

private func searchScore(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let context, let values, count == 4, let data = sqlite3_user_data(context) else { return }
    let match = Unmanaged<SearchMatch>.fromOpaque(data).takeUnretainedValue()
    func text(_ index: Int, flags: Int32) -> [[UInt8]] {
        let value = values[index]
        let bytes = sqlite3_value_text(value)
        return match.tokens(bytes.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, count: sqlite3_value_bytes(value), flags: flags)
    }
    // Each term is tokenized on its own, as FTS5 tokenizes each quoted phrase of a query.
    let query = sqlite3_value_text(values[0]).map { String(cString: $0) } ?? ""
    let terms = query.split(separator: " ").map { term in
        var term = String(term)
        return term.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                match.tokens($0.baseAddress, count: Int32($0.count), flags: FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX)
            }
        }
    }
    let columns = (1...3).map { text($0, flags: FTS5_TOKENIZE_DOCUMENT) }
    if let score = match.score(terms: terms, columns: columns) {
        sqlite3_result_double(context, score)
    } else {
        sqlite3_result_null(context)
    }
}

private func releaseSearchMatch(_ data: UnsafeMutableRawPointer?) {
    guard let data else { return }
    Unmanaged<SearchMatch>.fromOpaque(data).release()
}
