/// Why a JSON text was refused. The offset counts bytes of the UTF-8 text from 0, because a
/// client with a byte buffer in hand can go straight to it; the reason says what to change.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser for request bodies.
///
/// Strict because a body is a contract with clients: whatever one server version lets through
/// (trailing commas, `NaN`, Latin-1, a key given twice) clients come to rely on, and the
/// ambiguous cases would be read differently by different servers. So: exactly one value,
/// valid UTF-8 throughout, no duplicate keys (two titles in one body have no right answer),
/// and bounded nesting so hostile input cannot exhaust the stack of the recursive descent.
///
/// Integers that fit `Int64` stay exact as `.int`; every other number is a `.double`, and one
/// too large for `Double` is refused rather than silently becoming infinity.
public enum JSONParser {
    /// Parses `bytes`, which must hold exactly one JSON value and nothing else but whitespace.
    ///
    /// Generic so that `[UInt8]`, `ArraySlice`, `Data` and raw buffers are parsed in place;
    /// inlinable so the caller's specialisation finds the contiguous storage without a copy.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { parse(buffer: $0, maxDepth: maxDepth) }
            ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, maxDepth: maxDepth) }
        return try result.get()
    }

    /// Parses the UTF-8 form of `text`; offsets in errors count its UTF-8 bytes.
    public static func parse(_ text: String, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parse(buffer: $0, maxDepth: maxDepth) }.get()
    }

    /// The one non-generic entry point; a `Result` because the standard library's buffer
    /// accessors do not forward typed throws.
    @usableFromInline
    static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONSyntaxError> {
        var parser = Parser(bytes: buffer, maxDepth: maxDepth)
        do {
            return .success(try parser.document())
        } catch {
            return .failure(error)
        }
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let zero = UInt8(ascii: "0")
    static let dot = UInt8(ascii: ".")

    var isDigit: Bool { self &- .zero < 10 }
}

