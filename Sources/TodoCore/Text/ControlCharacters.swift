/// The one rule for the characters no text field may hold: C0 controls (U+0000–U+001F), DEL
/// (U+007F), C1 controls (U+0080–U+009F) and the line and paragraph separators (U+2028,
/// U+2029). Each is invisible or moves the cursor in a terminal, splits a log line, or ends a
/// line where a reader does not expect one. Lone surrogates need no rule: a Swift string cannot
/// hold one. Titles, tags, user names, emails and token names all follow it; a description
/// keeps its line feeds, carriage returns and tabs.
extension Unicode.Scalar {
    public var isControlCharacter: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}

extension StringProtocol {
    /// Whether the text holds a control character; with `allowingLineBreaks`, line feeds,
    /// carriage returns and tabs do not count. Reads the UTF-8 bytes, where the rule's scalars
    /// have fixed patterns (a test checks it agrees with `isControlCharacter` scalar by scalar).
    public func containsControlCharacters(allowingLineBreaks: Bool = false) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case 0x09, 0x0A, 0x0D:
                if !allowingLineBreaks { return true }
            case 0x00...0x1F, 0x7F:
                return true
            case 0x80...0x9F where previous == 0xC2:
                return true // U+0080–U+009F are C2 80 – C2 9F
            case 0xA8...0xA9 where previous == 0x80 && beforePrevious == 0xE2:
                return true // U+2028, U+2029 are E2 80 A8, E2 80 A9
            default:
                break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }
}
