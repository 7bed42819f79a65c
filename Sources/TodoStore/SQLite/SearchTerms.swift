import Foundation

/// How a search is written for SQLite's full-text index.
///
/// The index holds each word glued to its owner's token (`OwnerTokenizer`), so a search is
/// narrowed to one user by the index itself: it reads only that user's entries.
enum SearchTerms {
    /// The FTS5 query: every term a prefix, all required, each phrase starting with the owner
    /// token (which `OwnerTokenizer` glues to the term). Terms hold only letters and digits
    /// (`TaskQuery.searchTerms`), so quoting them keeps FTS5 syntax out.
    static func match(_ terms: [String], owner: UUID) -> String {
        let token = ownerToken(owner)
        return terms.map { "\"\(token) \($0)\"*" }.joined(separator: " ")
    }

    /// `u` and the 32 hex digits of the id: one token for the `unicode61` tokenizer.
    static func ownerToken(_ owner: UUID) -> String {
        "u" + owner.lowercasedString.replacingOccurrences(of: "-", with: "")
    }

    /// The same token computed in SQL from a user id column.
    static func ownerTokenSQL(_ column: String) -> String {
        "'u' || replace(lower(\(column)), '-', '')"
    }
}
