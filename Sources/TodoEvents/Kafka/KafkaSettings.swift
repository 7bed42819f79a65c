import CRdKafka
import Foundation

/// How to reach the Kafka cluster (DESIGN §6 configuration): `KAFKA_BROKERS`, and the
/// `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`,
/// `KAFKA_SASL_PASSWORD` librdkafka is given as they are.
public struct KafkaSettings: Sendable {
    /// `host:port[,host:port…]`.
    public var brokers: String
    public var securityProtocol: String?
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    /// Partitions of the topics created when missing.
    public var partitions: Int32 = 4
    /// How long librdkafka tries to deliver a message before reporting it failed.
    public var messageTimeout: TimeInterval = 30
    /// The longest one `publish` takes, waiting for the producer, for topic creation and for
    /// delivery reports together. A broker that stops answering (its in-flight requests wait
    /// for librdkafka's request timeout, longer than `messageTimeout`) then fails the publish
    /// instead of freezing every publisher behind it, dead letters included.
    public var publishTimeout: TimeInterval = 10

    public init(brokers: String) {
        self.brokers = brokers
    }

    public init(environment: [String: String]) throws(SettingError) {
        guard let brokers = environment["KAFKA_BROKERS"]?.trimmingCharacters(in: .whitespaces), !brokers.isEmpty else {
            throw SettingError(setting: "KAFKA_BROKERS", reason: "the kafka bus needs the brokers, e.g. KAFKA_BROKERS=127.0.0.1:9092")
        }
        // librdkafka takes any text and retries it forever ("127.0.0.1:notaport" is port 0): a
        // list that cannot name brokers stops start-up instead.
        if let bad = brokers.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !Self.namesABroker($0) }) {
            throw SettingError(setting: "KAFKA_BROKERS",
                               reason: "\"\(bad.prefix(80))\" is not a broker's host:port; give a comma-separated list such as 10.0.0.5:9092,10.0.0.6:9092")
        }
        self.init(brokers: brokers)
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        securityProtocol = value("KAFKA_SECURITY_PROTOCOL")
        saslMechanism = value("KAFKA_SASL_MECHANISM")
        saslUsername = value("KAFKA_SASL_USERNAME")
        saslPassword = value("KAFKA_SASL_PASSWORD")
        // Refuse a bad value now, with the setting's name, rather than at the first publish.
        let conf = try makeConfiguration(clientID: "todo-check", producer: true)
        rd_kafka_conf_destroy(conf)
    }

    /// `host:port` (or `host`, port 9092; `[::1]:9092`; with a `SCHEME://` before it, as
    /// librdkafka allows): a host of letters, digits, dots, dashes and underscores, a port 1–65535.
    static func namesABroker(_ item: String) -> Bool {
        var rest = Substring(item)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        var host = rest, port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty { guard after.hasPrefix(":") else { return false }; port = after.dropFirst() }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            if let colon = rest.lastIndex(of: ":") { host = rest[..<colon]; port = rest[rest.index(after: colon)...] }
            guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }) else { return false }
        }
        if let port { return port.allSatisfy(\.isASCII) && Int(port).map { (1...65_535).contains($0) } == true }
        return true
    }

    /// A librdkafka client with these settings and `properties` (their own names in errors);
    /// `prepare` installs callbacks on the configuration first. The caller destroys the client.
    func makeClient(_ type: rd_kafka_type_t, clientID: String, properties: [(String, String)] = [],
                    prepare: (OpaquePointer) -> Void = { _ in }) throws(SettingError) -> OpaquePointer {
        let conf = try makeConfiguration(clientID: clientID, producer: type == RD_KAFKA_PRODUCER, properties: properties)
        prepare(conf)
        var error = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &error, error.count) else {
            rd_kafka_conf_destroy(conf)
            throw SettingError(setting: "KAFKA_BROKERS", reason: KafkaSettings.text(error))
        }
        return handle
    }

    /// A librdkafka configuration with these settings; the caller owns it.
    func makeConfiguration(clientID: String, producer: Bool, properties: [(String, String)] = []) throws(SettingError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var pairs: [(String, String, String)] = [
            ("KAFKA_BROKERS", "bootstrap.servers", brokers),
            ("", "client.id", clientID),
        ]
        if producer {
            pairs.append(("", "message.timeout.ms", String(Int(messageTimeout * 1000))))
        } else {
            // A subscribed topic created after the consumer joined is noticed within seconds.
            pairs.append(("", "topic.metadata.refresh.interval.ms", "2000"))
        }
        if let securityProtocol { pairs.append(("KAFKA_SECURITY_PROTOCOL", "security.protocol", securityProtocol.lowercased())) }
        if let saslMechanism { pairs.append(("KAFKA_SASL_MECHANISM", "sasl.mechanisms", saslMechanism)) }
        if let saslUsername { pairs.append(("KAFKA_SASL_USERNAME", "sasl.username", saslUsername)) }
        if let saslPassword { pairs.append(("KAFKA_SASL_PASSWORD", "sasl.password", saslPassword)) }
        pairs += properties.map { ("", $0.0, $0.1) }
        for (setting, name, value) in pairs {
            if let reason = KafkaSettings.set(conf, name, value) {
                rd_kafka_conf_destroy(conf)
                throw SettingError(setting: setting.isEmpty ? name : setting, reason: reason)
            }
        }
        return conf
    }

    /// Sets one property; the error librdkafka gives, or nil.
    static func set(_ conf: OpaquePointer, _ name: String, _ value: String) -> String? {
        var error = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, name, value, &error, error.count)
        guard result != RD_KAFKA_CONF_OK else { return nil }
        return text(error)
    }

    /// The text of a NUL-terminated buffer librdkafka filled.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A failure librdkafka reported, with its code's text.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var code: Int32
    public var message: String

    init(_ operation: String, _ code: rd_kafka_resp_err_t, detail: String? = nil) {
        self.operation = operation
        self.code = code.rawValue
        message = detail ?? String(cString: rd_kafka_err2str(code))
    }

    public var description: String { "kafka \(operation) failed: \(message)" }
}
