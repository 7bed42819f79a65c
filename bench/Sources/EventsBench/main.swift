// Event backbone benchmark on the embedded bus (SQLite by default):
//   1. drain: a backlog of N outbox events relayed to the log (two topics each), events/s;
//   2. latency: creates at a steady rate, time from before `createTask` to the subscriber's
//      handler, p50/p99.
//
//   todo-bench-events --db URL [--backlog N] [--rate PER_SECOND] [--seconds S]
import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoStore

var url = ""
var backlog = 50_000
var rate = 1_000
var seconds = 5.0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    let value = arguments.next() ?? ""
    switch flag {
    case "--db": url = value
    case "--backlog": backlog = Int(value) ?? backlog
    case "--rate": rate = Int(value) ?? rate
    case "--seconds": seconds = Double(value) ?? seconds
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}
guard !url.isEmpty else {
    FileHandle.standardError.write(Data("usage: todo-bench-events --db URL [--backlog N] [--rate N] [--seconds S]\n".utf8))
    exit(2)
}

enum Clock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
func now() -> Double { Clock.now() }
let quiet: EventLogLine = { _, _, _ in }
let store = try StoreFactory.open(DatabaseURL(url))
defer { store.close() }
let user = try store.createUser(email: "bench-\(UUID().uuidString.prefix(8))@example.com", name: nil, passwordHash: nil, now: Date())
let metrics = EventMetrics()
print("| measurement | result |")
print("|---|---|")

// 1. Drain a backlog.
var made = 0
while made < backlog {
    let count = min(1_000, backlog - made)
    _ = try store.createTasks((0..<count).map { TaskDraft(title: "Backlog \(made + $0)", timezone: "UTC") }, userID: user.id, now: Date())
    made += count
}
let bus = EmbeddedEventBus(store: store.eventLog, metrics: metrics, log: quiet)
var configuration = OutboxRelay.Configuration()
configuration.batchSize = 1_000
let relay = OutboxRelay(store: store.eventLog, bus: bus, configuration: configuration, metrics: metrics, log: quiet)
_ = try store.eventLog.acquireLease(configuration.leaseName, owner: configuration.owner, ttl: configuration.leaseTTL, now: Date())
let drainStart = now()
while try relay.relayBatch() > 0 {}
let drained = now() - drainStart
print("| embedded relay, drain a backlog of \(backlog) events (each to 2 topics) | \(Int(Double(backlog) / drained)) events/s |")

// 2. Create → handler latency at a steady rate.
/// When each create began, and how long its event took to reach the handler.
final class Timings: Sendable {
    let started = Mutex<[String: Double]>([:])
    let latencies = Mutex<[Double]>([])
}
let timings = Timings()
let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "bench") { [timings] event in
    let arrived = Clock.now()
    if let subject = event.subject, let begin = timings.started.withLock({ $0.removeValue(forKey: subject) }) {
        timings.latencies.withLock { $0.append(arrived - begin) }
    }
}
relay.start()
Thread.sleep(forTimeInterval: 0.5)
let total = Int(Double(rate) * seconds)
let interval = 1.0 / Double(rate)
let loopStart = now()
for index in 0..<total {
    let due = loopStart + Double(index) * interval
    while now() < due { usleep(50) }
    let id = UUID.random()
    timings.started.withLock { $0[id.lowercasedString] = now() }
    _ = try store.createTask(TaskDraft(id: id, title: "Steady \(index)", timezone: "UTC"), userID: user.id, now: Date())
}
let deadline = now() + 10
while timings.latencies.withLock({ $0.count }) < total, now() < deadline { Thread.sleep(forTimeInterval: 0.01) }
subscription.stop()
relay.stop()
bus.close()
let sorted = timings.latencies.withLock { $0 }.sorted()
func percentile(_ p: Double) -> String {
    guard !sorted.isEmpty else { return "n/a" }
    return String(format: "%.2f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
}
print("| embedded, create → subscriber handler at \(rate) creates/s for \(Int(seconds)) s (\(sorted.count)/\(total) delivered) | p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1)) |")
