import Foundation
import TodoCore
import TodoEvents
import TodoLog
import TodoNet
import TodoStore

/// With the Dapr bus, each reminder is also scheduled as a job of the Dapr Jobs API (alpha):
/// `POST /v1.0-alpha1/jobs/{name}` with its `dueTime`; the sidecar calls back `POST /job/{name}`
/// at that instant, and the reminder fires then, even in a replica whose own timer never heard
/// of it. The job's name carries the reminder (task, user, instant), so the callback needs no
/// body and a job scheduled twice is the same job. The in-process timer and `/cron-binding`
/// stay: whichever comes first fires, the store's unique firing makes the others no-ops.
struct DaprReminderJobs: Sendable {
    let settings: DaprSettings
    let metrics: EventMetrics
    let logger: Logger

    static let prefix = "reminder-"

    init(settings: DaprSettings, metrics: EventMetrics, logger: Logger) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// `reminder-<task id>-<user id>-<instant in epoch milliseconds>`.
    static func name(for reminder: DueReminder) -> String {
        "\(prefix)\(reminder.taskID.lowercasedString)-\(reminder.userID.lowercasedString)-\(reminder.dueAtMilliseconds)"
    }

    /// The reminder a job name stands for; nil for another name.
    static func reminder(named name: String) -> DueReminder? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = Array(name.utf8.dropFirst(prefix.utf8.count))
        guard rest.count > 74, rest[36] == UInt8(ascii: "-"), rest[73] == UInt8(ascii: "-"),
              let task = UUID.parse(String(decoding: rest[0..<36], as: UTF8.self)),
              let user = UUID.parse(String(decoding: rest[37..<73], as: UTF8.self)),
              let instant = Int64(String(decoding: rest[74...], as: UTF8.self)) else { return nil }
        return DueReminder(taskID: task, userID: user, dueAtMilliseconds: instant)
    }

    /// Asks the sidecar to call back at the reminder's instant; a failure is logged and
    /// counted (the in-process timer still fires it).
    func schedule(_ reminder: DueReminder) {
        let name = Self.name(for: reminder)
        var body = JSONWriter(capacity: 96)
        JSONValue.object([("dueTime", .string(RFC3339.format(reminder.dueAt)))]).write(to: &body)
        let code = try? HTTPClient.send(HTTPClientRequest(
            method: "POST", url: "http://\(settings.host):\(settings.httpPort)/v1.0-alpha1/jobs/\(name)",
            headers: [("Content-Type", "application/json")], body: body.bytes, timeout: settings.timeout)).status
        guard let code, (200..<300).contains(code) else {
            metrics.increment("todo_reminder_jobs_failed_total")
            logger.warning("reminder job not scheduled with the sidecar", [("job", name), ("status", code.map(String.init) ?? "no answer")])
            return
        }
    }
}
