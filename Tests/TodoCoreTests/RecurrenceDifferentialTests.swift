import Foundation
import Testing
import TodoCore
import TodoTestSupport

/// The recurrence engine against python-dateutil's `rrule`, the most used independent
/// implementation: a few hundred generated rules and starts, the first occurrences of each in
/// wall-clock time. dateutil comes from the test venv (scripts/setup --test).
@Suite struct RecurrenceDifferentialTests {
    static var python: URL { TestComponent.venv.appendingPathComponent("bin/python") }

    static let reference = """
        import json, signal, sys, warnings
        from itertools import islice
        from datetime import datetime
        from dateutil.rrule import rrulestr
        warnings.simplefilter("ignore")
        class Slow(Exception): pass
        def slow(*_): raise Slow()
        signal.signal(signal.SIGALRM, slow)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])  # the test runner's mask is inherited
        out = []
        for case in json.load(sys.stdin):
            start = datetime.strptime(case["start"], "%Y-%m-%dT%H:%M:%S")
            horizon = datetime.strptime(case["horizon"], "%Y-%m-%dT%H:%M:%S")
            # A horizon bounds rules that match rarely or never (dateutil would search to 9999).
            # dateutil searches up to year 9999 for a rule that never matches: such a case is
            # left out (null) after 0.2 s; the engine's own bound is tested in RecurrenceTests.
            rule = rrulestr("RRULE:" + case["rule"], dtstart=start).replace(until=horizon)
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            try:
                out.append([d.strftime("%Y-%m-%dT%H:%M:%S") for d in islice(rule, case["n"])])
            except Slow:
                out.append(None)
            signal.setitimer(signal.ITIMER_REAL, 0)
        json.dump(out, sys.stdout)
        """

