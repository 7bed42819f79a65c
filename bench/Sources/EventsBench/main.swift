// Event backbone benchmark:
//   1. drain: a backlog of N outbox events relayed to the bus (each to 2 topics), events/s;
//   2. latency: creates at a steady rate, time from before `createTask` to a subscriber's
//      handler, p50/p99;
//   3. (kafka) catch-up: creates at the same rate while the broker is down for S seconds;
//      the time from its return until the outbox is empty.
//
//   todo-bench-events --db URL [--bus embedded|kafka --tansu PATH] [--backlog N] [--rate N] [--seconds S] [--outage S]
import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoStore

var url = ""
var busKind = "embedded"
var tansuPath = ""
var backlog = 50_000
var rate = 1_000
var seconds = 5.0
var outage = 10.0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    let value = arguments.next() ?? ""
    switch flag {
    case "--db": url = value
    case "--bus": busKind = value
    case "--tansu": tansuPath = value
    case "--backlog": backlog = Int(value) ?? backlog
    case "--rate": rate = Int(value) ?? rate
    case "--seconds": seconds = Double(value) ?? seconds
    case "--outage": outage = Double(value) ?? outage
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}
guard !url.isEmpty, busKind == "embedded" || (busKind == "kafka" && !tansuPath.isEmpty) else {
    FileHandle.standardError.write(Data("usage: todo-bench-events --db URL [--bus embedded|kafka --tansu PATH] [--backlog N] [--rate N] [--seconds S] [--outage S]\n".utf8))
    exit(2)
}

enum Clock {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
func now() -> Double { Clock.now() }

/// tansu in memory on a port of its own, restartable.
final class Broker {
    let path: String
    let port: Int
    var process: Process?
    var brokers: String { "127.0.0.1:\(port)" }

    init(path: String) throws {
        self.path = path
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        probe.arguments = ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        try probe.run()
        probe.waitUntilExit()
        port = Int(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
        try start()
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let listener = "tcp://127.0.0.1:\(port)"
        process.arguments = ["broker", "--listener-url", listener, "--advertised-listener-url", listener, "--storage-engine", "memory://tansu/"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        Thread.sleep(forTimeInterval: 0.5)
    }

    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }
}

let quiet: EventLogLine = { _, _, _ in }
let store = try StoreFactory.open(DatabaseURL(url))
defer { store.close() }
let user = try store.createUser(email: "bench-\(UUID().uuidString.prefix(8))@example.com", name: nil, passwordHash: nil, now: Date())
let metrics = EventMetrics()
let broker = busKind == "kafka" ? try Broker(path: tansuPath) : nil
defer { broker?.stop() }
let bus: any EventBus = if let broker {
    try KafkaEventBus(settings: KafkaSettings(brokers: broker.brokers), store: store.eventLog, metrics: metrics, log: quiet)
} else {
    EmbeddedEventBus(store: store.eventLog, metrics: metrics, log: quiet)
}
print("| bus | measurement | result |")
print("|---|---|---|")

// 1. Drain a backlog.
var made = 0
while made < backlog {
    let count = min(1_000, backlog - made)
    _ = try store.createTasks((0..<count).map { TaskDraft(title: "Backlog \(made + $0)", timezone: "UTC") }, userID: user.id, now: Date())
    made += count
}
var configuration = OutboxRelay.Configuration()
configuration.maxBackoff = 0.2
let relay = OutboxRelay(store: store.eventLog, bus: bus, configuration: configuration, metrics: metrics, log: quiet)
_ = try store.eventLog.acquireLease(configuration.leaseName, owner: configuration.owner, ttl: configuration.leaseTTL, now: Date())
let drainStart = now()
while try relay.relayBatch() > 0 {}
let drained = now() - drainStart
print("| \(busKind) | relay, drain a backlog of \(backlog) events (each to 2 topics) | \(Int(Double(backlog) / drained)) events/s (\(Int(Double(2 * backlog) / drained)) messages/s) |")

// 2. Create → handler latency at a steady rate.
/// When each create began, and how long its event took to reach the handler.
final class Timings: Sendable {
    let started = Mutex<[String: Double]>([:])
    let latencies = Mutex<[Double]>([])
}
let timings = Timings()
let subscription = try bus.subscribe(topic: EventTopic.taskEvents, group: "bench-\(UUID().uuidString.prefix(6))") { [timings] event in
    let arrived = Clock.now()
    if let subject = event.subject, let begin = timings.started.withLock({ $0.removeValue(forKey: subject) }) {
        timings.latencies.withLock { $0.append(arrived - begin) }
    }
}
relay.start()
// A new group reads the whole backlog first; wait until it is at the end.
let probe = UUID.random()
timings.started.withLock { $0[probe.lowercasedString] = now() }
_ = try store.createTask(TaskDraft(id: probe, title: "probe", timezone: "UTC"), userID: user.id, now: Date())
var deadline = now() + 120
while timings.latencies.withLock({ $0.isEmpty }), now() < deadline { Thread.sleep(forTimeInterval: 0.05) }
timings.latencies.withLock { $0.removeAll() }

@MainActor func createSteadily(for duration: Double, during: ((Double) -> Void)? = nil) throws -> Int {
    let total = Int(Double(rate) * duration)
    let interval = 1.0 / Double(rate)
    let loopStart = now()
    for index in 0..<total {
        let due = loopStart + Double(index) * interval
        while now() < due { usleep(50) }
        during?(now() - loopStart)
        let id = UUID.random()
        timings.started.withLock { $0[id.lowercasedString] = now() }
        _ = try store.createTask(TaskDraft(id: id, title: "Steady \(index)", timezone: "UTC"), userID: user.id, now: Date())
    }
    return total
}

let total = try createSteadily(for: seconds)
deadline = now() + 30
while timings.latencies.withLock({ $0.count }) < total, now() < deadline { Thread.sleep(forTimeInterval: 0.01) }
let sorted = timings.latencies.withLock { $0 }.sorted()
func percentile(_ p: Double) -> String {
    guard !sorted.isEmpty else { return "n/a" }
    return String(format: "%.2f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
}
print("| \(busKind) | create → subscriber handler at \(rate) creates/s for \(Int(seconds)) s (\(sorted.count)/\(total) delivered) | p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1)) |")

// 3. Catch-up after an outage, under the same load.
if let broker {
    var returned = 0.0, caughtUp = 0.0, peak: Int64 = 0
    var calls = 0
    _ = try createSteadily(for: outage + 5) { elapsed in
        if elapsed >= 1, broker.process != nil, returned == 0, elapsed < 1 + outage { broker.stop() }
        if elapsed >= 1 + outage, broker.process == nil {
            returned = now()
            try? broker.start()
        }
        calls += 1
        // While the load goes on: the backlog's peak, and when it is back to what one batch in
        // flight holds (a few dozen events at this rate).
        if calls % 20 == 0, let backlog = try? store.eventLog.outboxBacklog().count {
            peak = max(peak, backlog)
            if returned > 0, caughtUp == 0, backlog <= 50 { caughtUp = now() - returned }
        }
    }
    let result = caughtUp > 0 ? String(format: "%.2f s", caughtUp) : "not within the 4 s of load after it"
    print("| kafka | backlog drained after the broker's return (down \(Int(outage)) s under \(rate) creates/s; peak backlog \(peak)) | \(result) |")
}
subscription.stop()
relay.stop()
bus.close()
