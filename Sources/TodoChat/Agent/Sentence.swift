import TodoCore

/// A message as the grammar reads it: the text as typed and an ASCII-lower-cased copy of the
/// same length in characters, so a phrase found in the copy cuts the original at the same place
/// (titles keep their case).
struct Sentence: Hashable {
    let text: String
    let lower: String

    init(_ text: some StringProtocol) {
        self.text = String(text)
        // ASCII letters only, byte for byte: the same characters, so offsets carry over.
        lower = String(decoding: text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    var isEmpty: Bool { text.isEmpty }

    /// The rest after the first of `prefixes` that starts it (the list is tried in order).
    func after(_ prefixes: [String]) -> Sentence? {
        for prefix in prefixes where lower.hasPrefix(prefix) {
            return Sentence(text.dropFirst(prefix.count)).trimmed
        }
        return nil
    }

    /// What comes before the first of `suffixes` that ends it.
    func before(_ suffixes: [String]) -> Sentence? {
        for suffix in suffixes where lower.hasSuffix(suffix) {
            return Sentence(text.dropLast(suffix.count)).trimmed
        }
        return nil
    }

    /// The parts before and after the first (or last) `separator`, both non-empty.
    func split(on separator: String, last: Bool = false) -> (Sentence, Sentence)? {
        guard let offset = Self.byteOffset(of: separator, in: lower, last: last) else { return nil }
        let bytes = Array(text.utf8)
        let head = Sentence(String(decoding: bytes[..<offset], as: UTF8.self)).trimmed
        let tail = Sentence(String(decoding: bytes[(offset + separator.utf8.count)...], as: UTF8.self)).trimmed
        guard !head.isEmpty, !tail.isEmpty else { return nil }
        return (head, tail)
    }

    func contains(_ phrase: String) -> Bool { Self.byteOffset(of: phrase, in: lower, last: false) != nil }

    /// Where `needle` starts in `haystack`, in UTF-8 bytes (the original has the same bytes at
    /// the same places, but for ASCII letters' case); a plain byte search, no Foundation.
    static func byteOffset(of needle: String, in haystack: String, last: Bool) -> Int? {
        let pattern = Array(needle.utf8), bytes = Array(haystack.utf8)
        guard !pattern.isEmpty, pattern.count <= bytes.count else { return nil }
        let starts = 0...(bytes.count - pattern.count)
        let matches = { (start: Int) in bytes[start..<(start + pattern.count)].elementsEqual(pattern) }
        return last ? starts.reversed().first(where: matches) : starts.first(where: matches)
    }

    /// Whether the sentence is one of `phrases` exactly.
    func isOne(of phrases: Set<String>) -> Bool { phrases.contains(lower) }

    /// Without surrounding whitespace and the punctuation that ends a clause.
    var trimmed: Sentence {
        let clause = text.trimmingWhitespace()
        var end = clause.endIndex
        while end > clause.startIndex, ",;:".contains(clause[clause.index(before: end)]) { end = clause.index(before: end) }
        let kept = clause[..<end]
        return kept.count == text.count ? self : Sentence(String(kept).trimmingWhitespace())
    }
}
