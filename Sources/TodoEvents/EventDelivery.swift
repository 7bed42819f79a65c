import Foundation
import TodoLog
import TodoStore

/// What became of one delivered message.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The handler succeeded: commit past it.
    case handled
    /// Malformed, or the handler kept failing: it went to the dead-letter topic; commit past it.
    case deadLettered(reason: String)
    /// Stopping, or the dead letter could not be written: do not commit; it comes again.
    case interrupted
}

/// Gives up on messages: records each in the database (for `todo events status`) and publishes
/// it to `<topic>.dlq` with the reason.
public final class DeadLetterOffice: Sendable {
    let store: EventLogStore
    let publish: @Sendable ([TopicMessage]) throws -> Void
    let metrics: EventMetrics

    public init(store: EventLogStore, metrics: EventMetrics, publish: @escaping @Sendable ([TopicMessage]) throws -> Void) {
        self.store = store
        self.metrics = metrics
        self.publish = publish
    }

    /// False when it could not be recorded (the caller keeps the message and tries later).
    func send(payload: String, eventID: String, key: String, topic: String, group: String, error: String, attempts: Int, now: Date) -> Bool {
        var letter: String
        var type = "com.todo.event.rejected"
        if var event = try? CloudEvent(decoding: Array(payload.utf8)) {
            event.extensions["dlqreason"] = .string(error)
            event.extensions["dlqattempts"] = .int(Int64(attempts))
            event.extensions["dlqgroup"] = .string(group)
            type = event.type
            letter = event.encodedString
        } else {
            // Not a CloudEvent: wrapped in one, so the dead-letter topic holds only CloudEvents.
            let wrapper = CloudEvent(id: UUID().uuidString.lowercased(), source: "/todo-chatbot/\(group)", type: type, time: now,
                                     data: .object([("payload", .string(payload))]),
                                     extensions: ["dlqreason": .string(error), "dlqattempts": .int(Int64(attempts)), "dlqgroup": .string(group)])
            letter = wrapper.encodedString
        }
        do {
            try store.recordDeadLetter(DeadLetter(group: group, topic: topic, eventID: eventID, error: error, attempts: attempts,
                                                  payload: payload, failedAt: now))
            try publish([TopicMessage(topic: EventTopic.deadLetter(of: topic), key: key, eventID: eventID, type: type, payload: letter)])
        } catch {
            return false
        }
        metrics.increment("todo_events_dead_lettered_total", [("group", group), ("topic", topic)])
        return true
    }
}

/// One consumer group's handling of one topic: decode, validate, call the handler with retries
/// and backoff, and give up to the dead-letter office. Shared by every bus.
public struct EventDelivery: Sendable {
    public let topic: String
    public let group: String
    let handler: EventHandler
    let policy: RetryPolicy
    let metrics: EventMetrics
    let deadLetters: DeadLetterOffice
    let log: EventLogLine

    public init(topic: String, group: String, handler: @escaping EventHandler, policy: RetryPolicy, metrics: EventMetrics,
                deadLetters: DeadLetterOffice, log: @escaping EventLogLine) {
        self.topic = topic
        self.group = group
        self.handler = handler
        self.policy = policy
        self.metrics = metrics
        self.deadLetters = deadLetters
        self.log = log
    }

    /// The name of the thread that consumes for this group: the group's first word and the topic
    /// ("audit:task-events"), so the 15 bytes the kernel keeps tell the consumers apart.
    var threadName: String { "\(group.prefix { $0 != "-" }):\(topic)" }

    /// Decodes `payload`; a malformed event goes to the dead-letter topic at once, and the
    /// outcome to report is returned instead.
    public func decode(_ payload: String, eventID: String, key: String) -> (CloudEvent?, DeliveryOutcome) {
        let parsed: Result<CloudEvent, CloudEventError>
        do throws(CloudEventError) {
            parsed = .success(try CloudEvent(decoding: payload.utf8))
        } catch {
            parsed = .failure(error)
        }
        return accept(parsed, payload: payload, eventID: eventID, key: key)
    }

    /// `decode` for an event parsed already (the embedded bus parses once for all its groups):
    /// the same checks, and the same dead letter for a malformed one.
    func accept(_ parsed: Result<CloudEvent, CloudEventError>, payload: String, eventID: String, key: String) -> (CloudEvent?, DeliveryOutcome) {
        do throws(CloudEventError) {
            return (try checked(parsed.get()), .handled)
        } catch {
            metrics.increment("todo_events_rejected_total", [("reason", error.reason)])
            log(.warning, "event rejected", [("group", group), ("topic", topic), ("event_id", eventID), ("error", error.description)])
            let sent = deadLetters.send(payload: payload, eventID: eventID, key: key, topic: topic, group: group,
                                        error: error.description, attempts: 0, now: Date())
            return (nil, sent ? .deadLettered(reason: error.description) : .interrupted)
        }
    }

