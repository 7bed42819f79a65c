/// A JSON value whose objects keep their keys in the order they were built: what the OpenAPI
/// document is assembled from, so that the same routes always give the same bytes (diffs and
/// tests of the document are stable).
public indirect enum OrderedJSON: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: OrderedJSON

        public init(_ key: String, _ value: OrderedJSON) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` in an object (the first, as keys are unique where we build them).
    public subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text, indented by one space a level (as the document was written by hand before).
    public var prettyPrinted: [UInt8] {
        var bytes: [UInt8] = []
        write(to: &bytes, depth: 0)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private func write(to bytes: inout [UInt8], depth: Int) {
        switch self {
        case .string(let text): JSONText.appendQuoted(text, to: &bytes)
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: bytes.append(contentsOf: "null".utf8)
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, to: &bytes, depth: depth) { index, bytes in
                items[index].write(to: &bytes, depth: depth + 1)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, to: &bytes, depth: depth) { index, bytes in
                JSONText.appendQuoted(members[index].key, to: &bytes)
                bytes.append(contentsOf: ": ".utf8)
                members[index].value.write(to: &bytes, depth: depth + 1)
            }
        }
    }

    private func writeContainer(open: Unicode.Scalar, close: Unicode.Scalar, count: Int, to bytes: inout [UInt8], depth: Int,
                                element: (Int, inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: open))
        guard count > 0 else { return bytes.append(UInt8(ascii: close)) }
        for index in 0..<count {
            bytes.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth + 1))
            element(index, &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth))
        bytes.append(UInt8(ascii: close))
    }
}

extension OrderedJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
