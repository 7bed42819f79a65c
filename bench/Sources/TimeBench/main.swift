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

// `todo-bench-time quick-add [ROUNDS]` measures quick-add alone, for profiles and instruction
// counts (`valgrind --tool=callgrind … quick-add 2000`: CPU work that does not depend on load).
let quickAddOnly = CommandLine.arguments.dropFirst().first == "quick-add"
let quickAddRounds = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 20_000
if !quickAddOnly {
    print("| rule | RRULE | wall-clock occurrences | instants in Europe/Berlin | target |")
    print("|---|---|---|---|---|")
    measure("daily", rule: "FREQ=DAILY", occurrences: 1_000_000, target: 1_000_000)
    measure("weekdays", rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", occurrences: 500_000, target: 0)
    measure("last weekday of the month", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", occurrences: 100_000, target: 200_000)
    measure("last Friday of the month", rule: "FREQ=MONTHLY;BYDAY=-1FR", occurrences: 100_000, target: 0)
    measure("every year on March 3", rule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", occurrences: 5_000, target: 0)
}

// Quick-add sentences parsed per second, one core, best of 5: by the wall clock and by the
// thread's CPU time (the figure that holds when other processes share the cores).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let parser = QuickAddParser(now: RFC3339.parse("2026-11-25T10:00:00+01:00")!, zone: ZonedTime.zone(named: "Europe/Berlin")!)

func measureQuickAdd(_ label: String, _ sentences: [String], target: Int = 0) {
    var best = (wall: 0.0, cpu: 0.0)
    for _ in 0..<5 {
        let rounds = quickAddRounds
        let clock = ContinuousClock.now
        let cpu = threadCPUSeconds()
        var sink = 0
        for round in 0..<rounds { sink &+= parser.parse(sentences[round % sentences.count]).title.utf8.count }
        best = (max(best.wall, Double(rounds) / (ContinuousClock.now - clock).seconds), max(best.cpu, Double(rounds) / (threadCPUSeconds() - cpu)))
        if sink == 42 { print("") }
}
    let verdict = target == 0 ? "—" : "≥ \(target.formatted()) /s — " + (best.cpu >= Double(target) ? "met" : "NOT met")
    print("| \(label) | \(Int(best.wall).formatted()) /s | \(Int(best.cpu).formatted()) /s (\(String(format: "%.2f", 1e6 / best.cpu)) µs each) | \(verdict) |")
}

print("")
print("| quick-add | sentences per second (wall) | per CPU second | target |")
print("|---|---|---|---|")
measureQuickAdd("8 typical sentences, round robin", [
    "Pay rent every month on the 1st #home !high",
    "Call Ana tomorrow at 5pm",
    "Standup every weekday at 9:30",
    "Buy 2 bottles of milk",
    "Dentist next friday remind me 1 hour before",
    "Read 'Friday Black' this weekend #books",
    "Submit report by Dec 5 p1",
    "Water plants every 3 days",
], target: 100_000)
// The kinds of sentence issue 11 added: longer phrases, the costlier end.
measureQuickAdd("8 issue-11 sentences, round robin", [
    "Feed the cat the day after tomorrow",
    "Dentist on the 3rd of May at 8.15am",
    "Book club every month on the third wednesday",
    "Tea in an hour and a half",
    "Flight friday 7am remind me 2 hours before and 15 minutes before",
    "Daily standup notes every friday",
    "Drink water every 2 hours",
    "Invoices every month on the 10th and 25th #work",
])