/// Recursive descent over a byte buffer. Every read is preceded by an explicit `index < end`
/// test (the buffer's own bounds checks vanish in release builds), so the parser never reads
/// past the input whatever the input is.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var index = 0
    /// Reused for every string that holds escapes, so only the final `String` allocates.
    var scratch: [UInt8] = []

    /// Past this many members an object's duplicate check switches from scanning to a set:
    /// scanning wins for the keys a real body has (a task's JSON, in every task event, has 18:
    /// hashing them was a tenth of decoding the event), hashing stops a body with 100 000 keys
    /// from costing 10¹⁰ comparisons.
    static let linearKeyLimit = 32

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, reason: reason)
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        guard end > 0 else { throw fail("the body is empty; send a JSON value", at: 0) }
        skipWhitespace()
        guard index < end else { throw fail("the body holds only whitespace; send a JSON value", at: index) }
        let result = try value(depth: 0)
        skipWhitespace()
        guard index == end else {
            throw try unexpected("after the JSON value; a body holds exactly one value, so wrap several in an array")
        }
        return result
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// `depth` is the number of containers already open around this value.
    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < end else { throw fail("unexpected end of input; a value was expected", at: index) }
        switch bytes[index] {
        case .quote: return .string(try string())
        case .openBrace: return try object(depth: depth + 1)
        case .openBracket: return try array(depth: depth + 1)
        case .minus, .zero...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: throw try unexpected("where a value (object, array, string, number, true, false or null) was expected")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        for offset in 0..<count where start + offset >= end || bytes[start + offset] != word.utf8Start[offset] {
            throw fail("invalid literal; did you mean \(word)? (true, false and null are lower case and unquoted)", at: start)
        }
        index += count
    }

    func enter(depth: Int) throws(JSONSyntaxError) {
        guard depth <= maxDepth else {
            throw fail("objects and arrays are nested more than \(maxDepth) deep; flatten the document", at: index)
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enter(depth: depth)
        let open = index
        index += 1
        skipWhitespace()
        if index < end, bytes[index] == .closeBrace {
            index += 1
            return .object([])
        }
        var members: [(String, JSONValue)] = []
        var keys: Set<String>? = nil
        var comma = 0
        while true {
            guard index < end else { throw fail("unexpected end of input; the object opened at byte \(open) is not closed", at: index) }
            guard bytes[index] == .quote else {
                if bytes[index] == .closeBrace, !members.isEmpty {
                    throw fail("trailing comma before '}'; remove it", at: comma)
                }
                throw try unexpected("where an object key was expected; keys are strings in double quotes")
            }
            let keyOffset = index
            let key = try string()
            if members.count < Self.linearKeyLimit {
                if members.contains(where: { $0.0 == key }) { throw duplicate(key, at: keyOffset) }
            } else {
                if keys == nil { keys = Set(members.lazy.map(\.0)) }
                if !keys!.insert(key).inserted { throw duplicate(key, at: keyOffset) }
            }
            skipWhitespace()
            guard index < end, bytes[index] == .colon else {
                if index >= end { throw fail("unexpected end of input; ':' and a value must follow the key", at: index) }
                throw try unexpected("where ':' was expected after the object key")
            }
            index += 1
            skipWhitespace()
            members.append((key, try value(depth: depth)))
            skipWhitespace()
            guard index < end else { throw fail("unexpected end of input; the object opened at byte \(open) is not closed", at: index) }
            switch bytes[index] {
            case .comma:
                comma = index
                index += 1
                skipWhitespace()
            case .closeBrace:
                index += 1
                return .object(members)
            default:
                throw try expected("',' or '}' after an object member")
            }
        }
    }

    func duplicate(_ key: String, at offset: Int) -> JSONSyntaxError {
        var writer = JSONWriter(capacity: key.utf8.count + 2)
        writer.value(key.count > 60 ? String(key.prefix(60)) + "…" : key)
        return fail("duplicate key \(writer.string); give each member once", at: offset)
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enter(depth: depth)
        let open = index
        index += 1
        skipWhitespace()
        if index < end, bytes[index] == .closeBracket {
            index += 1
            return .array([])
        }
        var items: [JSONValue] = []
        var comma = 0
        while true {
            guard index < end else { throw fail("unexpected end of input; the array opened at byte \(open) is not closed", at: index) }
            if bytes[index] == .closeBracket, !items.isEmpty {
                throw fail("trailing comma before ']'; remove it", at: comma)
            }
            items.append(try value(depth: depth))
            skipWhitespace()
            guard index < end else { throw fail("unexpected end of input; the array opened at byte \(open) is not closed", at: index) }
            switch bytes[index] {
            case .comma:
                comma = index
                index += 1
                skipWhitespace()
            case .closeBracket:
                index += 1
                return .array(items)
            default:
                throw try expected("',' or ']' after an array element")
            }
        }
    }

    // MARK: Strings

    /// Starts at the opening quote, ends after the closing one.
    mutating func string() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        // Most strings have no escapes: validate in place and decode once.
        while index < end {
            let byte = bytes[index]
            if byte == .quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == .backslash { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            if byte < 0x80 { index += 1 } else { index = try utf8Sequence(at: index) }
        }
        guard index < end else { throw unterminatedString(open) }

        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < end else { throw unterminatedString(open) }
            let byte = bytes[index]
            if byte == .quote {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == .backslash {
                try escape()
                continue
            }
            // A run of ordinary bytes, copied in one go.
            let run = index
            while index < end {
                let byte = bytes[index]
                if byte == .quote || byte == .backslash { break }
                if byte < 0x20 { throw controlCharacter(byte) }
                if byte < 0x80 { index += 1 } else { index = try utf8Sequence(at: index) }
            }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        }
    }

    func unterminatedString(_ open: Int) -> JSONSyntaxError {
        fail("unexpected end of input; the string opened at byte \(open) has no closing '\"'", at: index)
    }

    func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let name = switch byte {
        case 0x0A: "a line feed (write it as \\n)"
        case 0x0D: "a carriage return (write it as \\r)"
        case 0x09: "a tab (write it as \\t)"
        default: "control character U+00\(Self.hex(byte)) (write it as \\u00\(Self.hex(byte)))"
        }
        return fail("\(name) inside a string; control characters must be escaped", at: index)
    }

    /// Starts at the backslash; appends the decoded character to `scratch`.
    mutating func escape() throws(JSONSyntaxError) {
        let start = index
        guard index + 1 < end else { throw fail("unexpected end of input in an escape sequence", at: start) }
        let kind = bytes[index + 1]
        index += 2
        switch kind {
        case .quote: scratch.append(.quote)
        case .backslash: scratch.append(.backslash)
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeAt: start)
            if scalar & 0xFC00 == 0xD800 {
                guard index + 1 < end, bytes[index] == .backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("lone surrogate \\u\(Self.hex(scalar)); a high surrogate must be followed by a low one (\\uDC00–\\uDFFF)", at: start)
                }
                let lowStart = index
                index += 2
                let low = try hex4(escapeAt: lowStart)
                guard low & 0xFC00 == 0xDC00 else {
                    throw fail("lone surrogate \\u\(Self.hex(scalar)); \\u\(Self.hex(low)) after it is not a low surrogate (\\uDC00–\\uDFFF)", at: start)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar & 0xFC00 == 0xDC00 {
                throw fail("lone surrogate \\u\(Self.hex(scalar)); a low surrogate must follow a high one (\\uD800–\\uDBFF)", at: start)
            }
            appendUTF8(scalar)
        default:
            throw fail("invalid escape \(Self.describe(kind)) after '\\'; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: start)
        }
    }

    mutating func hex4(escapeAt start: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < end else { throw fail("unexpected end of input; \\u needs four hex digits", at: start) }
            let byte = bytes[index]
            let digit: UInt8 = switch byte {
            case .zero...UInt8(ascii: "9"): byte - .zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw fail("\\u needs four hex digits (0-9, a-f, A-F)", at: start)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `scalar` is a valid scalar value: surrogates were paired or refused above.
    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The end of the well-formed UTF-8 sequence at `start` (Unicode table 3-7: no overlong
    /// forms, no encoded surrogates, nothing above U+10FFFF), whose lead byte is ≥ 0x80.
    func utf8Sequence(at start: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[start]
        let length: Int, low: UInt8, high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        case 0x80...0xBF: throw invalidUTF8(at: start, "0x\(Self.hex(lead)) is a continuation byte with no lead byte before it")
        case 0xC0, 0xC1: throw invalidUTF8(at: start, "0x\(Self.hex(lead)) starts an overlong encoding")
        default: throw invalidUTF8(at: start, "0x\(Self.hex(lead)) never occurs in UTF-8")
        }
        guard start + 1 < end, bytes[start + 1] & 0xC0 == 0x80 else {
            throw invalidUTF8(at: start, "the sequence starting with 0x\(Self.hex(lead)) is cut short")
        }
        guard (low...high).contains(bytes[start + 1]) else {
            let problem = switch lead {
            case 0xED: "encodes a UTF-16 surrogate (U+D800–U+DFFF)"
            case 0xF4: "encodes a code point above U+10FFFF"
            default: "is an overlong encoding"
            }
            throw invalidUTF8(at: start, "0x\(Self.hex(lead)) 0x\(Self.hex(bytes[start + 1])) \(problem)")
        }
        var next = start + 2
        while next < start + length {
            guard next < end, bytes[next] & 0xC0 == 0x80 else {
                throw invalidUTF8(at: start, "the sequence starting with 0x\(Self.hex(lead)) is cut short")
            }
            next += 1
        }
        return next
    }

    func invalidUTF8(at offset: Int, _ detail: String) -> JSONSyntaxError {
        fail("invalid UTF-8 at byte \(offset): \(detail); send the body encoded as UTF-8", at: offset)
    }

    // MARK: Numbers

    /// Integers are accumulated directly; only fractions, exponents and integers beyond
    /// `Int64` go through the standard library's correctly rounded decimal conversion.
    mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        let negative = bytes[index] == .minus
        if negative { index += 1 }
        guard index < end, bytes[index].isDigit else {
            if index < end, bytes[index] == UInt8(ascii: "I") {
                throw fail("-Infinity is not a JSON number", at: start)
            }
            throw fail("'-' must be followed by a digit", at: start)
        }
        var magnitude: UInt64 = 0
        var fitsUInt64 = true
        if bytes[index] == .zero {
            index += 1
            if index < end, bytes[index].isDigit { throw fail("numbers must not have leading zeros", at: start) }
        } else {
            while index < end, bytes[index].isDigit {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - .zero))
                magnitude = sum
                fitsUInt64 = fitsUInt64 && !o1 && !o2
                index += 1
            }
        }
        var isInteger = true
        if index < end, bytes[index] == .dot {
            isInteger = false
            index += 1
            guard index < end, bytes[index].isDigit else {
                throw fail("a decimal point must be followed by digits (write 1.0 or 1, not 1.)", at: index)
            }
            while index < end, bytes[index].isDigit { index += 1 }
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == .minus { index += 1 }
            guard index < end, bytes[index].isDigit else { throw fail("an exponent must have digits (as in 1e6)", at: index) }
            while index < end, bytes[index].isDigit { index += 1 }
        }
        if isInteger, fitsUInt64 {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw fail("number \(text.count > 40 ? String(text.prefix(40)) + "…" : text) is too large (beyond ±1.8e308)", at: start)
        }
        return .double(double)
    }

    // MARK: Explaining what was found

    /// An error for the byte at `index`, which is not what `context` wanted; recognises what
    /// people coming from JavaScript, Python or YAML tend to write. Throws instead when that
    /// byte starts invalid UTF-8, which is the more useful thing to report.
    func unexpected(_ context: String) throws(JSONSyntaxError) -> JSONSyntaxError {
        let byte = bytes[index]
        if byte >= 0x80 {
            let after = try utf8Sequence(at: index)
            let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<after]), as: UTF8.self)
            let hint = character == "\u{FEFF}" ? "; remove the byte order mark" : ""
            return fail("unexpected '\(character)' (U+\(Self.hex(character.unicodeScalars.first!.value))) \(context)\(hint)", at: index)
        }
        let hint = switch byte {
        case UInt8(ascii: "'"): "; strings and keys take double quotes, not single quotes"
        case UInt8(ascii: "/"): "; JSON has no comments"
        case UInt8(ascii: "+"): "; numbers must not start with '+'"
        case .dot: "; a number needs a digit before the decimal point (0.5, not .5)"
        case UInt8(ascii: "N"), UInt8(ascii: "I"): "; NaN and Infinity are not JSON numbers"
        case UInt8(ascii: "T"), UInt8(ascii: "F"): "; true and false are lower case"
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "$"):
            "; strings and keys must be in double quotes"
        default: ""
        }
        return fail("unexpected \(Self.describe(byte)) \(context)\(hint)", at: index)
    }

    /// "expected …" for the byte at `index`; a non-ASCII byte is named, since it is usually a
    /// typographic quote or a non-breaking space pasted from a word processor.
    func expected(_ what: String) throws(JSONSyntaxError) -> JSONSyntaxError {
        let byte = bytes[index]
        guard byte >= 0x80 else { return fail("expected \(what)", at: index) }
        let after = try utf8Sequence(at: index)
        let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<after]), as: UTF8.self)
        return fail("expected \(what), not '\(character)' (U+\(Self.hex(character.unicodeScalars.first!.value)))", at: index)
    }

    /// A byte as a user would recognise it in their own text.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: "space"
        default: "byte 0x\(hex(byte))"
        }
    }

    static func hex(_ value: some BinaryInteger) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        let width = value.bitWidth == 8 ? 2 : 4
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
