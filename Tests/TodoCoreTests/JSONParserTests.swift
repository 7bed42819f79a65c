import Foundation
import Testing
import TodoCore
import TodoTestSupport

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808)), // the nearest Double
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("1.0", .double(1)),
        ("1e3", .double(1000)),
        ("1E+3", .double(1000)),
        ("2.5e-3", .double(0.0025)),
        ("0e0", .double(0)),
        ("1e-999", .double(0)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("\"\"", .string("")),
        ("\"plain text\"", .string("plain text")),
        (#""\" \\ \/ \b \f \n \r \t""#, .string("\" \\ / \u{8} \u{C} \n \r \t")),
        (#""\u0041\u00e9\u20AC\u0000""#, .string("Aé€\u{0}")),
        (#""\ud83d\ude00 and \uD834\uDD1E""#, .string("😀 and 𝄞")),
        ("\"Straße 日本 😀\"", .string("Straße 日本 😀")),
        ("\"DEL \u{7F} is no control character to RFC 8259\"", .string("DEL \u{7F} is no control character to RFC 8259")),
        ("\"prefix \\n then ünïcödé and \\\"quotes\\\"\"", .string("prefix \n then ünïcödé and \"quotes\"")),
        ("[]", .array([])),
        ("{}", .object([])),
        ("[1, \"two\", 3.5, true, null, [], {}]", .array([.int(1), .string("two"), .double(3.5), .bool(true), .null, .array([]), .object([])])),
        (" \t\r\n{ \"b\" : 1 ,\n\"a\":[ [ ] , { \"c\" : null } ] }\n ", .object([
            ("b", .int(1)),
            ("a", .array([.array([]), .object([("c", .null)])])),
        ])),
        (#"{"A":1,"a":2,"\u0061b":3,"ab ":4}"#, .object([("A", .int(1)), ("a", .int(2)), ("ab", .int(3)), ("ab ", .int(4))])),
    ])
    func parsesValidDocuments(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test func keepsKeysInDocumentOrder() throws {
        let value = try JSONParser.parse(#"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        let keys: [String] = try #require(value.objectMembers).map(\.0)
        #expect(keys == ["zeta", "alpha", "mid"])
    }

    @Test func parsesATaskCreateBody() throws {
        let value = try JSONParser.parse(Array(Self.taskBody.utf8))
        #expect(value["title"] == .string("Renew passport"))
        #expect(value["priority"] == .string("high"))
        #expect(value["tags"] == .array([.string("admin"), .string("travel"), .string("urgent")]))
        guard case .array(let reminders)? = value["reminders"] else {
            Issue.record("reminders is not an array")
            return
        }
        #expect(reminders.count == 3)
        #expect(reminders[1]["minutes_before"] == .int(1440))
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["title"] == nil)
    }

    @Test func acceptsEveryByteSourceInPlace() throws {
        let bytes: [UInt8] = Array(#"{"k": [1, 2]}"#.utf8)
        let expected = JSONValue.object([("k", .array([.int(1), .int(2)]))])
        #expect(try JSONParser.parse(bytes) == expected)
        #expect(try JSONParser.parse(bytes[...]) == expected)
        #expect(try JSONParser.parse(Data(bytes)) == expected)
        #expect(try bytes.withUnsafeBytes { try JSONParser.parse($0) } == expected)
        // Not contiguous: copied first.
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == expected)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(deep) }
        let objects = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(objects) }
        #expect(throws: Never.self) { try JSONParser.parse("[[[1]]]", maxDepth: 3) }
        #expect(throws: Never.self) { try JSONParser.parse("7", maxDepth: 0) }
    }

    @Test func nestingBeyondTheLimitIsRefusedWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONSyntaxError(offset: 64, reason: "objects and arrays are nested more than 64 deep; flatten the document")) {
            try JSONParser.parse(deep)
        }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[[[1]]]", maxDepth: 2) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[]", maxDepth: 0) }
        // A megabyte of open brackets is refused at the limit, not by a crash.
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: #"{"a":"#, count: 100_000)) }
    }

    @Test func manyKeysAreCheckedForDuplicatesInLinearTime() throws {
        let members = (0..<50_000).map { "\"k\($0)\":\($0)" }
        let value = try JSONParser.parse("{" + members.joined(separator: ",") + "}")
        #expect(value.objectMembers?.count == 50_000)
        #expect(value["k49999"] == .int(49_999))
        let late = "{" + members.joined(separator: ",") + #","k17":0}"#
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(late) }
        // Below the set's threshold (a task's 18 members) the scan finds it too.
        let scanned = "{" + members.prefix(20).joined(separator: ",") + #","k3":0}"#
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(scanned) }
    }

    @Test func roundTripsWhatJSONWriterWrites() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 0, using: &generator)
            var writer = JSONWriter()
            value.write(to: &writer)
            let parsed = try JSONParser.parse(writer.bytes)
            #expect(parsed == Self.asWritten(value), "\(writer.string)")
        }
    }

    @Test(arguments: [
        ("", 0, "the body is empty; send a JSON value"),
        (" \n\t ", 4, "the body holds only whitespace; send a JSON value"),
        ("[1, 2,]", 5, "trailing comma before ']'; remove it"),
        (#"{"a": 1,}"#, 7, "trailing comma before '}'; remove it"),
        ("[,]", 1, "unexpected ',' where a value"),
        ("{'a': 1}", 1, "strings and keys take double quotes, not single quotes"),
        (#"{"a": 'b'}"#, 6, "not single quotes"),
        ("{a: 1}", 1, "unexpected 'a' where an object key was expected; keys are strings in double quotes"),
        (#"{"a" 1}"#, 5, "unexpected '1' where ':' was expected after the object key"),
        (#"{"a": 1 "b": 2}"#, 8, "expected ',' or '}' after an object member"),
        ("[1 2]", 3, "expected ',' or ']' after an array element"),
        ("01", 0, "numbers must not have leading zeros"),
        ("-012", 0, "numbers must not have leading zeros"),
        ("[00]", 1, "numbers must not have leading zeros"),
        ("+1", 0, "numbers must not start with '+'"),
        (".5", 0, "a number needs a digit before the decimal point"),
        ("1.", 2, "a decimal point must be followed by digits"),
        ("1.e5", 2, "a decimal point must be followed by digits"),
        ("1e", 2, "an exponent must have digits"),
        ("1e+", 3, "an exponent must have digits"),
        ("-", 0, "'-' must be followed by a digit"),
        ("NaN", 0, "NaN and Infinity are not JSON numbers"),
        ("Infinity", 0, "NaN and Infinity are not JSON numbers"),
        ("-Infinity", 0, "-Infinity is not a JSON number"),
        ("1e999", 0, "number 1e999 is too large (beyond ±1.8e308)"),
        ("-1.5E400", 0, "too large"),
        ("0x1F", 1, "unexpected 'x' after the JSON value"),
        ("True", 0, "true and false are lower case"),
        ("nul", 0, "invalid literal; did you mean null?"),
        ("[tru]", 1, "invalid literal; did you mean true?"),
        ("falsy", 0, "invalid literal; did you mean false?"),
        ("nulls", 4, "unexpected 's' after the JSON value"),
        (#"{"a": 1} {"b": 2}"#, 9, "unexpected '{' after the JSON value; a body holds exactly one value"),
        ("1 2", 2, "unexpected '2' after the JSON value"),
        ("[1] // done", 4, "JSON has no comments"),
        ("[1]]", 3, "unexpected ']' after the JSON value"),
        ("[1", 2, "unexpected end of input; the array opened at byte 0 is not closed"),
        (#"{"a": [1, {"b": 2}"#, 18, "unexpected end of input; the array opened at byte 6 is not closed"),
        (#"{"a""#, 4, "':' and a value must follow the key"),
        (#"{"a":"#, 5, "unexpected end of input; a value was expected"),
        (#""abc"#, 4, "the string opened at byte 0 has no closing '\"'"),
        (#""a\"#, 2, "unexpected end of input in an escape sequence"),
        (#""\x41""#, 1, "invalid escape 'x' after '\\'"),
        (#""\'""#, 1, "invalid escape '''"),
        (#""\u12""#, 1, "\\u needs four hex digits"),
        (#""\u12G4""#, 1, "\\u needs four hex digits"),
        (#""\uD83D""#, 1, "lone surrogate \\uD83D; a high surrogate must be followed by a low one"),
        (#""\uD83D x""#, 1, "lone surrogate \\uD83D"),
        (#""\uD83D\u0041""#, 1, "\\u0041 after it is not a low surrogate"),
        (#""\uD83D\uD83D""#, 1, "lone surrogate"),
        (#""\uDE00""#, 1, "lone surrogate \\uDE00; a low surrogate must follow a high one"),
        ("\"a\u{0}b\"", 2, "control character U+0000 (write it as \\u0000) inside a string"),
        ("\"line\nbreak\"", 5, "a line feed (write it as \\n) inside a string"),
        ("\"tab\there\"", 4, "a tab (write it as \\t)"),
        ("\"\\n then \u{1F}\"", 9, "control character U+001F"),
        (#"{"title": "a", "title": "b"}"#, 15, "duplicate key \"title\"; give each member once"),
        (#"{"a": {"x": 1, "y": 2, "x": 3}}"#, 23, "duplicate key \"x\""),
        (#"{"a\n": 1, "a\u000a": 2}"#, 11, #"duplicate key "a\n""#),
    ])
    func refusesInvalidText(_ text: String, _ offset: Int, _ reason: String) {
        Self.expectError(Array(text.utf8), at: offset, containing: reason)
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22] as [UInt8], 1, "the sequence starting with 0xC3 is cut short"),
        ([0x22, 0xC0, 0xAF, 0x22], 1, "0xC0 starts an overlong encoding"),
        ([0x22, 0xC1, 0xBF, 0x22], 1, "0xC1 starts an overlong encoding"),
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1, "0xE0 0x80 is an overlong encoding"),
        ([0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], 1, "0xF0 0x8F is an overlong encoding"),
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "0xED 0xA0 encodes a UTF-16 surrogate"),
        ([0x22, 0xED, 0xBF, 0xBF, 0x22], 1, "encodes a UTF-16 surrogate"),
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "0xF4 0x90 encodes a code point above U+10FFFF"),
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1, "0xF5 never occurs in UTF-8"),
        ([0x22, 0xFF, 0x22], 1, "0xFF never occurs in UTF-8"),
        ([0x22, 0x61, 0x80, 0x22], 2, "0x80 is a continuation byte with no lead byte before it"),
        ([0x22, 0xE2, 0x82, 0x22], 1, "the sequence starting with 0xE2 is cut short"),
        ([0x22, 0xF0, 0x9F, 0x98], 1, "the sequence starting with 0xF0 is cut short"),
        ([0x22, 0xE2], 1, "cut short"),
        // Latin-1 "é" in an otherwise fine body, after an escape and in a key.
        (Array(#"{"title": "caf"#.utf8) + [0xE9, 0x22, 0x7D], 14, "the sequence starting with 0xE9 is cut short"),
        (Array(#""\n"#.utf8) + [0xE9, 0x22], 3, "cut short"),
        ([0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D], 2, "0xFE never occurs in UTF-8"),
        // Outside strings, too.
        ([0xEF, 0xBB, 0xBF, 0x31], 0, "unexpected '\u{FEFF}' (U+FEFF) where a value (object, array, string, number, true, false or null) was expected; remove the byte order mark"),
        ([0x5B, 0xC0, 0x80, 0x5D], 1, "0xC0 starts an overlong encoding"),
        ([0x31, 0x20, 0xFF], 2, "0xFF never occurs in UTF-8"),
        ([0x5B, 0x31, 0xE2, 0x80, 0x9C, 0x5D], 2, "expected ',' or ']' after an array element, not '\u{201C}' (U+201C)"),
        ([0x5B, 0x31, 0xC2, 0xA0, 0x5D], 2, "not '\u{A0}' (U+00A0)"),
        ([0x5B, 0x31, 0xC2, 0x5D], 2, "the sequence starting with 0xC2 is cut short"),
    ])
    func refusesInvalidUTF8(_ bytes: [UInt8], _ offset: Int, _ reason: String) {
        Self.expectError(bytes, at: offset, containing: reason)
        if !reason.contains("U+") {
            Self.expectError(bytes, at: offset, containing: "invalid UTF-8 at byte \(offset): ")
        }
    }

    @Test func errorsSayWhereAndWhat() {
        let expected = JSONSyntaxError(offset: 17, reason: "expected ',' or '}' after an object member")
        #expect(throws: expected) { try JSONParser.parse(#"{"title": "abcd" 1}"#) }
        #expect(expected.description == "invalid JSON at byte 17: expected ',' or '}' after an object member")
    }

    @Test func typeNamesAreJSONs() {
        let cases: [(JSONValue, String)] = [
            (.null, "null"), (.bool(false), "boolean"), (.int(1), "number"), (.double(1.5), "number"),
            (.string(""), "string"), (.array([]), "array"), (.object([]), "object"),
        ]
        for (value, name) in cases {
            #expect(value.typeName == name)
        }
        #expect(JSONValue.array([]).objectMembers == nil)
        #expect(JSONValue.object([]).objectMembers?.isEmpty == true)
    }

    // MARK: Helpers

    static func expectError(_ bytes: [UInt8], at offset: Int, containing reason: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let value = try JSONParser.parse(bytes)
            Issue.record("parsed \(String(decoding: bytes, as: UTF8.self).debugDescription) as \(value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.contains(reason), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("invalid JSON at byte \(offset): "), sourceLocation: sourceLocation)
        }
    }

    static let taskBody = """
    {
      "title": "Renew passport",
      "description": "Book an appointment at the Bürgeramt and bring two photos (35×45 mm).\\nCheck the fee first.",
      "tags": ["admin", "travel", "urgent"],
      "due_at": "2026-11-24T10:00:00+01:00",
      "time_zone": "Europe/Berlin",
      "priority": "high",
      "reminders": [
        {"minutes_before": 60, "channel": "push"},
        {"minutes_before": 1440, "channel": "email"},
        {"minutes_before": 10080, "channel": "push"}
      ]
    }
    """

    /// The value as JSONWriter renders it: integral doubles below 1e15 become integers.
    static func asWritten(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: .int(Int64(d))
        case .array(let items): .array(items.map(asWritten))
        case .object(let members): .object(members.map { ($0.0, asWritten($0.1)) })
        default: value
        }
    }

    private static func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 4 ? 6 : 8), using: &generator)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let magnitude = [Int64(9), 1000, 1 << 40, .max].randomElement(using: &generator)!
            return .int(Int64.random(in: -magnitude...magnitude, using: &generator) | (Bool.random(using: &generator) ? 0 : .min))
        case 3:
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            return .double(d.isFinite ? d : Double.random(in: -1e6...1e6, using: &generator))
        case 4, 5: return .string(randomString(using: &generator))
        case 6:
            return .array((0..<Int.random(in: 0...5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            let count = Int.random(in: 0...5, using: &generator)
            return .object((0..<count).map { index in
                ("\(randomString(using: &generator))#\(index)", randomValue(depth: depth + 1, using: &generator))
            })
        }
    }

    private static func randomString(using generator: inout SplitMix64) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€", "\u{FFFF}", "😀", "\u{10FFFF}"]
        var text = ""
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
        }
        return text
    }
}