    /// `event`, if it is of a type this topic carries.
    func checked(_ event: CloudEvent) throws(CloudEventError) -> CloudEvent {
        // A type no service of this product writes is refused before any handler sees it;
        // a dead-letter topic carries whatever was refused.
        guard topic.hasSuffix(".dlq") || EventTopic.knownTypes.contains(event.type) else { throw .unknownType(event.type) }
        return event
    }

    /// Runs the handler until it succeeds or the policy's attempts are spent.
    public func deliver(payload: String, eventID: String, key: String, isStopping: () -> Bool) -> DeliveryOutcome {
        deliver(decode(payload, eventID: eventID, key: key), payload: payload, key: key, isStopping: isStopping)
    }

    /// `deliver` of what `decode` or `accept` made of a payload.
    func deliver(_ accepted: (CloudEvent?, DeliveryOutcome), payload: String, key: String, isStopping: () -> Bool) -> DeliveryOutcome {
        let (decoded, refusal) = accepted
        guard let event = decoded else { return refusal }
        var number = 1
        while true {
            if let outcome = attempt(event, payload: payload, key: key, number: number) { return outcome }
            Thread.sleep(forTimeInterval: policy.backoff(afterAttempt: number))
            if isStopping() { return .interrupted }
            number += 1
        }
    }

    /// Calls the handler once, as attempt `number`. Nil when it failed and the policy allows
    /// another attempt; after the last one the event goes to the dead-letter topic. Buses that
    /// retry themselves (a Dapr sidecar) call this once per delivery.
    public func attempt(_ event: CloudEvent, payload: String, key: String, number: Int) -> DeliveryOutcome? {
        do {
            try handler(event)
            metrics.increment("todo_events_consumed_total", [("group", group), ("topic", topic)])
            return .handled
        } catch {
            metrics.increment("todo_event_handler_failures_total", [("group", group), ("topic", topic)])
            let reason = String(describing: error)
            guard number >= policy.maxAttempts else {
                log(.warning, "handler failed, retrying",
                    [("group", group), ("topic", topic), ("event_id", event.id), ("attempt", String(number)), ("error", reason)])
                return nil
            }
            let sent = deadLetters.send(payload: payload, eventID: event.id, key: key, topic: topic, group: group,
                                        error: reason, attempts: number, now: Date())
            // Said after the fact: while the database is down the dead letter cannot be written
            // either, and the event comes again rather than being given up.
            if sent {
                log(.error, "handler failed, event sent to the dead-letter topic",
                    [("group", group), ("topic", topic), ("event_id", event.id), ("attempts", String(number)), ("error", reason)])
            } else {
                log(.warning, "handler failed and its dead letter cannot be written; the event is kept and comes again",
                    [("group", group), ("topic", topic), ("event_id", event.id), ("attempts", String(number)), ("error", reason)])
            }
            return sent ? .deadLettered(reason: reason) : .interrupted
        }
    }
}

/// A batch subscriber's handler and how many messages it is handed at most.
struct SubscriptionBatch: Sendable {
    let handler: EventBatchHandler
    let size: Int

    init(handler: @escaping EventBatchHandler, size: Int) {
        self.handler = handler
        self.size = max(1, size)
    }
}

/// A message as a bus read it, and its event when it was decoded ahead (`ReadAhead`).
struct ReceivedMessage {
    var payload: String
    var eventID: String
    var key: String
    var event: CloudEvent?
}

extension EventDelivery {
    /// Hands the events of `messages` to `handler` in one call; true when it took them. False
    /// when they must go one at a time instead (the handler threw, or a malformed message's
    /// dead letter could not be written). Malformed messages are dead-lettered here, left out
    /// of the batch and their indices added to `rejected`, so they are not dead-lettered twice.
    func deliverAtOnce(_ messages: [ReceivedMessage], to handler: EventBatchHandler, rejected: inout Set<Int>) -> Bool {
        var events: [CloudEvent] = []
        events.reserveCapacity(messages.count)
        for (index, message) in messages.enumerated() {
            if let event = message.event {
                events.append(event)
                continue
            }
            let (event, outcome) = decode(message.payload, eventID: message.eventID, key: message.key)
            if outcome == .interrupted { return false }
            if let event { events.append(event) } else { rejected.insert(index) }
        }
        do {
            if !events.isEmpty { try handler(events) }
        } catch {
            log(.warning, "batch handler failed, delivering its events one at a time",
                [("group", group), ("topic", topic), ("events", String(events.count)), ("error", String(describing: error))])
            return false
        }
        metrics.increment("todo_events_consumed_total", [("group", group), ("topic", topic)], by: Double(events.count))
        return true
    }
}
