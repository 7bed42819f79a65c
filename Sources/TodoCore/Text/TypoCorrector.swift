import Foundation

/// Common typos of command words and date words ("tomorow", "compelte", "tmrw", "firday"),
/// corrected word by word before a sentence is read. Only words that are not themselves known
/// and are one edit (an insertion, deletion, substitution or swap of neighbours) from a target,
/// keeping its first and last letters, are changed, and only from five letters up, so short
/// words in titles stay (a few short command words' swaps are listed: "moev", "unod"). An edit
/// at the end is how a word becomes another word or a name ("postponed", "reminds", "Frida",
/// "Sundar", "Mondal"), rarely a typo; but the last two letters swapped ("compleet", "fridya")
/// make none, and a command word may lose its last letter ("delet").
///
/// Two vocabularies: `dates` (quick-add: the words of dates) and `commands` (the chat: those
/// and the command words of its grammar).
public struct TypoCorrector: Sendable {
    /// Every typo this corrector knows, lower-case, with its correction: the abbreviations, and
    /// each word of five letters up one edit from a target that is neither a target nor a real
    /// word (`known`). Built once: every word of every sentence is looked up, and one hash of a
    /// short word costs less than comparing it with each target.
    private let typos: [String: String]
    /// The shortest and longest typo, in bytes, and the bytes typos begin with: other words
    /// are not even hashed.
    private let lengths: ClosedRange<Int>
    private let firstBytes: [Bool]

    /// `clippedTargets`: targets whose last letter may be missing as well.
    init(abbreviations: [String: String], targets: [String], clippedTargets: [String] = []) {
        var typos = abbreviations
        var ambiguous: Set<String> = []
        let allTargets = targets + clippedTargets
        for target in allTargets {
            let bytes = Array(target.utf8)
            let variants = Self.oneEditVariants(of: bytes) + [Self.lastTwoSwapped(bytes)]
                + (clippedTargets.contains(target) ? [Array(bytes.dropLast())] : [])
            // A typo keeps the word's first letter: one there is rare, and looking only at
            // words that start like a target leaves most words unhashed.
            for variant in variants where variant.count >= 5 && variant.first == bytes.first {
                let word = String(decoding: variant, as: UTF8.self)
                guard abbreviations[word] == nil, !allTargets.contains(word), !Self.known.contains(word) else { continue }
                // A typo one edit from two targets is left as typed: "tursday" was Tuesday, and
                // the user meant Thursday as likely; a word left is seen, a wrong day is not.
                if let earlier = typos[word], earlier != target { ambiguous.insert(word) } else { typos[word] = target }
            }
        }
        for word in ambiguous { typos[word] = nil }
        self.typos = typos
        let counts = typos.keys.map(\.utf8.count)
        lengths = (counts.min() ?? 0)...(counts.max() ?? 0)
        var first = [Bool](repeating: false, count: 256)
        for typo in typos.keys { first[Int(typo.utf8.first!)] = true }
        firstBytes = first
    }

    /// Deletions, swaps of neighbours, substitutions and insertions of a-z that keep the last
    /// letter where it is.
    static func oneEditVariants(of word: [UInt8]) -> [[UInt8]] {
        var variants: [[UInt8]] = []
        let letters = Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
        for index in word.indices.dropLast() {
            var deleted = word
            deleted.remove(at: index)
            variants.append(deleted)
            if index + 2 < word.count, word[index] != word[index + 1] {
                var swapped = word
                swapped.swapAt(index, index + 1)
                variants.append(swapped)
            }
            for letter in letters where letter != word[index] {
                var substituted = word
                substituted[index] = letter
                variants.append(substituted)
            }
        }
        for index in 0..<word.count {
            for letter in letters {
                var inserted = word
                inserted.insert(letter, at: index)
                variants.append(inserted)
            }
        }
        return variants
    }

    /// A target's last two letters swapped ("compleet", "everythign", "tomorrwo", "fridya"): no
    /// word or name is made so, as a changed or missing last letter makes ("Frida", "Sundar").
    static func lastTwoSwapped(_ word: [UInt8]) -> [UInt8] {
        var swapped = word
        swapped.swapAt(word.count - 2, word.count - 1)
        return swapped
    }

