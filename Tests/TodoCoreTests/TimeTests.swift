import Foundation
import Testing
import TodoCore

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-24T10:00:00Z", 1_795_514_400_000 as Int64),
        ("2026-11-24T11:00:00+01:00", 1_795_514_400_000),
        ("2026-11-24t10:00:00.5z", 1_795_514_400_500),
        ("2026-11-24 04:30:00.123456-05:30", 1_795_514_400_123),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1000),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
    ])
    func parsesValidTimestamps(_ text: String, _ milliseconds: Int64) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(Timestamp.milliseconds(date) == milliseconds)
    }

    @Test(arguments: ["", "2026-11-24", "2026-11-24T10:00:00", "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z",
                      "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:00:00+1:00", "2026-11-24T10:00:00Zjunk",
                      "２０２６-11-24T10:00:00Z", "2026-11-24T10:00:00.Z"])
    func refusesInvalidTimestamps(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func readsAWallTimeWithoutAnOffsetAndNothingElse() throws {
        let wall = try #require(RFC3339.parseWallTime("2026-03-29T02:30:15.250"))
        #expect(wall.day == CivilDate(year: 2026, month: 3, day: 29))
        #expect(wall.secondOfDay == 2 * 3600 + 30 * 60 + 15)
        for text in ["2026-03-29T02:30:15Z", "2026-03-29T02:30:15+01:00", "2026-03-29", "2026-02-30T10:00:00", "2026-03-29T02:30",
                     "2026-03-29T24:00:00", "2026-03-29T02:30:15junk"] {
            #expect(RFC3339.parseWallTime(text) == nil, "\(text)")
        }
    }

    @Test func formatsInUTCAndWithOffsets() {
        let date = Timestamp.date(milliseconds: 1_795_514_400_000)
        #expect(RFC3339.format(date) == "2026-11-24T10:00:00Z")
        #expect(RFC3339.format(date.addingTimeInterval(0.25)) == "2026-11-24T10:00:00.250Z")
        #expect(RFC3339.format(date, offsetSeconds: 3600) == "2026-11-24T11:00:00+01:00")
        #expect(RFC3339.format(date, offsetSeconds: -(5 * 3600 + 1800)) == "2026-11-24T04:30:00-05:30")
        #expect(RFC3339.format(Timestamp.date(milliseconds: -1000)) == "1969-12-31T23:59:59Z")
    }

    @Test func formattingRoundTripsThroughParsing() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let offset = Int.random(in: -50...56, using: &generator) * 900
            let text = RFC3339.format(milliseconds: ms, offsetSeconds: offset)
            #expect(RFC3339.parse(text).map(Timestamp.milliseconds) == ms, "\(text)")
        }
    }

    @Test func parsesCalendarDates() {
        #expect(RFC3339.parseDate("2026-12-05") == CivilDate(year: 2026, month: 12, day: 5))
        #expect(RFC3339.parseDate("2026-02-29") == nil)
        #expect(RFC3339.parseDate("2026-1-05") == nil)
    }
}

@Suite struct CivilDateTests {
    @Test func daysSinceEpochRoundTripsAcrossCenturies() {
        for days in stride(from: -800_000, through: 800_000, by: 97) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
    }

    @Test func weekdaysAreISO() {
        #expect(CivilDate(year: 2026, month: 11, day: 24).weekday == 2) // Tuesday
        #expect(CivilDate(year: 2026, month: 11, day: 29).weekday == 7) // Sunday
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 4)
        #expect(CivilDate(year: 1969, month: 12, day: 29).weekday == 1)
    }

    @Test func validityKnowsLeapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2026, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 1900, month: 2, day: 29).isValid)
        #expect(CivilDate(year: 2000, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2026, month: 4, day: 31).isValid)
        #expect(!CivilDate(year: 2026, month: 13, day: 1).isValid)
    }
}

@Suite struct ZonedTimeTests {
    let berlin = ZonedTime.zone(named: "Europe/Berlin")!
    let newYork = ZonedTime.zone(named: "America/New_York")!

    @Test func aWallTimeInTheSpringGapMovesForward() {
        let date = ZonedTime.instant(of: CivilDate(year: 2026, month: 3, day: 29), hour: 2, minute: 30, in: berlin)
        #expect(RFC3339.format(date, in: berlin) == "2026-03-29T03:30:00+02:00")
        let ny = ZonedTime.instant(of: CivilDate(year: 2026, month: 3, day: 8), hour: 2, minute: 15, in: newYork)
        #expect(RFC3339.format(ny, in: newYork) == "2026-03-08T03:15:00-04:00")
    }

    @Test func anAmbiguousWallTimeIsItsFirstOccurrence() {
        let date = ZonedTime.instant(of: CivilDate(year: 2026, month: 10, day: 25), hour: 2, minute: 30, in: berlin)
        #expect(RFC3339.format(date, in: berlin) == "2026-10-25T02:30:00+02:00")
        let ny = ZonedTime.instant(of: CivilDate(year: 2026, month: 11, day: 1), hour: 1, minute: 30, in: newYork)
        #expect(RFC3339.format(ny, in: newYork) == "2026-11-01T01:30:00-04:00")
    }