    /// A deterministic generator (xorshift), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
        mutating func some(_ range: ClosedRange<Int>, count: ClosedRange<Int>, nonZero: Bool = true) -> [Int] {
            let n = count.lowerBound + next(count.count)
            var values: [Int] = []
            while values.count < n {
                let value = range.lowerBound + next(range.count)
                if (value != 0 || !nonZero), !values.contains(value) { values.append(value) }
            }
            return values
        }
    }

    static func makeCases(_ count: Int) -> [(rule: String, start: LocalDateTime)] {
        var random = Generator(state: 0x5DEE_CE66_D1CE_4E5B)
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        var cases: [(String, LocalDateTime)] = []
        while cases.count < count {
            let freq = random.pick(["YEARLY", "YEARLY", "MONTHLY", "MONTHLY", "WEEKLY", "WEEKLY", "DAILY", "DAILY", "HOURLY", "MINUTELY"])
            var parts = ["FREQ=\(freq)"]
            if random.chance(40) { parts.append("INTERVAL=\(1 + random.next(3))") }
            if random.chance(30) { parts.append("COUNT=\(1 + random.next(30))") }
            var hasBy = false
            if random.chance(35) { parts.append("BYMONTH=" + random.some(1...12, count: 1...3).map(String.init).joined(separator: ",")); hasBy = true }
            if freq == "YEARLY", random.chance(15) {
                // Weeks 2–50: around the year's end dateutil miscounts the previous year's weeks
                // (2021 as 53), where the engine follows ISO 8601 (RecurrenceTests).
                parts.append("BYWEEKNO=" + random.some(2...50, count: 1...2).map(String.init).joined(separator: ",")); hasBy = true
            } else if freq == "YEARLY", random.chance(15) {
                parts.append("BYYEARDAY=" + random.some(-366...366, count: 1...3).map(String.init).joined(separator: ",")); hasBy = true
            }
            if freq != "WEEKLY", random.chance(freq == "HOURLY" || freq == "MINUTELY" ? 15 : 35) {
                parts.append("BYMONTHDAY=" + random.some(-31...31, count: 1...3).map(String.init).joined(separator: ",")); hasBy = true
            }
            if random.chance(50) {
                let ordinals = (freq == "MONTHLY" || freq == "YEARLY") && random.chance(50) && !parts.contains(where: { $0.hasPrefix("BYWEEKNO") })
                let limit = freq == "MONTHLY" || parts.contains(where: { $0.hasPrefix("BYMONTH=") }) ? 5 : 53
                // All numbered or none: dateutil requires a day to match both kinds when they are
                // mixed ("MO,-1TH" = a Monday that is the last Thursday), where RFC 5545 means
                // either; the engine follows the RFC (RecurrenceTests pins that case).
                let entries = random.some(0...6, count: 1...3, nonZero: false).map { day -> String in
                    guard ordinals else { return days[day] }
                    var ordinal = 1 + random.next(limit)
                    if random.chance(40) { ordinal = -ordinal }
                    return "\(ordinal)\(days[day])"
                }
                parts.append("BYDAY=" + entries.joined(separator: ",")); hasBy = true
            }
            if random.chance(15) { parts.append("BYHOUR=" + random.some(0...23, count: 1...2, nonZero: false).map(String.init).joined(separator: ",")); hasBy = true }
            if random.chance(10) { parts.append("BYMINUTE=" + random.some(0...59, count: 1...2, nonZero: false).map(String.init).joined(separator: ",")); hasBy = true }
            if hasBy, random.chance(25) { parts.append("BYSETPOS=" + random.some(-3...3, count: 1...2).map(String.init).joined(separator: ",")) }
            if random.chance(15) { parts.append("WKST=" + random.pick(days)) }
            var day = CivilDate(daysSinceEpoch: CivilDate(year: 2020, month: 1, day: 1).daysSinceEpoch + random.next(3650))
            if freq == "WEEKLY", parts.contains(where: { $0.hasPrefix("BYSETPOS") }) {
                // dateutil's first week starts at DTSTART instead of the week's first day, so
                // BYSETPOS counts from there; RFC 5545 counts the whole week (RecurrenceTests).
                let weekStart = parts.first { $0.hasPrefix("WKST=") }.map { days.firstIndex(of: String($0.dropFirst(5)))! + 1 } ?? 1
                day = day.adding(days: -((day.weekday - weekStart + 7) % 7))
            }
            let start = LocalDateTime(day: day, secondOfDay: random.next(24) * 3600 + random.pick([0, 0, 15, 30]) * 60)
            cases.append((parts.joined(separator: ";"), start))
        }
        return cases
    }

    @Test(.enabled(if: TestComponent.dateutil.runsTests, "needs python-dateutil: run scripts/test"))
    func agreesWithDateutilOnGeneratedRules() throws {
        try TestComponent.dateutil.require()
        let python = Self.python
        let cases = Self.makeCases(400)
        let occurrencesWanted = 25
        func horizon(_ start: LocalDateTime) -> LocalDateTime {
            LocalDateTime(day: CivilDate(year: start.day.year + 40, month: 1, day: 1), secondOfDay: 0)
        }
        let input = try JSONSerialization.data(withJSONObject: cases.map {
            ["rule": $0.rule, "start": $0.start.description, "horizon": horizon($0.start).description, "n": occurrencesWanted]
        })
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", Self.reference]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected = try #require(try JSONSerialization.jsonObject(with: output) as? [Any])
        #expect(expected.count == cases.count)

        var compared = 0, disagreements: [String] = []
        for ((rule, start), answer) in zip(cases, expected) {
            guard let reference = answer as? [String] else { continue }
            let parsed = try RecurrenceRule(parsing: rule)
            let ours = parsed.localOccurrences(from: start, until: horizon(start)).prefix(occurrencesWanted).map(\.description)
            compared += 1
            if Array(ours) != reference {
                disagreements.append("\(rule) from \(start):\n  ours:     \(ours.prefix(8))\n  dateutil: \(reference.prefix(8))")
            }
        }
        #expect(compared >= cases.count * 9 / 10, "only \(compared) of \(cases.count) rules were compared")
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(compared) rules differ:\n\(disagreements.prefix(8).joined(separator: "\n"))")
    }
}
