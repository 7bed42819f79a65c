/// Turns what a user typed as a tag into its stored form.
public enum TagNormalizer {
    public static let maxLength = 64

    /// `#Work` → `work`. Nil when nothing usable remains or the tag contains whitespace.
    public static func normalize(_ raw: String) throws(TaskValidationError) -> String {
        // As a title: spaces, tabs and line breaks at the ends are trimmed; any other control
        // character is refused there as inside ("a\u{2028}" is not stored as "a").
        let trimmed = raw.trimmingASCIIWhitespace().canonicallyComposed
        if let control = trimmed.unicodeScalars.first(where: \.isControlCharacter) {
            throw .invalidTag(raw, reason: "contains the character \(control.escaped(asASCII: true))")
        }
        var tag = trimmed.trimmingWhitespace()
        while tag.hasPrefix("#") { tag.removeFirst() }
        tag = tag.lowercased()
        guard !tag.isEmpty else { throw .invalidTag(raw, reason: "is empty") }
        guard tag.unicodeScalars.count <= maxLength else { throw .invalidTag(raw, reason: "is longer than \(maxLength) characters") }
        for scalar in tag.unicodeScalars {
            if scalar.properties.isWhitespace { throw .invalidTag(raw, reason: "contains a space") }
            // Invisible format characters (zero-width spaces, bidi overrides) would let two tags
            // that look alike differ, or one look like another; the joiner of emoji sequences stays.
            if scalar.isControlCharacter || scalar == "," || scalar == "#"
                || scalar.properties.generalCategory == .format && scalar != "\u{200D}" {
                throw .invalidTag(raw, reason: "contains the character \(scalar.escaped(asASCII: true))")
            }
        }
        return tag
    }

    /// Normalises and de-duplicates, keeping first-seen order.
    public static func normalize(_ raws: [String]) throws(TaskValidationError) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for raw in raws {
            let tag = try normalize(raw)
            if seen.insert(tag).inserted { tags.append(tag) }
        }
        return tags
    }
}

extension String {
    /// Trims spaces, tabs, carriage returns and line feeds at both ends, and nothing else.
    public func trimmingASCIIWhitespace() -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }

    /// Trims Unicode whitespace and newlines at both ends.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
