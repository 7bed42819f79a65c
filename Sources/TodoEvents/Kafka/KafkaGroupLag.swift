import CRdKafka
import Foundation
import TodoStore

/// How far each consumer group is, asked of the brokers (Kafka's admin API): the groups, their
/// committed offsets, and each partition's high watermark. For `todo events status` and
/// `/metrics` on the Kafka bus, where positions live in the brokers rather than our database.
public enum KafkaGroupLag {
    /// One row per group and topic (lag summed over partitions); groups of throwaway readers
    /// (`todo-tail-…`) are left out. Throws when the brokers do not answer within `timeout`.
    public static func positions(settings: KafkaSettings, timeout: TimeInterval = 5) throws -> [ConsumerPosition] {
        // Its own connection errors are what the caller reports; librdkafka's log would repeat them raw.
        let handle = try settings.makeClient(RD_KAFKA_PRODUCER, clientID: "todo-status", properties: [("log_level", "0")])
        defer { rd_kafka_destroy(handle) }
        let milliseconds = Int32(timeout * 1000)
        var positions: [ConsumerPosition] = []
        for group in try groups(handle, milliseconds) where !group.hasPrefix("todo-tail-") {
            var committed: [String: [Int32: Int64]] = [:]
            for (topic, partition, offset) in try committedOffsets(handle, group: group, milliseconds) {
                committed[topic, default: [:]][partition] = offset
            }
            var perTopic: [String: (position: Int64, lag: Int64)] = [:]
            for (topic, offsets) in committed {
                // Every partition of the topic: one the group never committed on is read from
                // its start (auto.offset.reset=earliest), so all of it is lag.
                for partition in 0..<(try partitionCount(handle, topic, milliseconds)) {
                    var low: Int64 = 0, high: Int64 = 0
                    let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, milliseconds)
                    guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError("query watermarks of \(topic)", code) }
                    let position = offsets[partition].flatMap { $0 >= 0 ? $0 : nil } ?? low
                    perTopic[topic, default: (0, 0)].position += position
                    perTopic[topic, default: (0, 0)].lag += max(0, high - position)
                }
            }
            for (topic, figures) in perTopic.sorted(by: { $0.key < $1.key }) {
                positions.append(ConsumerPosition(group: group, topic: topic, position: figures.position, lag: figures.lag))
            }
        }
        return positions
    }

    static func partitionCount(_ handle: OpaquePointer, _ topic: String, _ timeout: Int32) throws -> Int32 {
        let topicHandle = rd_kafka_topic_new(handle, topic, nil)
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 0, topicHandle, &metadata, timeout)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError("read the metadata of \(topic)", code) }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0 else { return 0 }
        return Int32(metadata.pointee.topics[0].partition_cnt)
    }

    private static func groups(_ handle: OpaquePointer, _ timeout: Int32) throws -> [String] {
        let event = try adminCall(handle, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeout, "list consumer groups") { options, queue in
            rd_kafka_ListConsumerGroups(handle, options, queue)
        }
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_ListConsumerGroups_result(event) else {
            throw KafkaError("list consumer groups", RD_KAFKA_RESP_ERR__BAD_MSG, detail: "the answer is not a group listing")
        }
        // A broker that did not answer is an error in the result, not of the event: without
        // this, an unreachable cluster read as one where no group had ever consumed.
        var failures = 0
        if let errors = rd_kafka_ListConsumerGroups_result_errors(result, &failures), failures > 0, let first = errors[0] {
            throw KafkaError("list consumer groups", rd_kafka_error_code(first), detail: String(cString: rd_kafka_error_string(first)))
        }
        var count = 0
        guard let listings = rd_kafka_ListConsumerGroups_result_valid(result, &count) else { return [] }
        return (0..<count).compactMap { listings[$0].map { String(cString: rd_kafka_ConsumerGroupListing_group_id($0)) } }.sorted()
    }

    private static func committedOffsets(_ handle: OpaquePointer, group: String, _ timeout: Int32) throws -> [(String, Int32, Int64)] {
        var request: OpaquePointer? = rd_kafka_ListConsumerGroupOffsets_new(group, nil)
        defer { rd_kafka_ListConsumerGroupOffsets_destroy(request) }
        let event = try adminCall(handle, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout, "list the offsets of \(group)") { options, queue in
            rd_kafka_ListConsumerGroupOffsets(handle, &request, 1, options, queue)
        }
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_ListConsumerGroupOffsets_result(event) else { return [] }
        var count = 0
        guard let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count) else { return [] }
        var offsets: [(String, Int32, Int64)] = []
        for index in 0..<count {
            guard let list = rd_kafka_group_result_partitions(groups[index]) else { continue }
            for element in 0..<Int(list.pointee.cnt) {
                let partition = list.pointee.elems[element]
                offsets.append((String(cString: partition.topic), partition.partition, partition.offset))
            }
        }
        return offsets
    }

    /// Runs one admin request and waits for its result event (the caller destroys it).
    private static func adminCall(_ handle: OpaquePointer, _ operation: rd_kafka_admin_op_t, _ timeout: Int32, _ what: String,
                                  _ body: (OpaquePointer?, OpaquePointer?) -> Void) throws -> OpaquePointer {
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, operation)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var error = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout, &error, error.count)
        body(options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout + 1_000) else {
            throw KafkaError(what, RD_KAFKA_RESP_ERR__TIMED_OUT)
        }
        let code = rd_kafka_event_error(event)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let message = String(cString: rd_kafka_event_error_string(event))
            rd_kafka_event_destroy(event)
            throw KafkaError(what, code, detail: message)
        }
        return event
    }
}
