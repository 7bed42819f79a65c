import Foundation
import TodoCore
import TodoStore

/// The topics of DESIGN §6 "Events", and which events go to which.
public enum EventTopic {
    /// Task lifecycle; the recurring, notification and audit services consume it.
    public static let taskEvents = "task-events"
    /// What clients see; the websocket service consumes it.
    public static let taskUpdates = "task-updates"
    /// Due reminders; the notification service consumes it.
    public static let reminders = "reminders"
    public static let all = [taskEvents, taskUpdates, reminders]

    /// The event types of DESIGN §6, and the wrapper of refused messages.
    public static let knownTypes: Set<String> = Set(TaskEventType.allCases.map(\.cloudEventType))
        .union(["com.todo.reminder.due", "com.todo.notification.delivered", "com.todo.event.rejected"])

    /// Where a consumer's failures go.
    public static func deadLetter(of topic: String) -> String { topic + ".dlq" }

    /// The topics an event of `type` is published to.
    public static func topics(forType type: String) -> [String] {
        if type.hasPrefix("com.todo.task.") { return [taskEvents, taskUpdates] }
        if type == "com.todo.reminder.due" { return [reminders] }
        if type == "com.todo.notification.delivered" { return [taskUpdates] }
        return [taskEvents]
    }
}

/// The service name in every event's `source` (DESIGN §6).
public enum EventSource {
    public static let backend = "/todo-chatbot/backend"
}

extension CloudEvent {
    /// The CloudEvent of an outbox row: the same envelope every time the row is relayed, so a
    /// consumer that sees it twice sees the same event.
    public init(outbox record: OutboxRecord) throws(CloudEventError) {
        // The store wrote this JSON itself; a row that is not even an object is refused.
        let data = Array(record.data.utf8)
        guard data.first == UInt8(ascii: "{"), data.last == UInt8(ascii: "}") else {
            throw .invalidData("the outbox row \(record.position) does not hold a JSON object")
        }
        // W3C traceparent: version, the event id as the trace id, a span id from the sequence,
        // sampled. Written as bytes: appending to a String's scalars cost ~440 instructions a
        // character, a third of relaying an event.
        let id = record.eventID.lowercasedString
        var trace: [UInt8] = []
        trace.reserveCapacity(55)
        trace += "00-".utf8
        for byte in id.utf8 where byte != UInt8(ascii: "-") { trace.append(byte) }
        trace.append(UInt8(ascii: "-"))
        let span = UInt64(bitPattern: record.sequence) &* 0x9E37_79B9_7F4A_7C15 | 1
        for shift in stride(from: 56, through: 0, by: -8) { Hex.append(UInt8(truncatingIfNeeded: span >> UInt64(shift)), to: &trace) }
        trace += "-01".utf8
        self.init(id: id, source: EventSource.backend, type: record.type, subject: record.subject, time: record.occurredAt,
                  partitionKey: record.userID.lowercasedString, sequence: record.sequence, traceparent: String(decoding: trace, as: UTF8.self))
        dataStorage = .text(data)
    }

    /// The messages of this event: one per topic it goes to.
    public func messages(topics: [String]? = nil) -> [TopicMessage] {
        let payload = encodedString
        return (topics ?? EventTopic.topics(forType: type)).map {
            TopicMessage(topic: $0, key: partitionKey ?? id, eventID: id, type: type, payload: payload)
        }
    }
}
