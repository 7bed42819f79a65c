/// One event of a `text/event-stream` (HTML Living Standard, "Server-sent events"): written as
/// `id:`, `event:` and one `data:` line per line of `data`, then a blank line.
public struct ServerSentEvent: Sendable, Equatable {
    /// What the client sends back as `Last-Event-ID` when it reconnects.
    public var id: String?
    public var event: String?
    public var data: String

    public init(id: String? = nil, event: String? = nil, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.utf8.count + 32)
        // A line break inside a field would end it early: ids and names are cut at the first.
        if let id { Self.append(field: "id", Self.singleLine(id), to: &bytes) }
        if let event { Self.append(field: "event", Self.singleLine(event), to: &bytes) }
        var line: [UInt8] = []
        var previous: UInt8 = 0
        for byte in data.utf8 {
            if byte == 0x0A, previous == 0x0D {
                previous = byte
                continue // the LF of a CRLF, already ended by its CR
            }
            previous = byte
            if byte == 0x0A || byte == 0x0D {
                Self.append(field: "data", line, to: &bytes)
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        Self.append(field: "data", line, to: &bytes)
        bytes.append(0x0A)
        return bytes
    }

    /// A comment line: ignored by clients, it keeps proxies from closing an idle stream.
    public static func comment(_ text: String) -> [UInt8] {
        Array(": ".utf8) + singleLine(text) + [0x0A, 0x0A]
    }

    private static func singleLine(_ text: String) -> [UInt8] {
        Array(text.utf8.prefix { $0 != 0x0A && $0 != 0x0D && $0 != 0 })
    }

    private static func append(field: String, _ value: [UInt8], to bytes: inout [UInt8]) {
        bytes += field.utf8
        bytes += ": ".utf8
        bytes += value
        bytes.append(0x0A)
    }
}
