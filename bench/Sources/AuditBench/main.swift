// Audit-log service benchmark (issue 13 item 3's speed targets):
//   1. consume: a backlog of N task events (creates of U users, already in the embedded log)
//      appended by the audit-log service from a cold start, events/s and CPU per event (also
//      timed from the first batch on: on Kafka the group's join takes ~3 s of the start);
//   2. verify: one user's chain of M entries (appended directly, with title changes as their
//      `changes`), walked by `AuditLogStore.verify`, seconds and CPU per entry.
//
//   With --kafka BROKERS the backlog is published to Kafka (a broker the caller started: see
//   bench/audit-kafka.sh) and consumed from there; --chain 0 leaves the verify out.
//
//   todo-bench-audit --db URL [--events N] [--users U] [--chain M] [--kafka BROKERS]
import Foundation
import Synchronization
import TodoCore
import TodoEvents
import TodoLog
import TodoServices
import TodoStore

var url = ""
var eventCount = 200_000
var users = 10
var chainLength = 1_000_000
var kafkaBrokers = ""
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    let value = arguments.next() ?? ""
    switch flag {
    case "--db": url = value
    case "--events": eventCount = Int(value) ?? eventCount
    case "--users": users = Int(value) ?? users
    case "--chain": chainLength = Int(value) ?? chainLength
    case "--kafka": kafkaBrokers = value
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}
guard !url.isEmpty else {
    FileHandle.standardError.write(Data("usage: todo-bench-audit --db URL [--events N] [--users U] [--chain M] [--kafka BROKERS]\n".utf8))
    exit(2)
}

@Sendable func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
@Sendable func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

let store = try StoreFactory.open(DatabaseURL(url))
let onKafka = !kafkaBrokers.isEmpty
let dialect = (url.hasPrefix("sqlite") ? "SQLite" : "PostgreSQL") + (onKafka ? ", Kafka (tansu)" : "")

// 1. The backlog: creates in batches of 500, relayed into the embedded log as the relay does.
let owners = try (0..<users).map { try store.createUser(email: "audit-bench-\($0)@example.com", name: nil, passwordHash: nil, now: Date()) }
log("writing \(eventCount) task events for \(users) users…")
var written = 0
while written < eventCount {
    let count = min(500, eventCount - written)
    let owner = owners[(written / 500) % users]
    _ = try store.createTasks((0..<count).map { TaskDraft(title: "Task \(written + $0) of the audit backlog", timezone: "UTC") },
                              userID: owner.id, now: Date())
    written += count
}
let events = try EventBackbone(store: store, kind: onKafka ? .kafka : .embedded,
                               environment: onKafka ? ["KAFKA_BROKERS": kafkaBrokers] : [:], logger: .disabled)
var after: Int64 = 0
while true {
    let records = try store.outbox(after: after, limit: 5_000)
    guard let last = records.last else { break }
    try events.bus.publish(records.flatMap { try CloudEvent(outbox: $0).messages(topics: [EventTopic.taskEvents]) })
    after = last.position
}
let logEnd = onKafka ? 0 : try store.eventLog.lastPosition(topic: EventTopic.taskEvents)
// SQLite indexes new tasks for search in the background: wait until it is done, so that its
// CPU is not counted as the consumer's.
if url.hasPrefix("sqlite") {
    while try store.auditLog.database.read({ try $0.scalarInt("SELECT count(*) FROM search_queue", []) }) ?? 0 > 0 { usleep(20_000) }
}

/// Events a handler has seen (Kafka keeps the positions in the broker: the bench counts).
final class Counter: Sendable {
    let value = Mutex<Int>(0)
}
/// True once `group` consumed the whole backlog: its committed position is the log's end on
/// the embedded bus; on Kafka, `seen` reached the backlog.
@MainActor func caughtUp(group: String, seen: () throws -> Int) throws -> Bool {
    onKafka ? try seen() >= eventCount : try store.eventLog.committedPosition(group: group, topic: EventTopic.taskEvents) >= logEnd
}

// The bus alone first: a group whose batch handler does nothing, for what reading and
// decoding the log costs before the service does anything.
let noopSeen = Counter()
let noopFirst = Mutex<(wall: Double, cpu: Double)?>(nil)
let (noopWallBefore, noopCPUBefore) = (wallSeconds(), cpuSeconds())
let noop = try events.bus.subscribe(topic: EventTopic.taskEvents, group: "bench-noop", maxBatch: 500) { batch in
    noopFirst.withLock { if $0 == nil { $0 = (wallSeconds(), cpuSeconds()) } }
    noopSeen.value.withLock { $0 += batch.count }
}
while try !caughtUp(group: "bench-noop", seen: { noopSeen.value.withLock { $0 } }), wallSeconds() < noopWallBefore + 600 {
    usleep(2_000)
}
let (noopWall, noopCPU) = (wallSeconds() - noopWallBefore, cpuSeconds() - noopCPUBefore)
let noopFromFirst = noopFirst.withLock { $0 }.map { (wall: noopWallBefore + noopWall - $0.wall, cpu: noopCPUBefore + noopCPU - $0.cpu) }
noop.stop()

// The service alone, from a cold start, until its group's position reaches the end of the log
// (on Kafka: until the chains' heads add up to the backlog).
let services = try ServiceCatalog.services(for: .only(.audit), dependencies: ServiceDependencies(
    store: store, events: events, logger: .disabled, environment: [:]))
