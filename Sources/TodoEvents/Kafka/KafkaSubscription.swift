import CRdKafka
import Foundation
import Synchronization
import TodoLog

/// One consumer group member reading one topic on a thread of its own. Offsets are committed
/// after delivery ended (handled or dead-lettered), synchronously, so a crash or a rebalance
/// redelivers at most what was in hand; partitions are assigned and revoked by librdkafka's
/// group protocol. A batch subscriber is handed what the consumer already fetched (up to its
/// batch size) in one call, and the batch's offsets are committed together after it; after a
/// full batch (a backlog) the next one is decoded on another thread while it is handled.
final class KafkaSubscription: EventSubscription, @unchecked Sendable {
    private let consumer: OpaquePointer
    private let delivery: EventDelivery
    private let batch: SubscriptionBatch?
    private let log: EventLogLine
    private let loop = LoopThread()
    private let closed = Atomic<Bool>(false)
    /// The last consumer error logged: the same error on every poll is logged once.
    private var lastError = RD_KAFKA_RESP_ERR_NO_ERROR

    init(settings: KafkaSettings, delivery: EventDelivery, batch: SubscriptionBatch? = nil, callbacks: KafkaCallbacks,
         log: @escaping EventLogLine) throws(SettingError) {
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
        self.batch = batch
        self.log = log
    }

    func start() {
        loop.start(name: delivery.threadName) { [self] in run() }
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
        var ahead: KafkaReadAhead?
        // Messages still in the read-ahead when the loop ends are not committed: they come again.
        defer { ahead?.wait().messages.forEach { rd_kafka_message_destroy($0) } }
        while !isStopping {
            let messages: [UnsafeMutablePointer<rd_kafka_message_t>]
            let received: [ReceivedMessage]
            if let next = ahead {
                ahead = nil
                (messages, received) = next.wait()
            } else {
                guard let first = poll(timeoutMilliseconds: 100) else { continue }
                messages = [first] + fetched(upTo: (batch?.size ?? 1) - 1)
                received = messages.map(Self.received)
            }
            defer { messages.forEach { rd_kafka_message_destroy($0) } }
            if let batch, messages.count == batch.size {
                // A backlog: what the consumer holds already is read and decoded on another
                // thread while the handler applies this batch, so the two overlap on two cores.
                let next = fetched(upTo: batch.size)
                if !next.isEmpty { ahead = KafkaReadAhead(next, delivery: delivery) }
            }
            let handled = deliver(received)
            commit(messages.prefix(handled))
            if handled < messages.count { break }
        }
    }

    /// Up to `count` messages the consumer has fetched already; nothing is waited for.
    private func fetched(upTo count: Int) -> [UnsafeMutablePointer<rd_kafka_message_t>] {
        var messages: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        while messages.count < count, let next = poll(timeoutMilliseconds: 0) { messages.append(next) }
        return messages
    }

    /// The next message, or nil after `timeoutMilliseconds` or on a consumer error (logged).
    private func poll(timeoutMilliseconds: Int32) -> UnsafeMutablePointer<rd_kafka_message_t>? {
        guard let message = rd_kafka_consumer_poll(consumer, timeoutMilliseconds) else { return nil }
        let code = message.pointee.err
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if code != lastError {
                log(.warning, "kafka consumer error", [("group", delivery.group), ("topic", delivery.topic),
                                                    ("error", String(cString: rd_kafka_err2str(code)))])
            }
            lastError = code
            rd_kafka_message_destroy(message)
            return nil
        }
        lastError = RD_KAFKA_RESP_ERR_NO_ERROR
        return message
    }

    /// Delivers `messages` (at once to a batch handler, else, or when the batch failed, one at
    /// a time with retries); returns how many of them, from the first, are done with. Fewer
    /// than all only when stopping: the rest come again.
    private func deliver(_ received: [ReceivedMessage]) -> Int {
        var rejected: Set<Int> = []
        if let batch, delivery.deliverAtOnce(received, to: batch.handler, rejected: &rejected) { return received.count }
        for (index, message) in received.enumerated() where !rejected.contains(index) {
            var outcome = DeliveryOutcome.interrupted
            while !isStopping {
                outcome = delivery.deliver(payload: message.payload, eventID: message.eventID, key: message.key, isStopping: { isStopping })
                if outcome != .interrupted { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            if outcome == .interrupted { return index }
        }
        return received.count
    }

    fileprivate static func received(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> ReceivedMessage {
        let payload = message.pointee.payload.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
        } ?? ""
        let key = message.pointee.key.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.key_len), as: UTF8.self)
        } ?? ""
        return ReceivedMessage(payload: payload, eventID: "offset-\(message.pointee.partition)-\(message.pointee.offset)", key: key)
    }

    /// Commits past `messages`: per partition, the offset after its last one, in one request.
    private func commit(_ messages: ArraySlice<UnsafeMutablePointer<rd_kafka_message_t>>) {
        guard !messages.isEmpty else { return }
        var next: [Int32: Int64] = [:]
        for message in messages {
            next[message.pointee.partition] = max(next[message.pointee.partition] ?? 0, message.pointee.offset + 1)
        }
        let offsets = rd_kafka_topic_partition_list_new(Int32(next.count))
        defer { rd_kafka_topic_partition_list_destroy(offsets) }
        for (partition, offset) in next {
            rd_kafka_topic_partition_list_add(offsets, delivery.topic, partition).pointee.offset = offset
        }
        let committed = rd_kafka_commit(consumer, offsets, 0)
        if committed != RD_KAFKA_RESP_ERR_NO_ERROR {
            log(.warning, "kafka consumer cannot commit; the messages may come again",
                [("group", delivery.group), ("topic", delivery.topic), ("error", String(cString: rd_kafka_err2str(committed)))])
        }
    }
}

/// The next batch's messages, read and decoded on a thread of the global queue (as the
/// embedded bus's `ReadAhead`). Decoding has no side effect: a malformed message is left
/// undecoded, for the delivery to dead-letter in its turn. The messages stay the consumer's to
/// destroy, after `wait()`.
private final class KafkaReadAhead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let messages: [UnsafeMutablePointer<rd_kafka_message_t>]
    /// Written once by the decoding thread before `done` is signalled; read after the wait.
    private var received: [ReceivedMessage] = []

    init(_ messages: [UnsafeMutablePointer<rd_kafka_message_t>], delivery: EventDelivery) {
        self.messages = messages
        DispatchQueue.global().async { [self] in
            received = self.messages.map { message in
                var read = KafkaSubscription.received(message)
                read.event = try? delivery.checked(CloudEvent(decoding: read.payload.utf8))
                return read
            }
            done.signal()
        }
    }

    func wait() -> (messages: [UnsafeMutablePointer<rd_kafka_message_t>], received: [ReceivedMessage]) {
        done.wait()
        return (messages, received)
    }
}
