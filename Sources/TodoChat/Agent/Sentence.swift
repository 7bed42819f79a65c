import TodoCore

/// A message as the grammar reads it: the text as typed and an ASCII-lower-cased copy with the
/// same bytes but for the case of ASCII letters, so a phrase found in the copy cuts the
/// original at the same place (titles keep their case). Phrases are compared as UTF-8 bytes:
/// the grammar's phrases are ASCII, and a byte comparison costs no grapheme breaking.
struct Sentence: Hashable {
    let text: String
    let lower: String
    /// `lower`'s UTF-8 bytes (also `text`'s, but for the case of ASCII letters).
    let bytes: [UInt8]

    init(_ text: some StringProtocol) {
        var text = String(text)
        bytes = text.withUTF8 { utf8 in utf8.map { (65...90).contains($0) ? $0 + 32 : $0 } }
        self.text = text
        lower = String(decoding: bytes, as: UTF8.self)
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// The original text of `range` (byte offsets).
    private func slice(_ range: Range<Int>) -> Sentence {
        var text = text
        return Sentence(text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }).trimmed
    }

    /// Whether the sentence starts with one of `prefixes` (what `after` finds, without cutting it).
    func starts(withAnyOf prefixes: [String]) -> Bool { prefixes.contains { starts(with: $0) } }

    /// Whether the sentence starts with `prefix`.
    func starts(with prefix: String) -> Bool {
        // Most phrases of the grammar's long lists differ in their first byte: no buffer for those.
        guard let first = prefix.utf8.first else { return true }
        guard first == bytes.first else { return false }
        return Self.withBytes(of: prefix) { prefix in bytes.withUnsafeBufferPointer { Self.has(prefix, in: $0, at: 0) } }
    }

    /// The rest after the first of `prefixes` that starts it (the list is tried in order).
    func after(_ prefixes: [String]) -> Sentence? {
        for prefix in prefixes where starts(with: prefix) {
            return slice(prefix.utf8.count..<bytes.count)
        }
        return nil
    }

    /// What comes before the first of `suffixes` that ends it.
    func before(_ suffixes: [String]) -> Sentence? {
        for suffix in suffixes where Self.lastByte(of: suffix) == bytes.last {
            let length = suffix.utf8.count
            let ends = Self.withBytes(of: suffix) { suffix in bytes.withUnsafeBufferPointer { Self.has(suffix, in: $0, at: $0.count - length) } }
            if ends { return slice(0..<(bytes.count - length)) }
        }
        return nil
    }

    /// The parts before and after the first (or last) `separator`, both non-empty.
    func split(on separator: String, last: Bool = false) -> (Sentence, Sentence)? {
        guard let offset = byteOffset(of: separator, last: last) else { return nil }
        let head = slice(0..<offset), tail = slice((offset + separator.utf8.count)..<bytes.count)
        guard !head.isEmpty, !tail.isEmpty else { return nil }
        return (head, tail)
    }

    func contains(_ phrase: String) -> Bool { byteOffset(of: phrase, last: false) != nil }

    /// Whether `word` stands as a word of its own: "late" is in "running late", not in "plate".
    func containsWord(_ word: String) -> Bool {
        let isLetter = { (byte: UInt8) in byte >= 0x80 || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39 }
        return Self.withBytes(of: word) { pattern in
            bytes.withUnsafeBufferPointer { bytes in
                guard !pattern.isEmpty, pattern.count <= bytes.count else { return false }
                for start in 0...(bytes.count - pattern.count) where Self.has(pattern, in: bytes, at: start) {
                    let end = start + pattern.count
                    if (start == 0 || !isLetter(bytes[start - 1])) && (end == bytes.count || !isLetter(bytes[end])) { return true }
                }
                return false
            }
        }
    }

    /// Whether the sentence is one of `phrases`, punctuation around it aside ("stop repeating!").
    func isOne(of phrases: Set<String>) -> Bool { phrases.contains(lowerWithoutSurroundingPunctuation) }

    /// The same for a short list written in place (an array literal picks this one): compared
    /// one by one, where a `Set` built from the literal hashed every phrase on every call.
    func isOne(of phrases: [String]) -> Bool { phrases.contains(lowerWithoutSurroundingPunctuation) }

    /// `lower` without the punctuation around it: Unicode's punctuation categories, those of
    /// Foundation's `punctuationCharacters`, read without bridging to NSString (6% of a listing
    /// turn's instructions went to trimming through Foundation, once per recognizer).
    private var lowerWithoutSurroundingPunctuation: String {
        // An ASCII letter or digit at each end: nothing to trim, and no Unicode property to look up.
        if let first = bytes.first, let last = bytes.last, Self.isASCIILetterOrDigit(first), Self.isASCIILetterOrDigit(last) { return lower }
        let scalars = lower.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isPunctuation(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isPunctuation(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return start == scalars.startIndex && end == scalars.endIndex ? lower : String(scalars[start..<end])
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: true
        default: false
        }
    }

    /// Where `needle` starts, in UTF-8 bytes.
    func byteOffset(of needle: String, last: Bool) -> Int? {
        Self.withBytes(of: needle) { pattern in
            bytes.withUnsafeBufferPointer { bytes in
                guard !pattern.isEmpty, pattern.count <= bytes.count else { return nil }
                let starts = 0...(bytes.count - pattern.count)
                let matches = { (start: Int) in Self.has(pattern, in: bytes, at: start) }
                return last ? starts.reversed().first(where: matches) : starts.first(where: matches)
            }
        }
    }

    /// The grammar matches its phrases many times a message: compared through raw bytes, not
    /// through `String.UTF8View`'s generic iteration (a fifth of the parse of “what's due
    /// tomorrow?” under callgrind).
    private static func withBytes<Result>(of phrase: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = phrase.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(phrase.utf8).withUnsafeBufferPointer(body)
    }

    /// `phrase.utf8.last` without the generic collection call it was (a tenth of a listing's parse).
    private static func lastByte(of phrase: String) -> UInt8? {
        withBytes(of: phrase) { $0.last }
    }

    /// Whether `pattern`'s bytes are those of `bytes` at `offset`.
    private static func has(_ pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset + pattern.count <= bytes.count else { return false }
        for index in 0..<pattern.count where bytes[offset + index] != pattern[index] { return false }
        return true
    }

    /// Without surrounding whitespace and the punctuation that ends a clause.
    var trimmed: Sentence {
        // Most sentences and slices have none: a look at two bytes, with no copy.
        if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80,
           last != UInt8(ascii: ","), last != UInt8(ascii: ";"), last != UInt8(ascii: ":") {
            return self
        }
        if bytes.isEmpty { return self }
        let clause = text.trimmingWhitespace()
        var end = clause.endIndex
        while end > clause.startIndex, ",;:".contains(clause[clause.index(before: end)]) { end = clause.index(before: end) }
        let kept = clause[..<end]
        return kept.utf8.count == text.utf8.count ? self : Sentence(String(kept).trimmingWhitespace())
    }
}