log("consuming…")
let (wallBefore, cpuBefore) = (wallSeconds(), cpuSeconds())
for service in services { try service.start() }
let deadline = wallBefore + 600
let appendedSoFar = {
    Int(try store.auditLog.database.read { try $0.scalarInt("SELECT coalesce(sum(seq), 0) FROM audit_heads", []) } ?? 0)
}
// The first entry appended ends the start (on Kafka the group's join: against tansu the first
// batch comes ~3.1 s after the subscription, in every run); the backlog's rate is timed from
// there too.
var firstAppended: (wall: Double, cpu: Double)?
while try !caughtUp(group: ServiceName.audit.consumerGroup, seen: appendedSoFar), wallSeconds() < deadline {
    if firstAppended == nil, try appendedSoFar() > 0 { firstAppended = (wallSeconds(), cpuSeconds()) }
    usleep(onKafka ? 10_000 : 2_000)
}
let (consumeWall, consumeCPU) = (wallSeconds() - wallBefore, cpuSeconds() - cpuBefore)
let consumeFromFirst = firstAppended.map { (wall: wallBefore + consumeWall - $0.wall, cpu: cpuBefore + consumeCPU - $0.cpu) }
for service in services { service.stop() }
events.bus.close()
let appended = try owners.reduce(0) { $0 + (try store.auditLog.verify(userID: $1.id).checked) }
guard appended == Int64(eventCount) else {
    log("appended \(appended) entries, expected \(eventCount)")
    exit(1)
}

func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out += " " }
        out.append(character)
    }
    return out
}
let bus = onKafka ? "the Kafka bus" : "the embedded bus"
print("| \(dialect) | \(bus) alone: \(eventCount) events to a batch handler that does nothing | \(grouped(Double(eventCount) / noopWall)) events/s | "
      + "\(String(format: "%.2f", noopWall)) s | \(String(format: "%.1f", noopCPU / Double(eventCount) * 1e6)) µs per event |")
print("| \(dialect) | consume \(eventCount) events (\(users) users) from a backlog | \(grouped(Double(eventCount) / consumeWall)) events/s | "
      + "\(String(format: "%.2f", consumeWall)) s | \(String(format: "%.1f", consumeCPU / Double(eventCount) * 1e6)) µs per event |")
/// The same run timed from its first batch: the backlog's rate once the consumer is running.
@MainActor func printFromFirst(_ run: String, _ timed: (wall: Double, cpu: Double)?) {
    guard let timed else { return }
    print("| \(dialect) | \(run), from the first batch on | \(grouped(Double(eventCount) / timed.wall)) events/s | "
          + "\(String(format: "%.2f", timed.wall)) s | \(String(format: "%.1f", timed.cpu / Double(eventCount) * 1e6)) µs per event |")
}
printFromFirst("\(bus) alone", noopFromFirst)
printFromFirst("consume", consumeFromFirst)
guard chainLength > 0 else {
    store.close()
    exit(0)
}

// 2. One long chain, appended directly in transactions of 10 000.
let chainOwner = try store.createUser(email: "audit-bench-chain@example.com", name: nil, passwordHash: nil, now: Date())
log("appending a chain of \(chainLength) entries…")
let task = UUID()
var appendedToChain = 0
while appendedToChain < chainLength {
    let count = min(10_000, chainLength - appendedToChain)
    try store.auditLog.database.write { db in
        var appender = AuditAppender(db: db)
        for index in appendedToChain..<(appendedToChain + count) {
            let changes = AuditCanonicalForm.changesJSON(JSONValue.object([("title", .object([("from", .string("Title \(index)")), ("to", .string("Title \(index + 1)"))])),
                                            ("updated_at", .object([("from", .string("2026-01-01T00:00:00Z")), ("to", .string("2026-01-01T00:00:01Z"))]))]))
            try appender.append(AuditRecord(userID: chainOwner.id, taskID: task, action: .updated,
                                            at: Date(timeIntervalSince1970: 1_767_225_600 + Double(index)), actor: chainOwner.id.lowercasedString,
                                            changesJSON: changes, eventID: UUID().lowercasedString, eventSequence: Int64(index + 1)))
        }
        try appender.finish()
    }
    appendedToChain += count
}
// Three walks of the same chain (the machine is shared: the best and the median are given).
log("verifying the chain…")
var walks: [(wall: Double, cpu: Double)] = []
for _ in 0..<3 {
    let (wallBefore, cpuBefore) = (wallSeconds(), cpuSeconds())
    let verification = try store.auditLog.verify(userID: chainOwner.id)
    walks.append((wallSeconds() - wallBefore, cpuSeconds() - cpuBefore))
    guard verification.intact, verification.checked == Int64(chainLength) else {
        log("verify: \(verification)")
        exit(1)
    }
}
walks.sort { $0.wall < $1.wall }
let (verifyWall, verifyCPU) = walks[0]
let medianWall = walks[1].wall
store.close()

print("| \(dialect) | verify a chain of \(chainLength) entries (best of 3; median \(String(format: "%.2f", medianWall)) s) | "
      + "\(grouped(Double(chainLength) / verifyWall)) entries/s | \(String(format: "%.2f", verifyWall)) s | "
      + "\(String(format: "%.2f", verifyCPU / Double(chainLength) * 1e6)) µs per entry |")
