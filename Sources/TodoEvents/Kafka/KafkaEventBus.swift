import CRdKafka
import Foundation
import Synchronization
import TodoLog
import TodoStore

/// The bus on Kafka through librdkafka (DESIGN §3). The producer is idempotent with
/// `acks=all`, keyed by the user id so one user's events stay in one partition and in order;
/// `publish` returns only after every message's delivery report came back, and fails after
/// `KafkaSettings.publishTimeout` when the broker does not answer. Each subscription is
/// a consumer in the group named after the service, committing a message's offset only after
/// its handler succeeded (or it went to the dead-letter topic); a batch subscription's handler
/// gets the messages already fetched, up to its batch size, at once.
public final class KafkaEventBus: EventBus, @unchecked Sendable {
    public let kind = "kafka"
    /// Fewer waits for delivery reports (47k events/s at 1 000, 58k+ at 5 000).
    public let relayBatchSize = 5_000
    public let sharesOutboxDatabase = false
    public var publishTimeout: TimeInterval? { settings.publishTimeout }
    public let settings: KafkaSettings
    let store: EventLogStore
    let metrics: EventMetrics
    let policy: RetryPolicy
    let log: EventLogLine
    let callbacks: KafkaCallbacks
    /// One publisher at a time (the relay, or a consumer sending a dead letter).
    private let producerLock = NSLock()
    private var producer: OpaquePointer?
    private var topicHandles: [String: OpaquePointer] = [:]
    private let subscriptions = Mutex<[KafkaSubscription]>([])
    private let topicsEnsured = Atomic<Bool>(false)
    /// When creating the topics was last tried: a broker that is away is not asked on every publish.
    private var topicsTried = Date.distantPast
    /// How often a broker that refused or ignored creating the topics is asked again: each ask
    /// may wait for an unreachable broker, so not at every subscription or publish.
    static let topicCreationInterval: TimeInterval = 60

    public init(settings: KafkaSettings, store: EventLogStore, metrics: EventMetrics, policy: RetryPolicy = RetryPolicy(),
                log: @escaping EventLogLine) throws(SettingError) {
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.policy = policy
        self.log = log
        callbacks = KafkaCallbacks(log: log, metrics: metrics)
        producer = try makeProducer()
    }

    deinit {
        close()
    }

    private func makeProducer() throws(SettingError) -> OpaquePointer {
        try settings.makeClient(RD_KAFKA_PRODUCER, clientID: "todo-relay",
                                properties: [("enable.idempotence", "true"), ("acks", "all"), ("linger.ms", "5"),
                                             ("partitioner", "murmur2_random")]) { conf in
            callbacks.install(on: conf)
            rd_kafka_conf_set_dr_msg_cb(conf, kafkaDeliveryReport)
        }
    }

    // MARK: Publishing

