import Foundation
import Testing
import TodoTestSupport

/// A burst of changes on the distributed topology, driven through the backend's API one
/// request at a time (so a kill never falls inside a request and every change made is known):
/// tasks with a reminder each, and recurring tasks created and completed. It keeps what it did
/// and checks, once every consumer has caught up, that each channel and table holds exactly
/// what DESIGN §7 promises.
final class DistributedBurst {
    let scenario: DistributedScenario
    private(set) var remindedTasks: [String] = []
    private(set) var completedTasks: [String] = []
    /// Task changes made through the API (each one an audit entry); next occurrences come on top.
    private(set) var changesMade = 0

    init(_ scenario: DistributedScenario) { self.scenario = scenario }

    /// Tasks due in an hour, each reminded at the next of `count` instants `every` seconds apart
    /// from `first`.
    func createReminded(_ count: Int, first: Date, every interval: TimeInterval) throws {
        for index in 0..<count {
            let at = first.addingTimeInterval(Double(index) * interval)
            remindedTasks.append(try scenario.createTask("Reminded \(remindedTasks.count)", due: at.addingTimeInterval(3600), reminder: at))
            changesMade += 1
        }
    }

    /// Daily tasks due tomorrow (their reminders lie far ahead), each created and completed at once.
    func createAndComplete(_ count: Int) throws {
        for _ in 0..<count {
            let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 86_400).rounded(.down))
            let id = try scenario.createTask("Repeating \(completedTasks.count)", due: due, reminder: due.addingTimeInterval(-600), rule: "FREQ=DAILY")
            try scenario.complete(id)
            completedTasks.append(id)
            changesMade += 2
        }
    }

    /// Keeps creating and completing for `seconds`, at most `rate` tasks a second: a load the same
    /// on any machine that keeps up, so the backlog after a fault (and the wait for it) is bounded.
    func createAndComplete(for seconds: TimeInterval, rate: Double = 50) throws {
        let start = Date()
        var made = 0
        while Date().timeIntervalSince(start) < seconds {
            try createAndComplete(1)
            made += 1
            let ahead = Double(made) / rate - Date().timeIntervalSince(start)
            if ahead > 0 { usleep(UInt32(ahead * 1_000_000)) }
        }
    }

    /// Every change's effect, counted everywhere once the consumers caught up (at most `timeout`),
    /// then again after a pause: nothing lost, nothing doubled. Webhooks and email are at least
    /// once towards their receivers: when the notification process was killed, a request it sent
    /// before recording it may come again with the same id (`atLeastOnceWindow`); the distinct
    /// ids must still be exactly the reminders, and the service's own record exactly one each.
    func expectEverythingOnce(atLeastOnceWindow: Bool, followers: [LiveFollower], timeout: TimeInterval = 60,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reminded = remindedTasks.count
        let expectedTasks = remindedTasks.count + 2 * completedTasks.count
        let expectedChanges = changesMade + completedTasks.count
        let converged = try scenario.wait(timeout) {
            try scenario.tasks().count >= expectedTasks && scenario.notifications().count >= reminded
                && Set(scenario.webhookRequests().signed.map(\.id)).count >= reminded && Set(scenario.emailMessageIDs()).count >= reminded
                && (scenario.auditVerification()["checked"] as? Int ?? 0) >= expectedChanges
                && followers.allSatisfy { try scenario.caughtUp($0) }
        }
        #expect(converged, "the consumers did not catch up in \(Int(timeout)) s\n\(scenario.topology.logs)", sourceLocation: sourceLocation)
        usleep(2_000_000)
        try expectCounts(reminded: reminded, expectedTasks: expectedTasks, expectedChanges: expectedChanges,
                         atLeastOnceWindow: atLeastOnceWindow, sourceLocation: sourceLocation)
        for follower in followers { try scenario.expectEveryLiveMessageOnceInOrder(follower, sourceLocation: sourceLocation) }
    }

    private func expectCounts(reminded: Int, expectedTasks: Int, expectedChanges: Int, atLeastOnceWindow: Bool,
                              sourceLocation: SourceLocation) throws {
        let logs = scenario.topology.logs
        // Recurring: exactly one next occurrence per completed task.
        let tasks = try scenario.tasks()
        #expect(tasks.count == expectedTasks, "\(tasks.count) tasks\n\(logs)", sourceLocation: sourceLocation)
        let nextBySeries = Dictionary(grouping: tasks.compactMap { $0["series_id"] as? String }, by: { $0 }).mapValues(\.count)
        let wrong = completedTasks.filter { nextBySeries[$0] != 1 }.map { "\($0): \(nextBySeries[$0] ?? 0)" }
        #expect(wrong.isEmpty, "next occurrences per completed task: \(wrong)", sourceLocation: sourceLocation)

        // Reminders: one firing, one in-app notification per reminded task.
        let notifications = try scenario.notifications()
        #expect(notifications.count == reminded, "\(notifications.count) notifications for \(reminded) reminders\n\(logs)", sourceLocation: sourceLocation)
        #expect(Set(notifications.compactMap { $0["task_id"] as? String }) == Set(remindedTasks), sourceLocation: sourceLocation)
        #expect(try scenario.count("SELECT COUNT(*) FROM reminder_firings WHERE user_id = ?") == reminded, sourceLocation: sourceLocation)

        // Webhook: every request signed; each reminder's event accepted under one id, recorded delivered once.
        let (signed, badlySigned) = scenario.webhookRequests()
        #expect(badlySigned == 0, sourceLocation: sourceLocation)
        let hookedTasks = signed.compactMap { (($0.event["data"] as? [String: Any])?["notification"] as? [String: Any])?["task_id"] as? String }
        #expect(Set(signed.map(\.id)).count == reminded, "\(Set(signed.map(\.id)).count) webhook ids for \(reminded) reminders", sourceLocation: sourceLocation)
        #expect(Set(hookedTasks) == Set(remindedTasks), sourceLocation: sourceLocation)
        #expect(try scenario.count("""
            SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.user_id = ? AND d.state = 'delivered'
            """) == reminded, sourceLocation: sourceLocation)
        let emailIDs = scenario.emailMessageIDs()
        #expect(Set(emailIDs).count == reminded, "\(Set(emailIDs).count) emails for \(reminded) reminders", sourceLocation: sourceLocation)
        #expect(try scenario.count("SELECT COUNT(*) FROM email_deliveries WHERE user_id = ? AND state = 'sent'") == reminded, sourceLocation: sourceLocation)
        if !atLeastOnceWindow {
            #expect(signed.count == reminded, "a webhook request came twice without a crash", sourceLocation: sourceLocation)
            #expect(emailIDs.count == reminded, "an email came twice without a crash", sourceLocation: sourceLocation)
        }

        // Audit: every change once, in an intact chain.
        let verification = try scenario.auditVerification()
        #expect(verification["intact"] as? Bool == true, "\(verification)", sourceLocation: sourceLocation)
        #expect(verification["checked"] as? Int == expectedChanges, "\(verification), \(expectedChanges) changes made", sourceLocation: sourceLocation)
        #expect(try scenario.count("SELECT COUNT(DISTINCT event_sequence) FROM audit_entries WHERE user_id = ?") == expectedChanges,
                sourceLocation: sourceLocation)
    }
}
