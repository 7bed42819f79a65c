/// Turns what a user typed as a tag into its stored form.
public enum TagNormalizer {
    public static let maxLength = 64

    /// `#Work` → `work`. Nil when nothing usable remains or the tag contains whitespace.
    public static func normalize(_ raw: String) throws(TaskValidationError) -> String {
        var tag = raw.trimmingWhitespace()
        while tag.hasPrefix("#") { tag.removeFirst() }
        tag = tag.lowercased()
        guard !tag.isEmpty else { throw .invalidTag(raw, reason: "is empty") }
        guard tag.unicodeScalars.count <= maxLength else { throw .invalidTag(raw, reason: "is longer than \(maxLength) characters") }
        for scalar in tag.unicodeScalars {
            if scalar.properties.isWhitespace { throw .invalidTag(raw, reason: "contains a space") }
            if scalar.isControlCharacter || scalar == "," || scalar == "#" {
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
    /// Trims Unicode whitespace and newlines at both ends.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
