import Foundation
import Testing
import TodoCore

/// The one control-character rule, and every text field that follows it.
@Suite struct ControlCharacterTests {
    @Test(arguments: [
        (0x00, true), (0x09, true), (0x0A, true), (0x1B, true), (0x1F, true), (0x20, false), (0x7E, false),
        (0x7F, true), (0x80, true), (0x85, true), (0x9F, true), (0xA0, false), (0xE9, false),
        (0x2027, false), (0x2028, true), (0x2029, true), (0x202A, false), (0x1F600, false),
    ] as [(UInt32, Bool)])
    func theRuleIsC0DELC1AndTheLineSeparators(_ value: UInt32, _ isControl: Bool) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(scalar.isControlCharacter == isControl)
        #expect("a\(scalar)b".containsControlCharacters() == isControl)
    }

    /// The UTF-8 scan and the scalar rule agree on every scalar of the first planes' interesting
    /// stretch, alone and between multi-byte neighbours (whose bytes must not be misread).
    @Test func theTextScanAgreesWithTheScalarRule() {
        let values = Array(0x00...0x3000) + [0xFEFF, 0xFFFD, 0x10000, 0x1F600, 0x10FFFF]
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["\(scalar)", "é\(scalar)", "\u{2027}\(scalar)€", "\u{2080}\(scalar)"] {
                #expect(text.containsControlCharacters() == scalar.isControlCharacter, "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func aMultiLineFieldKeepsItsLineBreaksAndTabsOnly() {
        #expect(!"line one\nline two\r\n\tindented".containsControlCharacters(allowingLineBreaks: true))
        for other in ["\u{0}", "\u{0B}", "\u{0C}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect("a\(other)b".containsControlCharacters(allowingLineBreaks: true), "\(other.unicodeScalars.first!.value)")
        }
    }

    static let offenders = ["\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}", "\u{2029}"]

    @Test(arguments: offenders)
    func everyOneLineFieldRefusesEveryControlCharacter(_ control: String) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: TaskValidationError.controlCharacters(field: "title")) {
            try TaskDraft(title: "a\(control)b").makeTask(id: UUID(), number: 1, now: now)
        }
        #expect(throws: TaskValidationError.controlCharacters(field: "description")) {
            try TaskDraft(title: "t", description: "a\(control)b").makeTask(id: UUID(), number: 1, now: now)
        }
        #expect(throws: TaskValidationError.self) { try TagNormalizer.normalize("a\(control)b") }
        #expect(throws: AccountValidationError.invalidName("a\(control)b")) { try AccountValidator.name("a\(control)b") }
        #expect(throws: AccountValidationError.invalidTokenName("a\(control)b")) { try AccountValidator.tokenName("a\(control)b") }
        #expect(throws: AccountValidationError.invalidEmail("a\(control)b@example.com")) { try AccountValidator.email("a\(control)b@example.com") }
        #expect(!AccountValidator.isPlausibleEmail("a\(control)b@example.com"))
    }

    /// At either end too: refused, not trimmed away unsaid (an outside check found "a\u{2028}"
    /// stored as "a"); only spaces, tabs and line breaks at the ends are trimmed.
    @Test(arguments: offenders)
    func aControlCharacterAtAnEndIsRefusedNotTrimmed(_ control: String) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: TaskValidationError.controlCharacters(field: "title")) {
            try TaskDraft(title: "abc\(control)").makeTask(id: UUID(), number: 1, now: now)
        }
        #expect(throws: TaskValidationError.self) { try TagNormalizer.normalize("a\(control)") }
        #expect(throws: TaskValidationError.self) { try TagNormalizer.normalize("\(control)a") }
    }

    /// Tags are identifiers: invisible format characters would let look-alikes differ.
    @Test(arguments: ["wo\u{200B}rk", "\u{202E}work", "work\u{2066}", "\u{FEFF}work", "\u{200B}"])
    func aTagRefusesInvisibleFormatCharacters(_ tag: String) {
        #expect(throws: TaskValidationError.self) { try TagNormalizer.normalize(tag) }
    }

    @Test func aTitleOfInvisibleCharactersOnlyIsEmptyAndAnEmojiJoinerIsAllowedInATag() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: TaskValidationError.emptyTitle) { try TaskDraft(title: "\u{200B}\u{2060}").makeTask(id: UUID(), number: 1, now: now) }
        #expect(try TagNormalizer.normalize("👩\u{200D}💻") == "👩\u{200D}💻")
    }

    @Test func aQuickAddSentenceReadsAControlCharacterAsASpace() {
        let parser = QuickAddParser(now: Date(timeIntervalSince1970: 1_800_000_000), zone: TimeZone(identifier: "UTC")!)
        #expect(parser.parse("Call\u{2028}mom\u{85}now\u{7F}please").title == "Call mom now please")
    }
}

@Suite struct HexTests {
    @Test func encodesLowerCaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0F, 0x10, 0xDE, 0xAD, 0xFF]) == "000f10deadff")
        #expect(Hex.encode([UInt8]()) == "")
        for nibble in UInt8(0)...15 { #expect(Hex.digit(nibble) == UInt8(ascii: String(nibble, radix: 16).unicodeScalars.first!)) }
    }
}
