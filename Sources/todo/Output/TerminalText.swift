/// Column arithmetic for text shown in a terminal.
enum TerminalText {
    /// Columns `text` takes: one per character, two for East Asian wide characters and emoji.
    static func width(of text: String) -> Int {
        let asciiCount = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            return high < 0x80 ? bytes.count : nil
        }
        if let asciiCount, let count = asciiCount { return count }
        var width = 0
        for character in text { width += characterWidth(character) }
        return width
    }

    /// `text` cut to at most `maxWidth` columns, ending in "…" when cut.
    static func truncated(_ text: String, toWidth maxWidth: Int) -> String {
        guard width(of: text) > maxWidth, maxWidth > 1 else { return text }
        var result = ""
        var used = 0
        for character in text {
            let columns = characterWidth(character)
            if used + columns > maxWidth - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }

    /// `text` followed by spaces up to `width` columns.
    static func padded(_ text: String, toWidth target: Int) -> String {
        let missing = target - width(of: text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    private static func characterWidth(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
