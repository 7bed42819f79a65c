extension StringProtocol {
    /// `hasSuffix` for an ASCII `suffix`, comparing UTF-8 bytes: the same answer for text that
    /// ends in letters, digits or punctuation (no ASCII character of those joins the one before
    /// it), without `hasSuffix`'s walk back over Characters, which cost the quick-add parser
    /// ~6% of a sentence.
    public func hasASCIISuffix(_ suffix: String) -> Bool {
        let bytes = utf8, tail = suffix.utf8
        guard bytes.count >= tail.count else { return false }
        return bytes.suffix(tail.count).elementsEqual(tail)
    }
}
