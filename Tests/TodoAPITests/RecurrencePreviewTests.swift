import Foundation
import Testing
import TodoTestSupport

@Suite struct RecurrencePreviewTests {
    @Test func previewsOccurrencesInTheZoneAndRefusesBadInput() throws {
        let api = try APIFixture(.sqlite)
        let preview = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DDAILY&start=2026-03-27T09:00:00%2B01:00&timezone=Europe/Berlin&count=4")
        #expect(preview.status == 200, "\(preview)")
        #expect(try preview.json()["occurrences"] as? [String]
            == ["2026-03-27T09:00:00+01:00", "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00", "2026-03-30T09:00:00+02:00"])
        let lastFriday = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DMONTHLY%3BBYDAY%3D-1FR&start=2026-11-01T10:00:00Z&count=3")
        #expect(try lastFriday.json()["occurrences"] as? [String] == ["2026-11-27T10:00:00Z", "2026-12-25T10:00:00Z", "2027-01-29T10:00:00Z"])
        let never = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DYEARLY%3BBYMONTH%3D2%3BBYMONTHDAY%3D30&start=2026-01-01T00:00:00Z")
        #expect(never.status == 200)
        #expect((try never.json()["occurrences"] as? [String])?.isEmpty == true)

        for (query, field) in [("rule=FREQ%3DSOMETIMES&start=2026-01-01T00:00:00Z", "rule"), ("start=2026-01-01T00:00:00Z", "rule"),
                               ("rule=FREQ%3DDAILY", "start"), ("rule=FREQ%3DDAILY&start=tomorrow", "start"),
                               ("rule=FREQ%3DDAILY&start=2026-01-01T00:00:00Z&timezone=Mars/Base", "timezone"),
                               ("rule=FREQ%3DDAILY&start=2026-01-01T00:00:00Z&count=0", "count"),
                               ("rule=FREQ%3DDAILY&start=2026-01-01T00:00:00Z&count=100000", "count")] {
            let refused = try api.client.get("/api/v1/recurrence/preview?\(query)")
            #expect(refused.status == 422, "\(query): \(refused)")
            #expect(((try refused.json()["error"] as? [String: Any])?["details"] as? [String: Any])?["field"] as? String == field, "\(query)")
        }
        #expect(try api.server.client().get("/api/v1/recurrence/preview?rule=FREQ%3DDAILY&start=2026-01-01T00:00:00Z").status == 401)
    }

    /// A valid rule never previews as an empty list: FREQ=SECONDLY, which no task may have, is
    /// refused with the tasks' reason; sub-daily rules a task may have are expanded.
    @Test func previewRefusesARuleEverySecondAndExpandsMinutelyOnes() throws {
        let api = try APIFixture(.sqlite)
        let secondly = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DSECONDLY&start=2026-01-01T00:00:00Z&count=3")
        #expect(secondly.status == 422, "\(secondly)")
        let error = try #require(try secondly.json()["error"] as? [String: Any])
        #expect((error["details"] as? [String: Any])?["field"] as? String == "rule")
        #expect((error["message"] as? String)?.contains("more than once a minute") == true, "\(error)")
        // A minutely rule that never matches is an empty list too, found at once.
        let started = ContinuousClock.now
        let never = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DMINUTELY%3BBYMONTH%3D2%3BBYMONTHDAY%3D30&start=2026-01-01T00:00:00Z")
        #expect((try never.json()["occurrences"] as? [String])?.isEmpty == true, "\(never)")
        #expect(ContinuousClock.now - started < .seconds(1))
        let minutely = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DMINUTELY%3BINTERVAL%3D30&start=2026-01-01T00:00:00Z&count=3")
        #expect(try minutely.json()["occurrences"] as? [String] == ["2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z", "2026-01-01T01:00:00Z"])
    }

    /// A rule that matches once in 28 years, asked for its first thousand: the preview looks a
    /// century ahead (it walked to the year 9999, a second of CPU a request, which one user
    /// could repeat to slow everyone), and a yearly rule still gets its whole count.
    @Test func aRareRuleIsPreviewedWithinACentury() throws {
        let api = try APIFixture(.sqlite)
        let started = ContinuousClock.now
        let rare = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DMINUTELY%3BBYMONTH%3D2%3BBYMONTHDAY%3D29%3BBYDAY%3DMO%3BBYHOUR%3D0%3BBYMINUTE%3D0&start=2026-01-01T00:00:00Z&count=1000")
        #expect(ContinuousClock.now - started < .milliseconds(300))
        #expect(try rare.json()["occurrences"] as? [String] == ["2044-02-29T00:00:00Z", "2072-02-29T00:00:00Z", "2112-02-29T00:00:00Z"],
                "\(rare)")
        let yearly = try api.client.get("/api/v1/recurrence/preview?rule=FREQ%3DYEARLY&start=2026-01-01T00:00:00Z&count=1000")
        let years = try yearly.json()["occurrences"] as? [String]
        #expect(years?.count == 1000 && years?.last == "3025-01-01T00:00:00Z", "\(String(describing: years?.last))")
    }
}