    @Test func civilDateDependsOnTheZone() {
        let instant = RFC3339.parse("2026-11-24T23:30:00Z")!
        #expect(ZonedTime.civilDate(of: instant, in: berlin) == CivilDate(year: 2026, month: 11, day: 25))
        #expect(ZonedTime.civilDate(of: instant, in: newYork) == CivilDate(year: 2026, month: 11, day: 24))
        #expect(ZonedTime.secondOfDay(of: instant, in: berlin) == 1800)
    }

    /// Every wall time of the days around each transition, every quarter hour, against a
    /// search of the instants nearby: the earliest instant that shows the wall time, else (in a
    /// gap) the wall time read with the offset from before the gap. Zones with a half-hour DST
    /// (Lord Howe), a skipped day (Apia, 2011-12-30) and a change of standard offset (Moscow).
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Europe/Moscow"])
    func instantsOfWallTimesAgreeWithASearch(_ name: String) throws {
        let zone = try #require(ZonedTime.zone(named: name))
        var transition = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_293_840_000)) // 2011-01-01
        var checked = 0
        while let at = transition, at < Date(timeIntervalSince1970: 1_420_070_400) { // 2015-01-01
            let day = ZonedTime.civilDate(of: at, in: zone)
            for offset in -1...1 {
                for quarter in 0..<96 {
                    let wall = Int64(day.adding(days: offset).daysSinceEpoch) * 86_400 + Int64(quarter * 900)
                    let offsets = Set(stride(from: -2, through: 2, by: 1).map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + Int64($0) * 86_400))) })
                    let showing = offsets.map { wall - Int64($0) }.filter { candidate in
                        candidate + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate)))) == wall
                    }.min()
                    let expected = showing ?? wall - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - 86_400))))
                    let instant = ZonedTime.instant(of: day.adding(days: offset), hour: quarter / 4, minute: quarter % 4 * 15, in: zone)
                    #expect(Int64(instant.timeIntervalSince1970) == expected, "\(name) \(day.adding(days: offset)) \(quarter / 4):\(quarter % 4 * 15)")
                    checked += 1
                }
            }
            transition = zone.nextDaylightSavingTimeTransition(after: at)
        }
        #expect(checked > 96 * 3)
    }

    @Test func onlyIANANamesAreZones() {
        #expect(ZonedTime.zone(named: "UTC") != nil)
        #expect(ZonedTime.zone(named: "Asia/Kolkata") != nil)
        #expect(ZonedTime.zone(named: "America/Argentina/Buenos_Aires") != nil)
        // IANA names without an area, as a legacy TZ setting has them.
        for name in ["EST5EDT", "CET", "Japan", "GB", "Zulu"] { #expect(ZonedTime.zone(named: name) != nil, "\(name)") }
        #expect(ZonedTime.zone(named: "EST5EDT")?.secondsFromGMT(for: RFC3339.parse("2026-07-01T12:00:00Z")!) == -4 * 3600)
        for bad in ["EST", "PST", "MST", "GMT+5", "Mars/Olympus", "", "europe/berlin", "../../etc/passwd", "Europe/Berlin\n"] {
            #expect(ZonedTime.zone(named: bad) == nil, "\(bad)")
        }
    }
}

@Suite struct ZoneOffsetsTests {
    /// Dates in a random order, so the remembered span is left forwards and backwards; zones
    /// with DST, a change of standard offset (Moscow 2011 and 2014), a skipped day (Apia, 2011),
    /// a half-hour DST (Lord Howe) and none (UTC).
    @Test(arguments: ["Europe/Berlin", "Europe/Moscow", "Pacific/Apia", "Australia/Lord_Howe", "America/New_York", "UTC"])
    func agreesWithTheZoneEverywhere(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let offsets = ZoneOffsets(zone)
        var generator = SystemRandomNumberGenerator()
        let start = Date(timeIntervalSince1970: 1_230_768_000) // 2009-01-01
        var dates = (0..<4_000).map { _ in start.addingTimeInterval(Double.random(in: 0...(20 * 365 * 86_400), using: &generator)) }
        // Around each transition of those years too: just before, at and just after it.
        var transition = zone.nextDaylightSavingTimeTransition(after: start)
        while let at = transition, at < start.addingTimeInterval(20 * 365 * 86_400) {
            dates += [at.addingTimeInterval(-1), at, at.addingTimeInterval(1)]
            transition = zone.nextDaylightSavingTimeTransition(after: at)
        }
        dates.shuffle(using: &generator)
        for date in dates.prefix(2_000) + dates.sorted() {
            #expect(offsets.secondsFromGMT(for: date) == zone.secondsFromGMT(for: date), "\(name) at \(date)")
        }
    }

    @Test func givesTheWallTimeOfTheZone() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let offsets = ZoneOffsets(zone)
        // 2026-03-29 01:30 UTC is 03:30 CEST, just after the spring gap; an hour earlier, 01:30 CET.
        let after = Date(timeIntervalSince1970: 1_774_747_800)
        #expect(offsets.wallTime(of: after) == (CivilDate(year: 2026, month: 3, day: 29), 3 * 3600 + 30 * 60))
        #expect(offsets.wallTime(of: after.addingTimeInterval(-3600)) == (CivilDate(year: 2026, month: 3, day: 29), 3600 + 30 * 60))
    }
}
