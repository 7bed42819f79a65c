import Foundation

/// Common typos of command words and date words ("tomorow", "compelte", "tmrw", "firday"),
/// corrected word by word before a sentence is read. Only words that are not themselves known
/// and are one edit (an insertion, deletion, substitution or swap of neighbours) from a target
/// are changed, and only from five letters up, so short words in titles stay.
///
/// Two vocabularies: `dates` (quick-add: the words of dates) and `commands` (the chat: those
/// and the command words of its grammar).
public struct TypoCorrector: Sendable {
    /// Abbreviations no edit distance finds.
    let abbreviations: [String: String]
    /// The words typos are corrected to.
    let targets: [String]
    let targetBytes: [[UInt8]]
    let targetSet: Set<String>
    /// The lower-case letters (and digits) words worth a look begin with: a target's or an
    /// abbreviation's first. Every word of every sentence is asked, and most leave on this.
    private let firstBytes: [Bool]
    private let longest: Int

    init(abbreviations: [String: String], targets: [String]) {
        self.abbreviations = abbreviations
        self.targets = targets
        targetBytes = targets.map { Array($0.utf8) }
        targetSet = Set(targets)
        var first = [Bool](repeating: false, count: 256)
        for word in targets + Array(abbreviations.keys) { if let byte = word.utf8.first { first[Int(byte)] = true } }
        firstBytes = first
        longest = (targets + Array(abbreviations.keys)).map(\.utf8.count).max() ?? 0
    }

    static let dateAbbreviations: [String: String] = [
        "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
        "tdy": "today", "2day": "today", "tonite": "tonight", "tues": "tuesday", "thur": "thursday", "thurs": "thursday",
        "nxt": "next", "evry": "every",
    ]
    static let dateTargets = [
        "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// The words of dates, for quick-add.
    public static let dates = TypoCorrector(abbreviations: dateAbbreviations, targets: dateTargets)
    /// Date words and the chat's command words.
    public static let commands = TypoCorrector(
        abbreviations: dateAbbreviations.merging(["pls": "please", "plz": "please"]) { old, _ in old },
        targets: dateTargets + [
            "complete", "delete", "remove", "reschedule", "reopen", "rename", "remind", "priority", "overdue", "undo",
            "finish", "postpone", "yesterday", "reminder", "everything", "completed",
        ])

    /// Real words one edit from a target, never corrected.
    static let known: Set<String> = [
        "deleted", "removed", "finished", "reopened", "renamed", "reminded", "reminders", "mondays", "tuesdays", "wednesdays",
        "thursdays", "fridays", "saturdays", "sundays", "completes", "deletes", "removes", "finishes", "priorities",
        "pleased", "remains", "sundae", "sundry", "finnish", "compete", "competes", "competed", "deplete", "remote", "rewind",
        "overdo", "remainder", "reopens", "remand", "remover", "friday's", "today's", "tonight's", "tomorrow's",
        "toady", "toddy",
    ]

    /// `text` with each word that is a typo of a target replaced by the target (lower-case).
    public func corrected(_ text: String) -> String {
        var changed = false
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard let fix = correction(of: word) else { return word }
            changed = true
            return Substring(fix)
        }
        return changed ? words.joined(separator: " ") : text
    }

    public func correction(of word: Substring) -> String? {
        // A typo keeps its first letter (or is not found here) and is at most one longer than
        // the longest target; punctuation may surround it.
        let bytes = word.utf8
        guard bytes.count >= 3, bytes.count <= longest + 3,
              let initial = bytes.first(where: { !Self.isPunctuation($0) }),
              firstBytes[Int((65...90).contains(initial) ? initial + 32 : initial)] else { return nil }
        // Bytes, not characters: only ASCII words are corrected, and this runs for every word.
        let utf8 = Array(bytes)
        guard utf8.count >= 3, utf8.allSatisfy({ $0 < 128 }) else { return nil }
        var start = 0, end = utf8.count
        while start < end, Self.isPunctuation(utf8[start]) { start += 1 }
        while end > start, Self.isPunctuation(utf8[end - 1]) { end -= 1 }
        let core = utf8[start..<end].map { (65...90).contains($0) ? $0 + 32 : $0 }
        guard !core.isEmpty, core.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) }) else { return nil }
        let lower = String(decoding: core, as: UTF8.self)
        let fix: String
        if let abbreviation = abbreviations[lower] {
            fix = abbreviation
        } else {
            guard core.count >= 5, !Self.known.contains(lower), !targetSet.contains(lower),
                  let index = targetBytes.firstIndex(where: { Self.isOneEditApart(core, $0) }) else { return nil }
            fix = targets[index]
        }
        return String(decoding: utf8[..<start], as: UTF8.self) + fix + String(decoding: utf8[end...], as: UTF8.self)
    }

    /// ASCII punctuation, which may be glued to a word ("tmrw," "firday?").
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte) || (123...126).contains(byte)
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
