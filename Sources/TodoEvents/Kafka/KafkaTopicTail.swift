import CRdKafka
import Foundation

/// Reads a topic's newest messages straight from the end of each partition, in no consumer
/// group: what `todo events tail` prints. Reading the whole topic from its start and stopping
/// once it had been quiet for 2 s stopped at whatever a slow fetch left it at, minutes behind
/// on a topic of 50 000 events.
public final class KafkaTopicTail {
    /// One message: its payload and where it is.
    public struct Message: Sendable {
        public var payload: String
        public var partition: Int32
        public var offset: Int64
    }

    private let consumer: OpaquePointer
    /// Per partition, the offset past the last message there was when the tail began.
    private let ends: [Int32: Int64]
    private var reached: [Int32: Int64] = [:]

    /// Assigns every partition of `topic` from `limit` messages before its end.
    public init(settings: KafkaSettings, topic: String, limit: Int, timeout: TimeInterval = 10) throws {
        let consumer = try settings.makeClient(
            RD_KAFKA_CONSUMER, clientID: "todo-tail",
            properties: [("group.id", "todo-tail-\(UUID().uuidString.prefix(8).lowercased())"), ("enable.auto.commit", "false"),
                         ("enable.partition.eof", "false"), ("fetch.wait.max.ms", "50"), ("log_level", "0")])
        do {
            rd_kafka_poll_set_consumer(consumer)
            let milliseconds = Int32(timeout * 1000)
            var ends: [Int32: Int64] = [:]
            let assignment = rd_kafka_topic_partition_list_new(8)
            defer { rd_kafka_topic_partition_list_destroy(assignment) }
            for partition in 0..<(try KafkaGroupLag.partitionCount(consumer, topic, milliseconds)) {
                var low: Int64 = 0, high: Int64 = 0
                let code = rd_kafka_query_watermark_offsets(consumer, topic, partition, &low, &high, milliseconds)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("query watermarks of \(topic)", code) }
                ends[partition] = high
                rd_kafka_topic_partition_list_add(assignment, topic, partition).pointee.offset = max(low, high - Int64(max(0, limit)))
            }
            let code = rd_kafka_assign(consumer, assignment)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("read \(topic)", code) }
            self.ends = ends
            self.consumer = consumer
        } catch {
            rd_kafka_destroy(consumer)
            throw error
        }
    }

    deinit {
        rd_kafka_consumer_close(consumer)
        rd_kafka_destroy(consumer)
    }

    /// The messages up to the end each partition had when the tail began (at most `timeout`
    /// of waiting), in no particular order across partitions.
    public func backlog(timeout: TimeInterval = 10) -> [Message] {
        var messages: [Message] = []
        let deadline = Date(timeIntervalSinceNow: timeout)
        while ends.contains(where: { reached[$0.key, default: -1] + 1 < $0.value }), Date() < deadline {
            messages += poll(timeoutMilliseconds: 100)
        }
        return messages
    }

    /// Whatever has come within `timeoutMilliseconds`.
    public func poll(timeoutMilliseconds: Int32) -> [Message] {
        var messages: [Message] = []
        var wait = timeoutMilliseconds
        while let message = rd_kafka_consumer_poll(consumer, wait) {
            defer { rd_kafka_message_destroy(message) }
            wait = 0
            guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let payload = message.pointee.payload.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
            } ?? ""
            reached[message.pointee.partition] = message.pointee.offset
            messages.append(Message(payload: payload, partition: message.pointee.partition, offset: message.pointee.offset))
        }
        return messages
    }
}