    /// Fails with a timeout after `settings.publishTimeout` in all (the messages not yet
    /// reported may still arrive later: the relay sends them again, consumers dedupe by id).
    public func publish(_ messages: [TopicMessage]) throws {
        guard !messages.isEmpty else { return }
        let deadline = Date(timeIntervalSinceNow: settings.publishTimeout)
        guard producerLock.lock(before: deadline) else {
            throw KafkaError("publish", RD_KAFKA_RESP_ERR__TIMED_OUT,
                             detail: "another publish held the producer for \(Self.seconds(settings.publishTimeout)); is the broker stalled?")
        }
        defer { producerLock.unlock() }
        guard let producer else { throw KafkaError("publish", RD_KAFKA_RESP_ERR__DESTROY) }
        if !topicsEnsured.load(ordering: .relaxed) { ensureTopics(producer, before: deadline) }
        let batch = DeliveryBatch()
        var failure: KafkaError?
        for message in messages {
            let topic = topicHandle(message.topic, producer)
            var payload = Array(message.payload.utf8)
            let key = Array(message.key.utf8)
            while true {
                let context = Unmanaged.passRetained(batch).toOpaque()
                let result = payload.withUnsafeMutableBytes { payloadBytes in
                    key.withUnsafeBytes { keyBytes in
                        rd_kafka_produce(topic, todo_rdkafka_partition_unassigned(), todo_rdkafka_msg_flag_copy(),
                                         payloadBytes.baseAddress, payloadBytes.count, keyBytes.baseAddress, keyBytes.count, context)
                    }
                }
                if result == 0 {
                    batch.produced()
                    break
                }
                Unmanaged<DeliveryBatch>.fromOpaque(context).release()
                let code = rd_kafka_last_error()
                if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    rd_kafka_poll(producer, 10)
                    continue
                }
                failure = KafkaError("produce to \(message.topic)", code)
                break
            }
            if failure != nil { break }
        }
        // librdkafka reports a queued message at the latest after message.timeout.ms, but one
        // in flight to a broker that stopped answering only when its request times out.
        while !batch.isComplete {
            guard Date() < deadline else {
                replaceStalledProducer(producer)
                throw KafkaError("publish", RD_KAFKA_RESP_ERR__TIMED_OUT,
                                 detail: "no delivery report within \(Self.seconds(settings.publishTimeout)); is the broker stalled?")
            }
            rd_kafka_poll(producer, 5)
        }
        if let failure {
            forgetTopicsIfMissing(rd_kafka_resp_err_t(rawValue: failure.code))
            throw failure
        }
        if let code = batch.firstError {
            forgetTopicsIfMissing(code)
            try recoverIfFatal(producer)
            throw KafkaError("delivery", code)
        }
    }

    /// An idempotent producer that hit a fatal error (the broker lost its state, say) cannot
    /// go on: a new one takes its place, and the relay sends the batch again.
    private func recoverIfFatal(_ handle: OpaquePointer) throws {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        log(.error, "kafka producer hit a fatal error, starting a new one", [("error", KafkaSettings.text(text))])
        destroyProducer()
        producer = try makeProducer()
    }

    /// A producer whose messages got no delivery report in time is not trusted with the next
    /// try: a broker restarted without its state no longer knows the idempotent producer's id
    /// (it answers UNKNOWN_PRODUCER_ID, and librdkafka keeps retrying the same queue), and a
    /// stalled one holds its queue. What it still holds is dropped (the relay sends the batch
    /// again; consumers dedupe by event id) and a new producer takes its place.
    private func replaceStalledProducer(_ handle: OpaquePointer) {
        log(.warning, "kafka producer got no delivery reports in time, starting a new one", [])
        metrics.increment("todo_kafka_producer_restarts_total")
        rd_kafka_purge(handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
        // The purged messages' reports release their contexts.
        rd_kafka_poll(handle, 0)
        destroyProducer()
        producer = try? makeProducer()
    }

    /// A broker that lost its topics (restarted without its data) is asked to create them again
    /// at the relay's next try, not only once per process. It answered, so asking is quick.
    private func forgetTopicsIfMissing(_ code: rd_kafka_resp_err_t) {
        guard code == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || code == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC else { return }
        topicsEnsured.store(false, ordering: .relaxed)
        topicsTried = .distantPast
    }

    private func topicHandle(_ name: String, _ producer: OpaquePointer) -> OpaquePointer {
        if let handle = topicHandles[name] { return handle }
        let handle = rd_kafka_topic_new(producer, name, nil)!
        topicHandles[name] = handle
        return handle
    }

    static func seconds(_ interval: TimeInterval) -> String { String(format: "%g s", interval) }

    /// Creates the product's topics and their dead-letter topics when missing; a broker that
    /// creates topics itself, or refuses, is fine: the failure is logged, publishing goes on.
    /// Called with the producer lock held, so it waits for the broker until `deadline` only.
    private func ensureTopics(_ handle: OpaquePointer, before deadline: Date) {
        guard Date().timeIntervalSince(topicsTried) > Self.topicCreationInterval else { return }
        topicsTried = Date()
        let names = EventTopic.all + EventTopic.all.map(EventTopic.deadLetter(of:))
        var error = [CChar](repeating: 0, count: 256)
        var newTopics: [OpaquePointer?] = names.compactMap { rd_kafka_NewTopic_new($0, settings.partitions, -1, &error, error.count) }
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        let waitMilliseconds = Int32(max(0, min(5, deadline.timeIntervalSinceNow)) * 1000)
        rd_kafka_AdminOptions_set_request_timeout(options, max(1, waitMilliseconds), &error, error.count)
        rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, waitMilliseconds) else {
            log(.warning, "kafka: no answer to creating the topics; the broker may create them itself", [])
            return
        }
        defer { rd_kafka_event_destroy(event) }
        if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
            log(.warning, "kafka: cannot create the topics", [("error", String(cString: rd_kafka_event_error_string(event)))])
            return
        }
        if let result = rd_kafka_event_CreateTopics_result(event) {
            var count = 0
            if let topics = rd_kafka_CreateTopics_result_topics(result, &count) {
                for index in 0..<count {
                    let code = rd_kafka_topic_result_error(topics[index])
                    guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
                    log(.warning, "kafka: cannot create a topic", [("topic", String(cString: rd_kafka_topic_result_name(topics[index]))),
                                                                 ("error", String(cString: rd_kafka_err2str(code)))])
                }
            }
        }
        topicsEnsured.store(true, ordering: .relaxed)
    }

    // MARK: Subscribing

    public func subscribe(topic: String, group: String, handler: @escaping EventHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: handler, batch: nil)
    }

    /// Hands over what the consumer has fetched, up to `maxBatch` messages, in one call; the
    /// batch's offsets are committed after it.
    public func subscribe(topic: String, group: String, maxBatch: Int, batchHandler: @escaping EventBatchHandler) throws -> any EventSubscription {
        try subscribe(topic: topic, group: group, handler: { try batchHandler([$0]) },
                      batch: SubscriptionBatch(handler: batchHandler, size: maxBatch))
    }

    private func subscribe(topic: String, group: String, handler: @escaping EventHandler,
                           batch: SubscriptionBatch?) throws -> any EventSubscription {
        // Joining a group whose topic does not exist yet would wait for a metadata refresh.
        let deadline = Date(timeIntervalSinceNow: settings.publishTimeout)
        if !topicsEnsured.load(ordering: .relaxed), producerLock.lock(before: deadline) {
            if let producer { ensureTopics(producer, before: deadline) }
            producerLock.unlock()
        }
        let office = DeadLetterOffice(store: store, metrics: metrics) { [weak self] messages in
            guard let self else { throw KafkaError("publish", RD_KAFKA_RESP_ERR__DESTROY) }
            try self.publish(messages)
        }
        let delivery = EventDelivery(topic: topic, group: group, handler: handler, policy: policy, metrics: metrics,
                                     deadLetters: office, log: log)
        let subscription = try KafkaSubscription(settings: settings, delivery: delivery, batch: batch, callbacks: callbacks, log: log)
        subscriptions.withLock { $0.append(subscription) }
        subscription.start()
        return subscription
    }

    public func close() {
        for subscription in subscriptions.withLock({ list in defer { list.removeAll() }; return list }) { subscription.stop() }
        producerLock.lock()
        destroyProducer()
        producerLock.unlock()
    }

    private func destroyProducer() {
        guard let handle = producer else { return }
        rd_kafka_flush(handle, 5_000)
        for topic in topicHandles.values { rd_kafka_topic_destroy(topic) }
        topicHandles.removeAll()
        rd_kafka_destroy(handle)
        producer = nil
    }
}

