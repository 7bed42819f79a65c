import Foundation
import Testing
import TodoCore
@testable import TodoServices

/// The OpenAPI document's patterns state TodoCore's text rules exactly, character by
/// character: schemathesis holds the server to them (positive_data_acceptance).
@Suite struct TextPatternTests {
    typealias Pattern = APIDocumentation.TextPattern

    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Every scalar up to U+3100 and the separators beyond: all the rules name.
    static let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{1F600}"]

    @Test func theControlCharacterClassIsTheControlCharacterRule() throws {
        for scalar in Self.scalars {
            let text = "a\(Character(scalar))b"
            #expect(try Self.matches(Pattern.withoutControlCharacters, text) == !scalar.isControlCharacter, "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func theWhitespaceClassIsWhatTrimmingTrims() throws {
        for scalar in Self.scalars {
            #expect(try Self.matches("^[\(Pattern.whitespace)]$", String(Character(scalar))) == scalar.properties.isWhitespace,
                    "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// A token's name, as `AccountValidator.tokenName` takes it: trimmed, 1–100 scalars.
    @Test func aTrimmedTextMatchesExactlyWhenItIsNotEmptyNotTooLongAndHasNoControlCharacter() throws {
        let pattern = Pattern.trimmed(maxLength: AccountValidator.maxTokenNameLength)
        let longest = String(repeating: "é", count: 100)
        for text in ["laptop", " laptop\n", "\u{3000}ci runner\t", "a b", "x", "\u{85}x\u{2028}", longest, "  \(longest)\u{85}\u{85}"] {
            #expect(try Self.matches(pattern, text), "\(text.debugDescription)")
            #expect((try? AccountValidator.tokenName(text)) != nil, "\(text.debugDescription)")
        }
        for text in ["", " ", "\n\t", "a\u{0}b", "a\nb", "lap\u{85}top", "x\n\u{1}", longest + "x", " \(longest)x "] {
            #expect(try !Self.matches(pattern, text), "\(text.debugDescription)")
            #expect((try? AccountValidator.tokenName(text)) == nil, "\(text.debugDescription)")
        }
    }
}
