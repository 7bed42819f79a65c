/// One whitespace-separated piece of a sentence, with its place in the text.
struct QuickAddToken: Hashable, Sendable {
    /// As typed.
    var text: String
    /// Lower-cased, trailing `,.;:?` removed: what phrases are matched against.
    var word: String
    /// Lower-cased with its punctuation: `!!`, `!High` → `!high`.
    var lowercasedText: String
    /// UTF-16 offsets of `text` in the sentence.
    var start: Int
    var end: Int
    /// Inside quotes: never parsed.
    var isQuoted = false
    /// Understood as part of a phrase: not part of the title.
    var isUsed = false
}

enum QuickAddTokenizer {
    static let openingQuotes: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’", "«": "»"]

    static func tokens(of text: String) -> [QuickAddToken] {
        var tokens: [QuickAddToken] = []
        var offset = 0
        var current = ""
        var currentStart = 0
        func flush() {
            guard !current.isEmpty else { return }
            let lowercased = current.lowercased()
            var word = lowercased
            while let last = word.last, ",.;:?".contains(last), word.count > 1 { word.removeLast() }
            tokens.append(QuickAddToken(text: current, word: word, lowercasedText: lowercased, start: currentStart,
                                        end: currentStart + current.utf16.count))
            current = ""
        }
        for character in text {
            if character.isWhitespace {
                flush()
            } else {
                if current.isEmpty { currentStart = offset }
                current.append(character)
            }
            offset += character.utf16.count
        }
        flush()
        // Quoted runs: from a token opening a quote to the token that closes it.
        var index = 0
        while index < tokens.count {
            if let opener = tokens[index].text.first, let closer = openingQuotes[opener] {
                var end = index
                while end < tokens.count {
                    let candidate = tokens[end].text
                    let body = end == index ? candidate.dropFirst() : Substring(candidate)
                    if body.trimmingTrailingPunctuation.last == closer { break }
                    end += 1
                }
                if end < tokens.count {
                    for i in index...end { tokens[i].isQuoted = true }
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        return tokens
    }
}

private extension Substring {
    var trimmingTrailingPunctuation: Substring {
        var text = self
        while let last = text.last, ",.;:!?".contains(last) { text = text.dropLast() }
        return text
    }
}
