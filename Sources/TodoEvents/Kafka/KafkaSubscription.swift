import CRdKafka
import Foundation
import Synchronization
import TodoLog

/// One consumer group member reading one topic on a thread of its own. Offsets are committed
/// per message, synchronously, after its delivery ended (handled or dead-lettered), so a crash
/// or a rebalance redelivers at most the message in hand; partitions are assigned and revoked
/// by librdkafka's group protocol.
final class KafkaSubscription: EventSubscription, @unchecked Sendable {
    private let consumer: OpaquePointer
    private let delivery: EventDelivery
    private let log: EventLogLine
    private let loop = LoopThread()
    private let closed = Atomic<Bool>(false)

    init(settings: KafkaSettings, delivery: EventDelivery, callbacks: KafkaCallbacks, log: @escaping EventLogLine) throws(SettingError) {
        let handle = try settings.makeClient(
            RD_KAFKA_CONSUMER, clientID: delivery.group,
            properties: [("group.id", delivery.group), ("enable.auto.commit", "false"), ("auto.offset.reset", "earliest"),
                         ("enable.partition.eof", "false"),
                         // A short session: a group forms (and a dead member's partitions move) in seconds.
                         ("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000"),
                         // Fetches return within 10 ms when the partition has nothing new: events are live updates.
                         ("fetch.wait.max.ms", "10")],
            prepare: callbacks.install(on:))
        rd_kafka_poll_set_consumer(handle)
        let topics = rd_kafka_topic_partition_list_new(1)
        rd_kafka_topic_partition_list_add(topics, delivery.topic, todo_rdkafka_partition_unassigned())
        let code = rd_kafka_subscribe(handle, topics)
        rd_kafka_topic_partition_list_destroy(topics)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_destroy(handle)
            throw SettingError(setting: "topic \(delivery.topic)", reason: String(cString: rd_kafka_err2str(code)))
        }
        consumer = handle
        self.delivery = delivery
        self.log = log
    }

    func start() {
        loop.start(name: "kafka consumer \(delivery.group)/\(delivery.topic)") { [self] in run() }
    }

    /// Leaves the group (its partitions go to the other members) and frees the consumer.
    func stop() {
        loop.stop()
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        rd_kafka_consumer_close(consumer)
        rd_kafka_destroy(consumer)
    }

    private var isStopping: Bool { loop.isStopping }

    private func run() {
        var lastError = RD_KAFKA_RESP_ERR_NO_ERROR
        while !isStopping {
            guard let message = rd_kafka_consumer_poll(consumer, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let code = message.pointee.err
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                // The same error on every poll is logged once until something else happens.
                if code != lastError {
                    log(.warning, "kafka consumer error", [("group", delivery.group), ("topic", delivery.topic),
                                                        ("error", String(cString: rd_kafka_err2str(code)))])
                }
                lastError = code
                continue
            }
            lastError = RD_KAFKA_RESP_ERR_NO_ERROR
            let payload = message.pointee.payload.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
            } ?? ""
            let key = message.pointee.key.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.key_len), as: UTF8.self)
            } ?? ""
            var outcome = DeliveryOutcome.interrupted
            while !isStopping {
                outcome = delivery.deliver(payload: payload, eventID: "offset-\(message.pointee.partition)-\(message.pointee.offset)",
                                           key: key, isStopping: { isStopping })
                if outcome != .interrupted { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            guard outcome != .interrupted else { break }
            let committed = rd_kafka_commit_message(consumer, message, 0)
            if committed != RD_KAFKA_RESP_ERR_NO_ERROR {
                log(.warning, "kafka consumer cannot commit; the message may come again",
                    [("group", delivery.group), ("topic", delivery.topic), ("error", String(cString: rd_kafka_err2str(committed)))])
            }
        }
    }
}
