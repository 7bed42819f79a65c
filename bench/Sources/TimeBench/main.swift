import Foundation
import TodoCore

// Occurrences generated per second by the recurrence engine (issue 5), one core:
// wall-clock times (the engine) and instants in Europe/Berlin (the engine plus zone conversion).

func measure(_ label: String, rule text: String, occurrences: Int, target: Int) {
    let rule = try! RecurrenceRule(parsing: text)
    let zone = ZonedTime.zone(named: "Europe/Berlin")!
    let start = RFC3339.parse("2026-01-01T09:00:00+01:00")!
    let local = LocalDateTime(day: CivilDate(year: 2026, month: 1, day: 1), secondOfDay: 9 * 3600)
    var best = (wall: 0.0, zoned: 0.0)
    for _ in 0..<5 {
        var clock = ContinuousClock.now
        var count = 0
        for occurrence in rule.localOccurrences(from: local).prefix(occurrences) { count &+= occurrence.secondOfDay }
        let wall = Double(occurrences) / (ContinuousClock.now - clock).seconds
        clock = ContinuousClock.now
        for occurrence in rule.occurrences(from: start, in: zone).prefix(occurrences) { count &+= Int(occurrence.timeIntervalSince1970) & 1 }
        let zoned = Double(occurrences) / (ContinuousClock.now - clock).seconds
        best = (max(best.wall, wall), max(best.zoned, zoned))
        if count == 42 { print("") }
    }
    let verdict = target == 0 ? "—" : "≥ \(target.formatted()) /s — " + (best.zoned >= Double(target) ? "met" : "NOT met")
    print("| \(label) | `\(text)` | \(Int(best.wall).formatted()) /s | \(Int(best.zoned).formatted()) /s | \(verdict) |")
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

print("| rule | RRULE | wall-clock occurrences | instants in Europe/Berlin | target |")
print("|---|---|---|---|---|")
measure("daily", rule: "FREQ=DAILY", occurrences: 1_000_000, target: 1_000_000)
measure("weekdays", rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", occurrences: 500_000, target: 0)
measure("last weekday of the month", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", occurrences: 100_000, target: 200_000)
measure("last Friday of the month", rule: "FREQ=MONTHLY;BYDAY=-1FR", occurrences: 100_000, target: 0)
measure("every year on March 3", rule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", occurrences: 5_000, target: 0)

// Quick-add sentences parsed per second, one core, best of 5.
let sentences = [
    "Pay rent every month on the 1st #home !high",
    "Call Ana tomorrow at 5pm",
    "Standup every weekday at 9:30",
    "Buy 2 bottles of milk",
    "Dentist next friday remind me 1 hour before",
    "Read 'Friday Black' this weekend #books",
    "Submit report by Dec 5 p1",
    "Water plants every 3 days",
]
let parser = QuickAddParser(now: RFC3339.parse("2026-11-25T10:00:00+01:00")!, zone: ZonedTime.zone(named: "Europe/Berlin")!)
var bestRate = 0.0
for _ in 0..<5 {
    let rounds = 20_000
    let clock = ContinuousClock.now
    var sink = 0
    for round in 0..<rounds { sink &+= parser.parse(sentences[round % sentences.count]).title.utf8.count }
    bestRate = max(bestRate, Double(rounds) / (ContinuousClock.now - clock).seconds)
    if sink == 42 { print("") }
}
print("")
print("| quick-add | sentences parsed per second | target |")
print("|---|---|---|")
print("| \(sentences.count) typical sentences, round robin | \(Int(bestRate).formatted()) /s | ≥ 100,000 /s — \(bestRate >= 100_000 ? "met" : "NOT met") |")
