import Foundation
import Synchronization
import TodoCore
import TodoNet
import TodoStore

/// Where the Dapr sidecar is: `DAPR_HTTP_PORT` (default 3500) on loopback, and the pub/sub
/// component `DAPR_PUBSUB_NAME` (default `kafka-pubsub`).
public struct DaprSettings: Sendable {
    public var host = "127.0.0.1"
    public var httpPort = 3500
    public var pubsubName = "kafka-pubsub"
    public var timeout: TimeInterval = 5

    public init(host: String = "127.0.0.1", httpPort: Int = 3500, pubsubName: String = "kafka-pubsub") {
        self.host = host
        self.httpPort = httpPort
        self.pubsubName = pubsubName
    }

    public init(environment: [String: String]) throws(SettingError) {
        self.init()
        if let text = environment["DAPR_HTTP_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65_535).contains(port) else {
                throw SettingError(setting: "DAPR_HTTP_PORT", reason: "\"\(text)\" is not a port number between 1 and 65535")
            }
            httpPort = port
        }
        if let name = environment["DAPR_PUBSUB_NAME"], !name.isEmpty {
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") }) else {
                throw SettingError(setting: "DAPR_PUBSUB_NAME", reason: "\"\(name)\" is not a component name")
            }
            pubsubName = name
        }
    }
}

/// The sidecar refused or did not answer a publish.
public struct DaprPublishError: Error, Sendable, CustomStringConvertible {
    public var topic: String
    public var status: Int?
    public var detail: String
    public var description: String {
        if let status { return "the Dapr sidecar answered \(status) to a publish to \(topic): \(detail)" }
        return "the Dapr sidecar did not answer a publish to \(topic): \(detail)"
    }
}

/// The bus through a Dapr sidecar's HTTP API: publishes with
/// `POST /v1.0/publish/{pubsub}/{topic}` (the CloudEvent as is, `metadata.partitionKey` = the
/// user id); receives what the sidecar POSTs to the routes `GET /dapr/subscribe` lists, and
/// answers `{"status": "SUCCESS" | "RETRY" | "DROP"}`. The sidecar retries; after the retry
/// policy's attempts an event goes to `<topic>.dlq` and is answered DROP.
public final class DaprEventBus: EventBus {
    public let kind = "dapr"
    /// One HTTP request per message: a batch the sidecar fails halfway is sent again whole.
    public let relayBatchSize = 100
    public let sharesOutboxDatabase = false
    public var publishTimeout: TimeInterval? { settings.timeout }
    public let settings: DaprSettings
    let store: EventLogStore
    let metrics: EventMetrics
    let policy: RetryPolicy
    let log: EventLogLine
    /// The delivery of each subscribed topic, by topic.
    /// The deliveries of each subscribed topic, one per consumer group: with every service in
    /// one process, a sidecar delivers each event of a topic once to the app, and every group
    /// of the process handles it.
    private let routes = Mutex<[String: [EventDelivery]]>([:])
    private let attempts = Mutex<[String: Int]>([:])

    /// The path the sidecar delivers `topic` to.
    public static func route(for topic: String) -> String { "/dapr/events/\(topic)" }

    public init(settings: DaprSettings, store: EventLogStore, metrics: EventMetrics, policy: RetryPolicy = RetryPolicy(),
                log: @escaping EventLogLine) {
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.policy = policy
        self.log = log
    }

    public func publish(_ messages: [TopicMessage]) throws {
        for message in messages { try publish(message) }
    }

