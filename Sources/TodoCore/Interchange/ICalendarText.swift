import Foundation

/// One content line of an iCalendar object (RFC 5545 §3.1): `NAME;PARAM=VALUE:value`.
public struct ICalendarProperty: Hashable, Sendable {
    /// Upper case, as names are case-insensitive.
    public var name: String
    /// Parameter names upper case; values unquoted, several values of one parameter joined by ",".
    public var parameters: [String: String]
    /// The raw value: TEXT still escaped (see `text`), lists still joined by ",".
    public var value: String

    public init(_ name: String, _ parameters: [String: String] = [:], value: String) {
        self.name = name.uppercased()
        self.parameters = parameters
        self.value = value
    }

    public func parameter(_ name: String) -> String? { parameters[name.uppercased()] }

    /// The value read as TEXT (§3.3.11): `\n`, `\,`, `\;` and `\\` unescaped.
    public var text: String { ICalendarText.unescape(value) }

    /// The value read as a list of TEXT (CATEGORIES): split at unescaped commas.
    public var textList: [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for character in value {
            if escaped {
                current.append("\\")
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                items.append(ICalendarText.unescape(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(ICalendarText.unescape(current))
        return items
    }
}

/// A component (`BEGIN:NAME` … `END:NAME`) with its properties and nested components.
public struct ICalendarComponent: Hashable, Sendable {
    public var name: String
    public var properties: [ICalendarProperty]
    public var components: [ICalendarComponent]
    /// The line its BEGIN was on (1-based, after unfolding counts the physical line), for messages.
    public var line: Int

    public init(name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = [], line: Int = 0) {
        self.name = name.uppercased()
        self.properties = properties
        self.components = components
        self.line = line
    }

    /// The first property of that name.
    public func property(_ name: String) -> ICalendarProperty? {
        let name = name.uppercased()
        return properties.first { $0.name == name }
    }

    public func properties(_ name: String) -> [ICalendarProperty] {
        let name = name.uppercased()
        return properties.filter { $0.name == name }
    }

    public func components(_ name: String) -> [ICalendarComponent] {
        let name = name.uppercased()
        return components.filter { $0.name == name }
    }
}

/// Why a text is not an iCalendar object; `line` is the physical line (1-based).
public struct ICalendarSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// Reading and writing iCalendar's text form (RFC 5545 §3.1–3.3): folded lines, parameters, TEXT escapes.
public enum ICalendarText {
    /// The top-level components of `text` (normally one VCALENDAR). Tolerates bare LF line
    /// ends and blank lines, as files written by hand or by other programs often have them.
    public static func parse(_ text: String) throws(ICalendarSyntaxError) -> [ICalendarComponent] {
        var stack: [ICalendarComponent] = []
        var roots: [ICalendarComponent] = []
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (line, number) in unfoldedLines(text) {
            if line.isEmpty { continue }
            let property = try parseLine(line, number: number)
            switch property.name {
            case "BEGIN":
                guard !property.value.isEmpty else { throw ICalendarSyntaxError(line: number, reason: "BEGIN names no component") }
                guard stack.count < 8 else { throw ICalendarSyntaxError(line: number, reason: "components are nested too deep") }
                stack.append(ICalendarComponent(name: String(property.value.prefix(40)), line: number))
            case "END":
                guard let component = stack.popLast() else {
                    throw ICalendarSyntaxError(line: number, reason: "END:\(property.value) without a BEGIN")
                }
                guard component.name == property.value.uppercased() else {
                    throw ICalendarSyntaxError(line: number, reason: "END:\(property.value) closes BEGIN:\(component.name) of line \(component.line)")
                }
                if stack.isEmpty {
                    roots.append(component)
                } else {
                    stack[stack.count - 1].components.append(component)
                }
            default:
                guard !stack.isEmpty else {
                    throw ICalendarSyntaxError(line: number, reason: "\(property.name) outside of any BEGIN:…/END:… component")
                }
                stack[stack.count - 1].properties.append(property)
            }
        }
        if let open = stack.last {
            throw ICalendarSyntaxError(line: open.line, reason: "BEGIN:\(open.name) is never ended")
        }
        return roots
    }

    /// Logical lines and the physical line each starts on: a line starting with a space or tab
    /// continues the previous one (§3.1), its first character dropped.
    static func unfoldedLines(_ text: String) -> [(String, Int)] {
        var lines: [(String, Int)] = []
        var number = 0
        // "\r\n" is one Character in Swift: split at it as at a bare "\n" or "\r".
        for physical in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            number += 1
            if let first = physical.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1].0 += physical.dropFirst()
            } else {
                lines.append((String(physical), number))
            }
        }
        return lines
    }

    /// `NAME *(";" param) ":" value`; parameter values may be quoted (and then hold ":" ";" ",").
    static func parseLine(_ line: String, number: Int) throws(ICalendarSyntaxError) -> ICalendarProperty {
        let characters = Array(line)
        var index = 0
        func readName() -> String {
            let start = index
            while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "-" {
                index += 1
            }
            return String(characters[start..<index])
        }
        let name = readName()
        guard !name.isEmpty else { throw ICalendarSyntaxError(line: number, reason: "a line must start with a property name: \"\(line.prefix(40))\"") }
        var parameters: [String: String] = [:]
        while index < characters.count, characters[index] == ";" {
            index += 1
            let parameter = readName().uppercased()
            guard !parameter.isEmpty, index < characters.count, characters[index] == "=" else {
                throw ICalendarSyntaxError(line: number, reason: "a parameter of \(name.uppercased()) has no \"NAME=value\" form")
            }
            index += 1
            var values: [String] = []
            repeat {
                if index < characters.count, characters[index] == "," { index += 1 }
                if index < characters.count, characters[index] == "\"" {
                    index += 1
                    let start = index
                    while index < characters.count, characters[index] != "\"" { index += 1 }
                    guard index < characters.count else {
                        throw ICalendarSyntaxError(line: number, reason: "a quoted value of parameter \(parameter) is never closed")
                    }
                    values.append(String(characters[start..<index]))
                    index += 1
                } else {
                    let start = index
                    while index < characters.count, !";:,".contains(characters[index]) { index += 1 }
                    values.append(String(characters[start..<index]))
                }
            } while index < characters.count && characters[index] == ","
            parameters[parameter] = values.joined(separator: ",")
        }
        guard index < characters.count, characters[index] == ":" else {
            throw ICalendarSyntaxError(line: number, reason: "property \(name.uppercased()) has no \":\" before its value")
        }
        return ICalendarProperty(name, parameters, value: String(characters[(index + 1)...]))
    }

    /// TEXT with `\\`, `;`, `,` and line breaks escaped (§3.3.11).
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n", "N": result.append("\n")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }

    /// `line` folded into physical lines of at most 75 octets (§3.1), never inside a UTF-8
    /// sequence, each ended by CRLF.
    public static func folded(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 70 * 3 + 2)
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { result += [0x20] }
            result += bytes[start..<end]
            result += [0x0D, 0x0A]
            start = end
            limit = 74 // a continuation line's leading space counts
        }
        return String(decoding: result, as: UTF8.self)
    }
}
