import Foundation
import TodoCore

/// A CloudEvents 1.0 event in the structured JSON format, with the extensions of DESIGN §6:
/// `partitionkey` (the user id, for per-user order), `sequence` (per user, increasing) and
/// `traceparent` (W3C Trace Context).
public struct CloudEvent: Hashable, Sendable {
    /// `data` as a value, or as JSON text taken from a trusted source (the outbox) and written
    /// out as it is: the relay need not parse and re-encode every task.
    enum DataStorage: Sendable {
        case value(JSONValue)
        case text([UInt8])
    }

    public var id: String
    public var source: String
    public var type: String
    public var subject: String?
    public var time: Date?
    public var dataContentType: String?
    var dataStorage: DataStorage?
    /// The `data` member.
    public var data: JSONValue? {
        get {
            switch dataStorage {
            case .value(let value)?: value
            case .text(let bytes)?: try? JSONParser.parse(bytes)
            case nil: nil
            }
        }
        set { dataStorage = newValue.map(DataStorage.value) }
    }
    public var partitionKey: String?
    public var sequence: Int64?
    public var traceparent: String?
    /// Other extension attributes, by name.
    public var extensions: [String: JSONValue]

    public static let specVersion = "1.0"
    /// Larger events are refused: they would not fit a Kafka message of the default size.
    public static let maxEncodedSize = 512 * 1024