    private func publish(_ message: TopicMessage) throws {
        var components = URLComponents()
        components.scheme = "http"
        components.host = settings.host
        components.port = settings.httpPort
        components.path = "/v1.0/publish/\(settings.pubsubName)/\(message.topic)"
        components.queryItems = [URLQueryItem(name: "metadata.partitionKey", value: message.key)]
        let status: Int?, detail: String
        do {
            let response = try HTTPClient.send(HTTPClientRequest(
                method: "POST", url: components.url!.absoluteString, headers: [("Content-Type", "application/cloudevents+json")],
                body: Array(message.payload.utf8), timeout: settings.timeout, maxResponseBytes: 1 << 20))
            (status, detail) = (response.status, String(decoding: response.body.prefix(300), as: UTF8.self))
        } catch {
            (status, detail) = (nil, error.description)
        }
        guard let status, (200..<300).contains(status) else {
            throw DaprPublishError(topic: message.topic, status: status, detail: detail)
        }
    }

    public func subscribe(topic: String, group: String, handler: @escaping EventHandler) throws -> any EventSubscription {
        let office = DeadLetterOffice(store: store, metrics: metrics) { [weak self] messages in try self?.publish(messages) }
        let delivery = EventDelivery(topic: topic, group: group, handler: handler, policy: policy, metrics: metrics,
                                     deadLetters: office, log: log)
        routes.withLock { $0[topic, default: []].append(delivery) }
        return DaprSubscription { [weak self] in
            self?.routes.withLock { $0[topic]?.removeAll { $0.group == group } }
        }
    }

    public func close() {
        routes.withLock { $0.removeAll() }
    }

    /// The body of `GET /dapr/subscribe`: one entry per subscribed topic.
    public func subscriptionsJSON() -> [UInt8] {
        let topics = routes.withLock { $0.filter { !$0.value.isEmpty }.keys.sorted() }
        var writer = JSONWriter(capacity: 256)
        writer.beginArray()
        for topic in topics {
            writer.beginObject()
            writer.key("pubsubname")
            writer.value(settings.pubsubName)
            writer.key("topic")
            writer.value(topic)
            writer.key("route")
            writer.value(Self.route(for: topic))
            writer.key("deadLetterTopic")
            writer.value(EventTopic.deadLetter(of: topic))
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }

    /// What Dapr expects back from a subscription route.
    public enum Status: String, Sendable {
        case success = "SUCCESS", retry = "RETRY", drop = "DROP"
    }

    /// Handles one delivery of the sidecar to `topic`'s route: every group subscribed to the
    /// topic in this process gets the event. Nil when nothing subscribed to that topic (the
    /// route answers 404). The sidecar is asked to deliver again while any group has attempts
    /// left; a group that already applied the event skips it then (`IdempotentConsumer`).
    public func receive(topic: String, body: [UInt8]) -> Status? {
        guard let deliveries = routes.withLock({ $0[topic] }), !deliveries.isEmpty else { return nil }
        let payload = String(decoding: body, as: UTF8.self)
        var statuses: [Status] = []
        for delivery in deliveries {
            statuses.append(receive(payload, by: delivery))
        }
        if statuses.contains(.retry) { return .retry }
        return statuses.contains(.success) ? .success : .drop
    }

    private func receive(_ payload: String, by delivery: EventDelivery) -> Status {
        let (decoded, refusal) = delivery.decode(payload, eventID: "", key: "")
        guard let event = decoded else { return refusal == .interrupted ? .retry : .drop }
        let attemptKey = "\(delivery.group)/\(event.id)"
        let number = attempts.withLock { (counts: inout [String: Int]) -> Int in
            counts[attemptKey, default: 0] += 1
            return counts[attemptKey]!
        }
        let outcome = delivery.attempt(event, payload: payload, key: event.partitionKey ?? event.id, number: number)
        switch outcome {
        case .handled?, .deadLettered?:
            attempts.withLock { _ = $0.removeValue(forKey: attemptKey) }
            return outcome == .handled ? .success : .drop
        case nil, .interrupted?:
            // Attempts remain, or the dead letter could not be written: the sidecar delivers again.
            return .retry
        }
    }
}

final class DaprSubscription: EventSubscription {
    private let onStop: @Sendable () -> Void
    init(onStop: @escaping @Sendable () -> Void) { self.onStop = onStop }
    func stop() { onStop() }
}
