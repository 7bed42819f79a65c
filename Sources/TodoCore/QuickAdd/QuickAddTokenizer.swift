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
        // Split on Unicode scalars, not Characters: a sentence is short, but grapheme breaking
        // and Character.isWhitespace were an eighth of the parser's time.
        let scalars = text.unicodeScalars
        var offset = 0
        var currentStart = 0
        var tokenStart: String.UnicodeScalarView.Index?
        func flush(upTo end: String.UnicodeScalarView.Index) {
            guard let start = tokenStart else { return }
            let current = String(scalars[start..<end])
            let lowercased = current.lowercased()
            tokens.append(QuickAddToken(text: current, word: word(of: lowercased), lowercasedText: lowercased, start: currentStart,
                                        end: offset))
            tokenStart = nil
        }
        var position = scalars.startIndex
        while position < scalars.endIndex {
            let scalar = scalars[position]
            if isWhitespace(scalar) {
                flush(upTo: position)
            } else if tokenStart == nil {
                tokenStart = position
                currentStart = offset
            }
            offset += scalar.value > 0xFFFF ? 2 : 1
            position = scalars.index(after: position)
        }
        flush(upTo: scalars.endIndex)
        // Quoted runs: from a token opening a quote to the token that closes it.
        var index = 0
        while index < tokens.count {
            if let byte = tokens[index].text.utf8.first, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte >= 0x80,
               let opener = tokens[index].text.first, let closer = openingQuotes[opener] {
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

    /// What phrases are matched against: `lowercased` without the punctuation around it
    /// ("friday," "(next" "month)" "sunday!" → "friday" "next" "month" "sunday"), a typo of a date
    /// word corrected ("firday" → "friday"). `!` stays where it means something: `!!`, `every!`.
    static func word(of lowercased: String) -> String {
        let bytes = lowercased.utf8
        guard let first = bytes.first, let last = bytes.last else { return lowercased }
        // Most words have nothing around them: no copy.
        if first != UInt8(ascii: "("), first != UInt8(ascii: "["), !isTrailingPunctuation(last) {
            return TypoCorrector.dates.fix(lowercased) ?? lowercased
        }
        var word = Substring(lowercased)
        // Bytes, not Characters: comparing Characters was most of the tokenizer's time.
        while let first = word.utf8.first, first == UInt8(ascii: "(") || first == UInt8(ascii: "["), word.utf8.count > 1 {
            word = word.dropFirst()
        }
        while let last = word.utf8.last, isTrailingPunctuation(last), word.utf8.count > 1, word != "every!" {
            if last == UInt8(ascii: "!"), word.utf8.allSatisfy({ $0 == UInt8(ascii: "!") }) { break }
            word = word.dropLast()
        }
        let bare = String(word)
        return TypoCorrector.dates.fix(bare) ?? bare
    }

    /// `,.;:?!)]` ends a word without being part of it ("friday," → "friday").
    private static func isTrailingPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "!"),
             UInt8(ascii: ")"), UInt8(ascii: "]"): true
        default: false
        }
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }
}

private extension Substring {
    var trimmingTrailingPunctuation: Substring {
        var text = self
        while let last = text.last, ",.;:!?".contains(last) { text = text.dropLast() }
        return text
    }
}
