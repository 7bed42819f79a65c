/// Rewrites the `?` placeholders our shared SQL uses into PostgreSQL's numbered `$1…$n`.
///
/// A `?` inside a string literal (`'…'`, `E'…'`, `$tag$…$tag$`), a quoted identifier (`"…"`) or
/// a comment is text, not a placeholder, and is left alone. (PostgreSQL's JSONB `?` operators
/// therefore cannot be written in our SQL: use `jsonb_exists` and friends instead.)
enum PostgresPlaceholders {
    /// The statement with numbered placeholders, and how many there are.
    static func rewrite(_ sql: String) -> (sql: String, parameterCount: Int) {
        let input = Array(sql.utf8)
        guard input.contains(UInt8(ascii: "?")) else { return (sql, 0) }

        var output: [UInt8] = []
        output.reserveCapacity(input.count + 16)
        var count = 0
        var i = 0
        while i < input.count {
            let byte = input[i]
            let spanStart = i
            switch byte {
            case UInt8(ascii: "?"):
                count += 1
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(count).utf8)
                i += 1
                continue
            case UInt8(ascii: "'"):
                let escapes = i > 0 && (input[i - 1] | 0x20) == UInt8(ascii: "e") && (i < 2 || !isIdentifierByte(input[i - 2]))
                i = endOfQuoted(input, from: i, quote: byte, backslashEscapes: escapes)
            case UInt8(ascii: "\""):
                i = endOfQuoted(input, from: i, quote: byte, backslashEscapes: false)
            case UInt8(ascii: "-") where i + 1 < input.count && input[i + 1] == UInt8(ascii: "-"):
                i = input[i...].firstIndex(of: UInt8(ascii: "\n")) ?? input.count
            case UInt8(ascii: "/") where i + 1 < input.count && input[i + 1] == UInt8(ascii: "*"):
                i = endOfBlockComment(input, from: i)
            case UInt8(ascii: "$") where i == 0 || !isIdentifierByte(input[i - 1]):
                i = endOfDollarQuoted(input, from: i)
            default:
                output.append(byte)
                i += 1
                continue
            }
            // A skipped span: copy it verbatim (`i` is already past it).
            output.append(contentsOf: input[spanStart..<i])
        }
        return (String(decoding: output, as: UTF8.self), count)
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), 0x80...:
            true
        default:
            false
        }
    }

    /// The index just past the closing quote of the literal opening at `start` (a doubled quote
    /// is an escaped quote), or the end of the input when it is unterminated.
    private static func endOfQuoted(_ input: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var i = start + 1
        while i < input.count {
            let byte = input[i]
            if backslashEscapes && byte == UInt8(ascii: "\\") {
                i += 2
            } else if byte == quote {
                if i + 1 < input.count && input[i + 1] == quote {
                    i += 2
                } else {
                    return i + 1
                }
            } else {
                i += 1
            }
        }
        return input.count
    }

    /// The index just past a `/* … */` comment; PostgreSQL's block comments nest.
    private static func endOfBlockComment(_ input: [UInt8], from start: Int) -> Int {
        var depth = 0
        var i = start
        while i + 1 < input.count {
            if input[i] == UInt8(ascii: "/") && input[i + 1] == UInt8(ascii: "*") {
                depth += 1
                i += 2
            } else if input[i] == UInt8(ascii: "*") && input[i + 1] == UInt8(ascii: "/") {
                depth -= 1
                i += 2
                if depth == 0 { return i }
            } else {
                i += 1
            }
        }
        return input.count
    }

    /// The index just past a `$tag$ … $tag$` string opening at `start`, or `start + 1` when the
    /// `$` does not open one (a lone `$` is copied as is).
    private static func endOfDollarQuoted(_ input: [UInt8], from start: Int) -> Int {
        var i = start + 1
        while i < input.count && input[i] != UInt8(ascii: "$") {
            let byte = input[i]
            let allowed = isIdentifierByte(byte) && byte != UInt8(ascii: "$")
                && !(i == start + 1 && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
            guard allowed else { return start + 1 }
            i += 1
        }
        guard i < input.count else { return start + 1 }
        let tag = input[start...i]
        var j = i + 1
        while j + tag.count <= input.count {
            if input[j] == UInt8(ascii: "$") && input[j..<(j + tag.count)].elementsEqual(tag) {
                return j + tag.count
            }
            j += 1
        }
        return input.count
    }
}
