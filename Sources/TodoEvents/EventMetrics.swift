import Foundation
import Synchronization

/// Counters of the event backbone, rendered in the Prometheus text format for `/metrics`.
/// Gauges read from the database (backlog, lag, dead letters) are added at scrape time.
public final class EventMetrics: Sendable {
    private struct Key: Hashable, Comparable {
        var name: String
        /// `a="x",b="y"`, in the order given.
        var labels: String

        static func < (a: Key, b: Key) -> Bool { (a.name, a.labels) < (b.name, b.labels) }
    }

    private let counters = Mutex<[Key: Double]>([:])

    /// What each counter means, for the `# HELP` lines.
    static let help: [String: String] = [
        "todo_events_relayed_total": "Outbox events the relay handed to the bus, by topic.",
        "todo_relay_errors_total": "Relay batches that failed (bus or database down); they are retried.",
        "todo_events_consumed_total": "Events a consumer group handled, by topic.",
        "todo_event_handler_failures_total": "Handler attempts that threw, by group and topic.",
        "todo_events_dead_lettered_total": "Events given up on and sent to the dead-letter topic, by group and topic.",
        "todo_events_rejected_total": "Incoming events refused as malformed, unknown or oversized, by reason.",
        "todo_publish_errors_total": "Publish calls the bus refused or did not acknowledge, by bus.",
        "todo_recurring_completions_total": "Completions of recurring tasks the recurring-task service handled, by outcome.",
        "todo_audit_entries_appended_total": "Task changes the audit-log service appended to their users' chains.",
        "todo_audit_events_refused_total": "Task events the audit-log service could not read as a change (retried, then dead-lettered).",
        "todo_audit_events_out_of_order_total": "Task events that came after a later one of their user; appended in arrival order.",
        "todo_reminders_fired_total": "Reminders the scheduler fired, by whether they were late (over a second after their instant).",
        "todo_reminders_skipped_total": "Reminders not fired: already fired, or their task deleted, completed or changed, by reason.",
        "todo_reminder_scheduler_errors_total": "Scheduler rounds that failed (database down); they are retried.",
        "todo_notifications_delivered_total": "Fired reminders delivered, by channel.",
        "todo_notifications_skipped_total": "Fired reminders not delivered, by reason.",
        "todo_notification_events_rejected_total": "Events the notification service could not read; logged and acknowledged.",
        "todo_webhook_deliveries_total": "Webhook delivery attempts, by outcome (delivered, error_status, timeout, unreachable, refused_address).",
        "todo_webhooks_disabled_total": "Webhooks disabled after failing every attempt in a row.",
        "todo_webhooks_refused_total": "Webhooks refused on creation: not http(s), or pointing into a private network.",
        "todo_webhook_deliverer_errors_total": "Webhook deliverer rounds that failed (database down); they are retried.",
        "todo_emails_total": "Reminder email attempts, by outcome (sent, failed: refused by the SMTP server or not reached).",
        "todo_email_sender_errors_total": "Email sender rounds that failed (database down); they are retried.",
        "todo_reminder_jobs_failed_total": "Reminders the Dapr sidecar did not take as jobs (the in-process timer still fires them).",
        "todo_llm_turns_total": "Chat turns given to the configured model, by outcome (answered, fallback: the offline agent answered).",
        "todo_llm_fallbacks_total": "Chat turns the model failed, answered by the offline agent, by reason (timeout, unreachable, error_status, invalid_response, malformed_tool_call, unknown_tool, too_many_rounds, busy: too many turns already waiting on the model).",
        "todo_kafka_errors_total": "Errors librdkafka reported (a broker unreachable, authentication refused), by error name.",
        "todo_kafka_producer_restarts_total": "Kafka producers replaced after getting no delivery reports in time (a broker restarted without its state, or stalled); the relay sends its batch again.",
        "todo_live_resumes_refused_total": "Live-update resume points refused (Last-Event-ID or resume_from not a number, or after the latest message).",
        "todo_live_clients_fell_behind_total": "Live clients ended because more new messages came during their resume than they could hold; they reconnect and resume.",
    ]

    public init() {}

    public func increment(_ name: String, _ labels: [(String, String)] = [], by amount: Double = 1) {
        let key = Key(name: name, labels: Self.render(labels))
        counters.withLock { $0[key, default: 0] += amount }
    }

    public func value(_ name: String, _ labels: [(String, String)] = []) -> Double {
        let key = Key(name: name, labels: Self.render(labels))
        return counters.withLock { $0[key] ?? 0 }
    }

    /// The counters as Prometheus text, then `gauges` (name, help, samples).
    public func render(gauges: [(name: String, help: String, samples: [([(String, String)], Double)])] = []) -> String {
        let snapshot = counters.withLock { $0 }
        var text = ""
        var lastName = ""
        for (key, value) in snapshot.sorted(by: { $0.key < $1.key }) {
            if key.name != lastName {
                text += "# HELP \(key.name) \(Self.help[key.name] ?? key.name)\n# TYPE \(key.name) counter\n"
                lastName = key.name
            }
            text += Self.sample(key.name, key.labels, value)
        }
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            for (labels, value) in gauge.samples { text += Self.sample(gauge.name, Self.render(labels), value) }
        }
        return text
    }

    private static func sample(_ name: String, _ labels: String, _ value: Double) -> String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return labels.isEmpty ? "\(name) \(number)\n" : "\(name){\(labels)} \(number)\n"
    }

    private static func render(_ labels: [(String, String)]) -> String {
        labels.map { name, value in
            // Counted per event by every consumer: a value with nothing to escape (all of ours)
            // is copied as it is rather than character by character.
            let plain = value.utf8.allSatisfy { $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\n") }
            if plain { return "\(name)=\"\(value)\"" }
            var escaped = ""
            for character in value {
                switch character {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.append(character)
                }
            }
            return "\(name)=\"\(escaped)\""
        }.joined(separator: ",")
    }
}