    static let dateAbbreviations: [String: String] = [
        "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
        "tdy": "today", "2day": "today", "tonite": "tonight", "tues": "tuesday", "thur": "thursday", "thurs": "thursday",
        "nxt": "next", "evry": "every", "wek": "week",
        // Two edits from the word, too common to leave: the table holds only typos one edit away.
        "tommorow": "tomorrow", "tommorrow": "tomorrow", "wensday": "wednesday", "wendsday": "wednesday", "wednsday": "wednesday",
        "wedensday": "wednesday", "wedsday": "wednesday",
    ]
    static let dateTargets = [
        "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// The words of dates, for quick-add.
    public static let dates = TypoCorrector(abbreviations: dateAbbreviations, targets: dateTargets)
    /// Date words and the chat's command words.
    public static let commands = TypoCorrector(
        abbreviations: dateAbbreviations.merging(["pls": "please", "plz": "please", "shwo": "show", "lsit": "list", "resheduel": "reschedule",
                                                  "reschedual": "reschedule",
                                                  // Short command words, below the five letters the table's own typos start at.
                                                  "sohw": "show", "lits": "list", "unod": "undo", "udno": "undo", "moev": "move",
                                                  "mvoe": "move", "maek": "make", "mkae": "make", "mrak": "mark", "makr": "mark",
                                                  "tga": "tag"]) { old, _ in old },
        targets: dateTargets + ["yesterday"],
        clippedTargets: [
            "complete", "delete", "remove", "reschedule", "reopen", "rename", "remind", "priority", "overdue", "undo",
            "finish", "postpone", "reminder", "everything", "completed",
        ])

    /// Real words one edit from a target (in its middle), never corrected: every such word of
    /// an English word list, names included.
    static let known: Set<String> = [
        "sundry", "sunray", "finnish", "compete", "competed", "complected", "deplete", "remote", "rewind", "rebind",
        "remainder", "remand", "toady", "toddy", "tokay", "finis",
    ]

    /// `text` with each word that is a typo of a target replaced by the target (lower-case).
    /// Words are found on the bytes, and a word is copied only when its length and first letter
    /// are a typo's: nearly every message has no typo and is returned as it came.
    public func corrected(_ text: String) -> String {
        var text = text
        let fixes: [(range: Range<Int>, fix: String)] = text.withUTF8 { bytes in
            var fixes: [(range: Range<Int>, fix: String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x20 { end += 1 }
                if let fix = correction(of: UnsafeBufferPointer(rebasing: bytes[start..<end])) { fixes.append((start..<end, fix)) }
                start = end + 1
            }
            return fixes
        }
        guard !fixes.isEmpty else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        var next = 0
        text.withUTF8 { bytes in
            for (range, fix) in fixes {
                result.append(contentsOf: bytes[next..<range.lowerBound])
                result.append(contentsOf: fix.utf8)
                next = range.upperBound
            }
            result.append(contentsOf: bytes[next...])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The correction of `word` when it is a typo; `word` must be lower-case and bare (the
    /// quick-add tokenizer's words are).
    public func fix(_ word: String) -> String? {
        let bytes = word.utf8
        guard lengths.contains(bytes.count), let first = bytes.first, firstBytes[Int(first)] else { return nil }
        return typos[word]
    }

    /// `word` with its typo corrected, its punctuation and case around it kept ("Firday?" →
    /// "friday?"); nil when it is no typo. Only ASCII words are corrected.
    public func correction(of word: Substring) -> String? {
        var word = word
        return word.withUTF8 { correction(of: $0) }
    }

    private func correction(of bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0, end = bytes.count
        while start < end, Self.isPunctuation(bytes[start]) { start += 1 }
        while end > start, Self.isPunctuation(bytes[end - 1]) { end -= 1 }
        guard lengths.contains(end - start), firstBytes[Int(Self.lowercased(bytes[start]))] else { return nil }
        let core = bytes[start..<end].map(Self.lowercased)
        guard core.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) }),
              let fixed = fix(String(decoding: core, as: UTF8.self)) else { return nil }
        return String(decoding: bytes[..<start], as: UTF8.self) + fixed + String(decoding: bytes[end...], as: UTF8.self)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }

    /// ASCII punctuation, which may be glued to a word ("tmrw," "firday?").
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte) || (123...126).contains(byte)
    }
}
