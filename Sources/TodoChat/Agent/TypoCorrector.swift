import Foundation

/// Common typos of command words and weekdays ("tomorow", "compelte", "tmrw", "firday"),
/// corrected word by word before a message is read. Only words that are not themselves known
/// and are one edit (an insertion, deletion, substitution or swap of neighbours) from a command
/// word or weekday are changed, and only from five letters up, so short words in titles stay.
public enum TypoCorrector {
    /// Abbreviations no edit distance finds.
    static let abbreviations: [String: String] = [
        "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
        "tdy": "today", "2day": "today", "tonite": "tonight", "tues": "tuesday", "thur": "thursday", "thurs": "thursday",
        "pls": "please", "plz": "please",
    ]

    /// The words typos are corrected to.
    static let targets = [
        "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "complete", "delete", "remove", "reschedule", "reopen", "rename", "remind", "priority", "overdue", "undo",
        "finish", "postpone", "yesterday", "reminder", "everything", "completed",
    ]

    static let targetBytes = targets.map { Array($0.utf8) }

    /// Real words one edit from a target, never corrected.
    static let known: Set<String> = [
        "deleted", "removed", "finished", "reopened", "renamed", "reminded", "reminders", "mondays", "tuesdays", "wednesdays",
        "thursdays", "fridays", "saturdays", "sundays", "completes", "deletes", "removes", "finishes", "priorities",
        "pleased", "remains", "sundae", "sundry", "finnish", "compete", "competes", "competed", "deplete", "remote", "rewind",
        "overdo", "remainder", "reopens", "thursdays", "remand", "remover", "friday's", "today's", "tonight's", "tomorrow's",
    ]

    /// `text` with each word that is a typo of a target replaced by the target (lower-case).
    public static func corrected(_ text: String) -> String {
        var changed = false
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard let fix = correction(of: word) else { return word }
            changed = true
            return Substring(fix)
        }
        return changed ? words.joined(separator: " ") : text
    }

    static func correction(of word: Substring) -> String? {
        // Keep punctuation glued to the word ("tmrw," "firday?").
        let core = word.drop(while: { $0.isPunctuation }).reversed().drop(while: { $0.isPunctuation }).reversed()
        guard !core.isEmpty, core.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let lower = String(core).lowercased()
        let fix: String
        if let abbreviation = abbreviations[lower] {
            fix = abbreviation
        } else {
            let bytes = Array(lower.utf8)
            guard bytes.count >= 5, !known.contains(lower), !targets.contains(lower),
                  let index = targetBytes.firstIndex(where: { isOneEditApart(bytes, $0) }) else { return nil }
            fix = targets[index]
        }
        let leading = word.prefix(while: { $0.isPunctuation }), trailing = word.reversed().prefix(while: { $0.isPunctuation }).reversed()
        return leading + fix + String(trailing)
    }

    /// Damerau–Levenshtein distance exactly 1 (at most one insertion, deletion, substitution or
    /// adjacent swap), without building a matrix.
    static func isOneEditApart(_ a: String, _ b: String) -> Bool {
        isOneEditApart(Array(a.utf8), Array(b.utf8))
    }

    static func isOneEditApart(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        guard abs(x.count - y.count) <= 1, x != y else { return false }
        var i = 0
        while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
        if x.count == y.count {
            if x[(i + 1)...] == y[(i + 1)...] { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && x[(i + 2)...] == y[(i + 2)...]
        }
        return x.count > y.count ? x[(i + 1)...] == y[i...] : x[i...] == y[(i + 1)...]
    }
}
