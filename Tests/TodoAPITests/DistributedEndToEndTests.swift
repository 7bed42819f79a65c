import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// Issue 13 item 6, end to end on the distributed topology: a recurring task with a reminder,
/// created through the backend's API, reaches the user in-app, by email and at a signed webhook,
/// each once; completing it makes exactly one next occurrence; the audit process's trail has
/// every change on an intact chain; a real WebSocket client and an SSE client on the websocket
/// process receive every change, once and in order. The services run on the real clock, so every instant is
/// relative to now (nothing depends on the day).
@Suite(.serialized, .enabled(if: DistributedScenario.componentsRunTests, "needs PostgreSQL, tansu, websockets and aiosmtpd: run scripts/test"))
struct DistributedEndToEndTests {
    @Test func aRecurringTaskWithAReminderReachesEveryChannelOnceAndContinuesItsSeries() throws {
        let scenario = try DistributedScenario()
        let followers = [try scenario.follow(.webSocket), try scenario.follow(.serverSentEvents)]
        // Due in whole seconds (a rule's next instance is), reminded half an hour before: in 8–9 s.
        // The reminder fires on time when the notification process knows it in time: the lead
        // covers the created event's way there through the outbox, the relay and Kafka on a
        // loaded machine (2–3 s was once too short in CI, with the whole suite running beside it).
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 1809).rounded(.down))
        let remindAt = due.addingTimeInterval(-1800)
        let id = try scenario.createTask("Pay rent", due: due, reminder: remindAt, rule: "FREQ=DAILY")

        // In-app, from the notification process: once, within a second of its instant.
        #expect(scenario.wait(25) { (try? scenario.notifications().count) == 1 }, "\(scenario.topology.logs)")
        let notification = try #require(try scenario.notifications().first)
        #expect(notification["task_id"] as? String == id)
        #expect(notification["late"] as? Bool == false)
        let dueAt = try #require(RFC3339.parse(notification["due_at"] as? String ?? ""))
        let firedAt = try #require(RFC3339.parse(notification["fired_at"] as? String ?? ""))
        #expect(Timestamp.milliseconds(dueAt) == Timestamp.milliseconds(remindAt))
        #expect(firedAt >= dueAt && firedAt.timeIntervalSince(dueAt) < 1, "fired \(firedAt.timeIntervalSince(dueAt)) s after its instant")

        // By email to the account's address, and at the webhook, signed, with the reminder's event id.
        #expect(scenario.smtp.wait(forMessages: 1, timeout: 15).count == 1, "\(scenario.topology.logs)")
        #expect(scenario.webhook.wait(forRequests: 1, timeout: 15) == 1, "\(scenario.topology.logs)")
        let message = try #require(scenario.smtp.messages.first)
        #expect(message.contains("X-Envelope-To: \(scenario.email)\r\n"))
        #expect(message.contains("Subject: Reminder: Pay rent\r\n"))
        let (signed, badlySigned) = scenario.webhookRequests()
        #expect(badlySigned == 0)
        let hook = try #require(signed.first)
        #expect(hook.event["type"] as? String == "com.todo.reminder.due")
        #expect(hook.event["id"] as? String == hook.id)
        #expect(scenario.emailMessageIDs() == ["<\(hook.id)@todo>"])

        // Live: the creation, then the notification (so the completion comes after it).
        #expect(scenario.wait(15) { followers.allSatisfy { $0.messages.count == 2 } }, "\(scenario.topology.logs)")

        // Completed: exactly one next occurrence, a day later, in the same series.
        try scenario.complete(id)
        #expect(scenario.wait(15) { (try? scenario.tasks().count) == 2 }, "\(scenario.topology.logs)")
        let next = try #require(try scenario.tasks().first { $0["id"] as? String != id })
        #expect(next["series_id"] as? String == id)
        #expect(next["status"] as? String == "pending")
        #expect(next["due_at"] as? String == RFC3339.format(due.addingTimeInterval(86_400)))

        // The audit trail: created, completed, the next one created; the chain verifies.
        #expect(scenario.wait(15) { (try? scenario.auditVerification()["checked"] as? Int) == 3 }, "\(scenario.topology.logs)")
        let trail = try scenario.auditTrail()
        #expect(trail.map { "\($0["action"] ?? "?") \($0["task_id"] ?? "?")" } == ["created \(id)", "completed \(id)", "created \(next["id"] ?? "")"])
        let verification = try scenario.auditVerification()
        #expect(verification["intact"] as? Bool == true && verification["checked"] as? Int == 3)

        // Live: the four changes the user's clients are shown, in order, on both transports.
        #expect(scenario.wait(15) { followers.allSatisfy { $0.messages.count == 4 } }, "\(scenario.topology.logs)")
        for follower in followers {
            #expect(follower.messages.map { $0["type"] as? String ?? "?" } == ["task.created", "notification", "task.completed", "task.created"],
                    "\(follower.mode)")
            let notification = follower.messages.first { $0["type"] as? String == "notification" }?["notification"] as? [String: Any]
            #expect(notification?["kind"] as? String == "reminder" && notification?["task_id"] as? String == id, "\(follower.mode)")
            try scenario.expectEveryLiveMessageOnceInOrder(follower)
        }

        // Nothing arrives twice: a second later, every channel still holds one of each.
        usleep(1_500_000)
        #expect(try scenario.notifications().count == 1)
        #expect(scenario.smtp.messages.count == 1)
        #expect(scenario.webhook.requests.count == 1)
        #expect(try scenario.tasks().count == 2)
        #expect(followers.allSatisfy { $0.messages.count == 4 })
    }
}
