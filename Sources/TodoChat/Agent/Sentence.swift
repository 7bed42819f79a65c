import TodoCore

/// A message as the grammar reads it: the text as typed and an ASCII-lower-cased copy of the
/// same length in characters, so a phrase found in the copy cuts the original at the same place
/// (titles keep their case).
struct Sentence: Hashable {
    let text: String
    let lower: String

    init(_ text: some StringProtocol) {
        self.text = String(text)
        lower = String(text.map { $0.isASCII ? Character($0.lowercased()) : $0 })
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
        guard let range = last ? lower.range(of: separator, options: .backwards) : lower.range(of: separator) else { return nil }
        let start = lower.distance(from: lower.startIndex, to: range.lowerBound)
        let length = lower.distance(from: range.lowerBound, to: range.upperBound)
        let head = Sentence(text.prefix(start)).trimmed, tail = Sentence(text.dropFirst(start + length)).trimmed
        guard !head.isEmpty, !tail.isEmpty else { return nil }
        return (head, tail)
    }

    func contains(_ phrase: String) -> Bool { lower.contains(phrase) }

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