    public init(id: String, source: String, type: String, subject: String? = nil, time: Date? = nil,
                dataContentType: String? = "application/json", data: JSONValue? = nil, partitionKey: String? = nil,
                sequence: Int64? = nil, traceparent: String? = nil, extensions: [String: JSONValue] = [:]) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.dataContentType = dataContentType
        dataStorage = data.map(DataStorage.value)
        self.partitionKey = partitionKey
        self.sequence = sequence
        self.traceparent = traceparent
        self.extensions = extensions
    }

    // MARK: Encoding

    /// The structured JSON form (`application/cloudevents+json`).
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("specversion")
        writer.value(Self.specVersion)
        writer.key("id")
        writer.value(id)
        writer.key("source")
        writer.value(source)
        writer.key("type")
        writer.value(type)
        if let subject {
            writer.key("subject")
            writer.value(subject)
        }
        if let time {
            writer.key("time")
            writer.value(instant: time, offsetSeconds: 0)
        }
        if let dataContentType {
            writer.key("datacontenttype")
            writer.value(dataContentType)
        }
        if let partitionKey {
            writer.key("partitionkey")
            writer.value(partitionKey)
        }
        if let sequence {
            writer.key("sequence")
            writer.value(sequence)
        }
        if let traceparent {
            writer.key("traceparent")
            writer.value(traceparent)
        }
        for name in extensions.keys.sorted() {
            writer.key(escaping: name)
            extensions[name]!.write(to: &writer)
        }
        switch dataStorage {
        case .value(let value)?:
            writer.key("data")
            value.write(to: &writer)
        case .text(let bytes)?:
            writer.key("data")
            writer.raw(bytes)
        case nil: break
        }
        writer.endObject()
        return writer.bytes
    }

    public var encodedString: String { String(decoding: encoded(), as: UTF8.self) }

    public static func == (a: CloudEvent, b: CloudEvent) -> Bool {
        a.id == b.id && a.source == b.source && a.type == b.type && a.subject == b.subject && a.time == b.time
            && a.dataContentType == b.dataContentType && a.partitionKey == b.partitionKey && a.sequence == b.sequence
            && a.traceparent == b.traceparent && a.extensions == b.extensions && a.data == b.data
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(source)
        hasher.combine(type)
    }

    // MARK: Decoding

    /// Reads and validates a structured JSON event; a malformed one is refused whole, with the reason.
    public init(decoding bytes: some Collection<UInt8>) throws(CloudEventError) {
        guard bytes.count <= Self.maxEncodedSize else { throw .tooLarge(bytes: bytes.count, limit: Self.maxEncodedSize) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON("\(error)")
        }
        guard case .object(let members) = json else { throw .notJSON("the event is not a JSON object") }
        // The parser refuses duplicate member names. An event has a dozen members: they are
        // found in place, where hashing each name into a dictionary cost more than the search.
        func member(_ name: String) -> JSONValue? { members.first { $0.0 == name }?.1 }
        func string(_ name: String, required: Bool) throws(CloudEventError) -> String? {
            guard let value = member(name), value != .null else {
                if required { throw .missingAttribute(name) }
                return nil
            }
            guard case .string(let text) = value else { throw .invalidAttribute(name, "must be a string") }
            if required, text.isEmpty { throw .invalidAttribute(name, "must not be empty") }
            return text
        }
        guard let version = try string("specversion", required: true), version == Self.specVersion else {
            throw .invalidAttribute("specversion", "must be \"1.0\"")
        }
        id = try string("id", required: true)!
        source = try string("source", required: true)!
        type = try string("type", required: true)!
        subject = try string("subject", required: false)
        if let text = try string("time", required: false) {
            guard let parsed = RFC3339.parse(text) else { throw .invalidAttribute("time", "must be an RFC 3339 timestamp") }
            time = parsed
        } else {
            time = nil
        }
        dataContentType = try string("datacontenttype", required: false)
        partitionKey = try string("partitionkey", required: false)
        traceparent = try string("traceparent", required: false)
        if let trace = traceparent, !Self.isValidTraceparent(trace) {
            throw .invalidAttribute("traceparent", "must be a W3C traceparent such as 00-<32 hex>-<16 hex>-01")
        }
        switch member("sequence") {
        case nil, .null?: sequence = nil
        case .int(let value)?:
            guard value >= 0 else { throw .invalidAttribute("sequence", "must be a non-negative integer") }
            sequence = value
        case .string(let text)?:
            guard let value = Int64(text), value >= 0 else { throw .invalidAttribute("sequence", "must be a non-negative integer") }
            sequence = value
        default: throw .invalidAttribute("sequence", "must be a non-negative integer")
        }
        if member("data_base64") != nil { throw .invalidAttribute("data_base64", "binary data is not accepted") }
        dataStorage = member("data").map(DataStorage.value)
        var extensions: [String: JSONValue] = [:]
        for (name, value) in members where !Self.attributeNames.contains(name) {
            guard Self.isValidExtensionName(name) else { throw .invalidAttribute(name, "an extension name must be lower-case letters and digits") }
            switch value {
            case .string, .int, .double, .bool: break
            default: throw .invalidAttribute(name, "an extension value must be a string, number or boolean")
            }
            extensions[name] = value
        }
        self.extensions = extensions
    }

    /// The members of the structured form that are not extensions.
    static let attributeNames = ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "partitionkey",
                                 "sequence", "traceparent", "data"]

    static func isValidExtensionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 20 && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// `00-<32 hex>-<16 hex>-<2 hex>`, lower case, version not ff, ids not all zero (W3C Trace Context).
    static func isValidTraceparent(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 55, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D else { return false }
        let isHex = { (byte: UInt8) in (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) }
        for (index, byte) in bytes.enumerated() where index != 2 && index != 35 && index != 52 {
            guard isHex(byte) else { return false }
        }
        let allZero = { (range: Range<Int>) in bytes[range].allSatisfy { $0 == 0x30 } }
        return !(bytes[0] == 0x66 && bytes[1] == 0x66) && !allZero(3..<35) && !allZero(36..<52)
    }
}

/// Why an incoming event was refused.
public enum CloudEventError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case notJSON(String)
    case missingAttribute(String)
    case invalidAttribute(String, String)
    /// A valid CloudEvent of a type this consumer does not know.
    case unknownType(String)
    /// A task event whose `data` lacks what the contract promises.
    case invalidData(String)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): "the event has \(bytes) bytes, more than the \(limit) allowed"
        case .notJSON(let reason): "the event is not valid JSON: \(reason)"
        case .missingAttribute(let name): "the event has no \"\(name)\" attribute"
        case .invalidAttribute(let name, let reason): "the event's \"\(name)\" \(reason)"
        case .unknownType(let type): "unknown event type \"\(type)\""
        case .invalidData(let reason): "the event's data is invalid: \(reason)"
        }
    }

    /// A short label for metrics.
    public var reason: String {
        switch self {
        case .tooLarge: "too_large"
        case .notJSON: "not_json"
        case .missingAttribute, .invalidAttribute: "invalid_attribute"
        case .unknownType: "unknown_type"
        case .invalidData: "invalid_data"
        }
    }
}
