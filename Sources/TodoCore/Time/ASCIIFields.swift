extension StringProtocol where SubSequence == Substring {
    /// The pieces between occurrences of an ASCII `separator` (`FREQ=DAILY;COUNT=3` at `;`),
    /// like `split(separator:maxSplits:omittingEmptySubsequences:)` but comparing bytes: splitting
    /// by Character was most of the cost of reading an RRULE.
    func fields(separatedBy separator: Unicode.Scalar, maxSplits: Int = .max, omittingEmpty: Bool = false) -> [Substring] {
        let byte = UInt8(ascii: separator)
        let utf8 = self.utf8
        var fields: [Substring] = []
        var start = utf8.startIndex
        var position = start
        while position < utf8.endIndex, fields.count < maxSplits {
            if utf8[position] == byte {
                if !(omittingEmpty && start == position) { fields.append(self[start..<position]) }
                start = utf8.index(after: position)
            }
            position = utf8.index(after: position)
        }
        if !(omittingEmpty && start == utf8.endIndex) { fields.append(self[start..<utf8.endIndex]) }
        return fields
    }
}