/// The delivery reports of one publish call.
final class DeliveryBatch: @unchecked Sendable {
    private let state = Mutex<(produced: Int, reported: Int, firstError: rd_kafka_resp_err_t?)>((0, 0, nil))

    func produced() { state.withLock { $0.produced += 1 } }

    func report(_ code: rd_kafka_resp_err_t) {
        state.withLock {
            $0.reported += 1
            if code != RD_KAFKA_RESP_ERR_NO_ERROR, $0.firstError == nil { $0.firstError = code }
        }
    }

    var isComplete: Bool { state.withLock { $0.reported >= $0.produced } }
    var firstError: rd_kafka_resp_err_t? { state.withLock { $0.firstError } }
}

/// librdkafka's delivery report: a free function; the message's opaque is its batch, retained
/// once per produced message.
private func kafkaDeliveryReport(_ handle: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?,
                                 _ opaque: UnsafeMutableRawPointer?) {
    guard let message, let context = message.pointee._private else { return }
    Unmanaged<DeliveryBatch>.fromOpaque(context).takeRetainedValue().report(message.pointee.err)
}

/// Where librdkafka's errors and logs go: our log lines and metrics. Handed to C as the
/// client's opaque; it outlives every client (the bus holds it).
final class KafkaCallbacks: Sendable {
    let log: EventLogLine
    let metrics: EventMetrics

    init(log: @escaping EventLogLine, metrics: EventMetrics) {
        self.log = log
        self.metrics = metrics
    }

    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_error_cb(conf, kafkaError)
        rd_kafka_conf_set_log_cb(conf, kafkaLog)
    }
}

private func kafkaError(_ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let callbacks = Unmanaged<KafkaCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let text = reason.map { String(cString: $0) } ?? "unknown"
    callbacks.metrics.increment("todo_kafka_errors_total", [("error", String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code))))])
    callbacks.log(.error, "kafka client error", [("error", text)])
}

private func kafkaLog(_ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?) {
    guard let handle, level <= 4, let opaque = rd_kafka_opaque(handle) else { return }
    let callbacks = Unmanaged<KafkaCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    callbacks.log(level <= 3 ? .error : .warning, "kafka: " + (message.map { String(cString: $0) } ?? ""),
                  [("facility", facility.map { String(cString: $0) } ?? "")])
}
