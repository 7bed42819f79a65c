import Foundation
import Testing
import TodoTestSupport

@Suite struct QuickAddAPITests {
    @Test func parseAnswersTheFieldsAndCreatesNothing() throws {
        let api = try APIFixture(.sqlite)
        let response = try api.client.post("/api/v1/tasks/parse", [
            "text": "Pay rent every month on the 1st #home !high", "timezone": "Europe/Berlin", "now": "2026-11-25T10:00:00+01:00",
        ])
        #expect(response.status == 200, "\(response)")
        let body = try response.json()
        #expect(body["title"] as? String == "Pay rent")
        #expect(body["due_at"] as? String == "2026-12-01T00:00:00+01:00")
        #expect(body["all_day"] as? Bool == true)
        #expect(body["recurrence"] as? String == "FREQ=MONTHLY;BYMONTHDAY=1")
        #expect(body["priority"] as? String == "high")
        #expect(body["tags"] as? [String] == ["home"])
        #expect((body["spans"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["recurrence", "tag", "priority"])
        #expect((try api.client.get("/api/v1/tasks").json()["tasks"] as? [Any])?.isEmpty == true)

        let dayFirst = try api.client.post("/api/v1/tasks/parse", [
            "text": "Gift 5/12", "timezone": "Europe/Berlin", "now": "2026-11-25T10:00:00+01:00", "date_order": "dmy",
        ])
        #expect(try dayFirst.json()["due_at"] as? String == "2026-12-05T00:00:00+01:00")
        let monthFirst = try api.client.post("/api/v1/tasks/parse", [
            "text": "Gift 5/12", "timezone": "Europe/Berlin", "now": "2026-11-25T10:00:00+01:00",
        ])
        #expect(try monthFirst.json()["due_at"] as? String == "2027-05-12T00:00:00+02:00")

        for (json, field) in [(["text": ""], "text"), (["timezone": "UTC"], "text"), (["text": "x", "timezone": "Nowhere"], "timezone"),
                              (["text": "x", "date_order": "ymd"], "date_order"),
                              (["text": "x", "now": "soon"], "now"), (["text": String(repeating: "a", count: 2_001)], "text")] {
            let refused = try api.client.post("/api/v1/tasks/parse", json)
            #expect(refused.status == 422, "\(json): \(refused)")
            #expect(((try refused.json()["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == field)
        }
    }

    @Test func createsFromASentenceWithExplicitFieldsWinning() throws {
        let api = try APIFixture(.sqlite)
        let created = try api.client.post("/api/v1/tasks", [
            "text": "Call Ana tomorrow at 5pm #work !high", "timezone": "Europe/Berlin", "now": "2026-11-25T10:00:00+01:00", "priority": "low",
        ])
        #expect(created.status == 201, "\(created)")
        let task = try created.json()
        #expect(task["title"] as? String == "Call Ana")
        #expect(task["due_at"] as? String == "2026-11-26T17:00:00+01:00")
        #expect(task["timezone"] as? String == "Europe/Berlin")
        #expect(task["tags"] as? [String] == ["work"])
        #expect(task["priority"] as? String == "low")
    }
}
