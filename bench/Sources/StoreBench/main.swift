// Storage benchmark: inserts (single and batched), get by id, filtered lists of 50 and
// full-text search, on one user's tasks. Prints one Markdown table row per measurement.
//
//   todo-bench-store --db URL --tasks N [--single N] [--queries N] [--label TEXT] [--local] [--pending-only]
//   todo-bench-store --db URL --alone-db URL --tasks N --users U [--queries N] [--label TEXT]
//
// The database should be empty. See bench/store.sh, which runs it on SQLite and PostgreSQL.
// With --users, only searches are measured: one user's, among U users with the same N tasks
// each (--db) and alone (--alone-db), in turns (bench/search-users.sh).
import Foundation
import TodoCore
import TodoStore

struct Options {
    var url = ""
    var tasks = 10_000
    var single = 20_000
    var queries = 2_000
    var label = ""
    /// Store the tasks as the CLI's local user, so `todo list` sees them.
    var local = false
    /// Every task pending (otherwise about half are completed).
    var pendingOnly = false
    /// Users with `tasks` tasks each, for the search-across-users measurement (0: off), and
    /// the database for the same user alone.
    var users = 0
    var aloneURL = ""

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            if flag == "--local" || flag == "--pending-only" {
                if flag == "--local" { local = true } else { pendingOnly = true }
                continue
            }
            let value = iterator.next() ?? ""
            switch flag {
            case "--db": url = value
            case "--tasks": tasks = Int(value) ?? tasks
            case "--single": single = Int(value) ?? single
            case "--queries": queries = Int(value) ?? queries
            case "--label": label = value
            case "--users": users = Int(value) ?? users
            case "--alone-db": aloneURL = value
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
        if url.isEmpty {
            FileHandle.standardError.write(Data("usage: todo-bench-store --db URL [--tasks N] [--single N] [--queries N]\n".utf8))
            exit(2)
        }
    }
}

/// A deterministic generator, so every run stores the same tasks.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let words = ["buy", "call", "email", "plan", "review", "fix", "write", "book", "pay", "clean", "prepare", "send", "order",
             "check", "update", "schedule", "renew", "return", "pick", "finish"]
let objects = ["groceries", "report", "invoice", "dentist", "flights", "car", "garden", "taxes", "slides", "budget",
               "presents", "tickets", "contract", "laptop", "kitchen", "meeting", "newsletter", "passport", "rent", "bike"]
let tagPool = ["work", "home", "errands", "health", "finance", "family", "shopping", "travel"]
/// The rare search word: in 1% of the tasks.
let rareWord = "zephyr"

func makeDraft(_ i: Int, _ rng: inout SplitMix, base: Date) -> TaskDraft {
    var title = "\(words[Int(rng.next() % 20)].capitalized) \(objects[Int(rng.next() % 20)]) \(i)"
    if i % 100 == 42 { title += " \(rareWord)" }
    let tags = (0..<Int(rng.next() % 3)).map { _ in tagPool[Int(rng.next() % 8)] }
    let due: Date? = rng.next() % 4 == 0 ? nil : base.addingTimeInterval(Double(Int(rng.next() % 2_000_000)) - 200_000)
    return TaskDraft(title: title, description: i % 3 == 0 ? "Notes for task \(i): remember the details" : "",
                     status: rng.next() % 2 == 0 || options.pendingOnly ? .pending : .completed, priority: Priority.allCases[Int(rng.next() % 4)],
                     tags: tags, dueAt: due, timezone: "Europe/Berlin")
}

/// Ids collected from several writer threads.
final class ConcurrentIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [UUID] = []
    func append(_ id: UUID) {
        lock.lock()
        ids.append(id)
        lock.unlock()
    }
    var values: [UUID] {
        lock.lock()
        defer { lock.unlock() }
        return ids
    }
}

struct Latencies {
    var samples: [Double] = []
    mutating func add(_ seconds: Double) { samples.append(seconds) }
    func percentile(_ p: Double) -> Double {
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
    }
}

func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU time of every thread of the process.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let options = Options(CommandLine.arguments)

/// Thread CPU time: unlike wall time, it does not count the time other processes of a shared
/// machine run, so the tails of two runs compare.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A store holding `users` users with the same `options.tasks` tasks each; closed and opened
/// again after the writes, so the full-text index has caught up (closing indexes the queue).
/// Returns the store, the user whose searches are measured (the middle one) and a report line.
func fillForSearch(_ url: DatabaseURL, users count: Int) throws -> (store: any TaskStore, user: User, report: String) {
    var store = try StoreFactory.open(url)
    var users: [User] = []
    let start = monotonicSeconds()
    let base = Date(timeIntervalSince1970: 1_790_000_000)
    for index in 0..<count {
        let user = try store.createUser(email: "bench-\(index)@example.com", name: nil, passwordHash: nil, now: base)
        users.append(user)
        var rng = SplitMix(state: 42)
        var created = 0
        while created < options.tasks {
            let batch = (created..<min(created + 1000, options.tasks)).map { makeDraft($0, &rng, base: base) }
            _ = try store.createTasks(batch, userID: user.id, now: base)
            created += batch.count
        }
    }
    let writing = monotonicSeconds() - start
    let closing = monotonicSeconds()
    store.close()
    let catchUp = monotonicSeconds() - closing
    store = try StoreFactory.open(url)
    let report = String(format: "%.1f s, then %.2f s to index what was still queued", writing, catchUp)
    return (store, users[users.count / 2], report)
}

/// One user's searches alone and among `options.users` users with the same tasks, taken in
/// turns so that both see the same load of the machine.
func measureSearchAcrossUsers(crowdURL: DatabaseURL, aloneURL: DatabaseURL) throws {
    let label = options.label.isEmpty ? crowdURL.redacted : options.label
    emit("| store | measurement | 1 user × \(options.tasks) tasks | \(options.users) users × \(options.tasks) tasks |")
    emit("|---|---|---|---|")
    let alone = try fillForSearch(aloneURL, users: 1)
    let crowd = try fillForSearch(crowdURL, users: options.users)
    defer { alone.store.close(); crowd.store.close() }
    emit("| \(label) | write the tasks (batches of 1 000) | \(alone.report) | \(crowd.report) |")
    func search(_ side: (store: any TaskStore, user: User, report: String), _ word: String) throws -> (wall: Double, cpu: Double, found: Int) {
        let wall = monotonicSeconds(), cpu = threadCPUSeconds()
        let found = try side.store.listTasks(TaskQuery(status: .all, search: word, limit: 50), userID: side.user.id).tasks.count
        return (monotonicSeconds() - wall, threadCPUSeconds() - cpu, found)
    }
    let firstAlone = try search(alone, rareWord), firstCrowd = try search(crowd, rareWord)
    emit(String(format: "| \(label) | first search after opening (wall) | %.2f ms | %.2f ms |", firstAlone.wall * 1000, firstCrowd.wall * 1000))
    // A word in 1% of the tasks, one in ~5%, and a prefix.
    for word in [rareWord, "groceries", "rep"] {
        var wall = (Latencies(), Latencies()), cpu = (Latencies(), Latencies())
        for _ in 0..<max(50, options.queries) {
            let a = try search(alone, word), c = try search(crowd, word)
            precondition(a.found == c.found && (word != rareWord || a.found == options.tasks / 100), "search \(word) found \(a.found), \(c.found)")
            wall.0.add(a.wall); wall.1.add(c.wall); cpu.0.add(a.cpu); cpu.1.add(c.cpu)
        }
        func cell(_ wall: Latencies, _ cpu: Latencies) -> String {
            String(format: "p50 %.3f ms, p99 %.3f ms (CPU p50 %.3f ms, p99 %.3f ms)", wall.percentile(0.5), wall.percentile(0.99),
                   cpu.percentile(0.5), cpu.percentile(0.99))
        }
        emit("| \(label) | search \"\(word)\", first 50 by rank | \(cell(wall.0, cpu.0)) | \(cell(wall.1, cpu.1)) |")
    }
}
if options.users > 0 {
    guard !options.aloneURL.isEmpty else {
        FileHandle.standardError.write(Data("--users needs --alone-db URL (an empty database for the user alone)\n".utf8))
        exit(2)
    }
    try measureSearchAcrossUsers(crowdURL: DatabaseURL(options.url), aloneURL: DatabaseURL(options.aloneURL))
    exit(0)
}
let databaseURL = try DatabaseURL(options.url)
/// Written straight to the file descriptor, so progress shows while a long run goes on.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let base = Date()
var rng = SplitMix(state: 42)

// 1. Fill the database to the stated size first (batches of 1 000), so that every measurement
// below, creates included, is taken at that size, not on a nearly empty database.
var fillingStore = try StoreFactory.open(databaseURL)
let user = options.local
    ? try fillingStore.localUser()
    : try fillingStore.createUser(email: "bench-\(UUID.random().uuidString.prefix(8))@example.com", name: nil, passwordHash: nil, now: Date())
let label = options.label.isEmpty ? fillingStore.displayURL : options.label
emit("| store | tasks | measurement | result |")
emit("|---|---|---|---|")
func report(_ measurement: String, _ result: String) {
    emit("| \(label) | \(options.tasks) | \(measurement) | \(result) |")
}
var ids: [UUID] = []
ids.reserveCapacity(options.tasks + options.single)
var start = monotonicSeconds()
while ids.count < options.tasks {
    let batch = (ids.count..<min(ids.count + 1000, options.tasks)).map { makeDraft($0, &rng, base: base) }
    ids += try fillingStore.createTasks(batch, userID: user.id, now: Date()).map(\.id)
}
var elapsed = monotonicSeconds() - start
if !ids.isEmpty {
    report("fill: create (batches of 1000), up to the size", String(format: "%.0f /s", Double(ids.count) / elapsed))
}
// Closing indexes what the background search indexer still has queued: without this, the
// creates below would share the machine with indexing the whole fill and pay for it.
start = monotonicSeconds()
fillingStore.close()
fillingStore = try StoreFactory.open(databaseURL)
report("fill: close and open again (indexes what was still queued)", String(format: "%.2f s", monotonicSeconds() - start))
let store = fillingStore
defer { store.close() }

// 2. Single creates at the stated size: one transaction each, with its outbox event.
start = monotonicSeconds()
var cpuStart = processCPUSeconds()
for i in 0..<options.single {
    ids.append(try store.createTask(makeDraft(options.tasks + i, &rng, base: base), userID: user.id, now: Date()).id)
}
elapsed = monotonicSeconds() - start
// CPU of every thread: with SQLite, the background search indexer's share of the creates too.
if options.single > 0 {
    report("create (1 per transaction, with outbox event)", String(format: "%.0f /s, %.0f µs CPU per create", Double(options.single) / elapsed,
                                                                   (processCPUSeconds() - cpuStart) / Double(options.single) * 1e6))
}

// 2b. Concurrent creates: 8 writers, one transaction per task, as a server under load does;
// first all for this user, then each writer for a user of its own. PostgreSQL commits
// concurrent transactions in groups (one WAL flush for several), but one user's writes queue
// on that user's counter row; SQLite has one writer whatever the users.
let writers = 8
let concurrentCount = min(options.single, max(800, options.tasks / 20))
let perWriter = concurrentCount / writers
let concurrentIDs = ConcurrentIDs()
let otherUsers = try (0..<writers).map { _ in
    try store.createUser(email: "bench-\(UUID.random().uuidString.prefix(8))@example.com", name: nil, passwordHash: nil, now: Date())
}
for (name, ownUsers) in [("one user", false), ("a user each", true)] where perWriter > 0 {
    start = monotonicSeconds()
    DispatchQueue.concurrentPerform(iterations: writers) { writer in
        var local = SplitMix(state: UInt64(1000 + writer))
        let owner = ownUsers ? otherUsers[writer].id : user.id
        for i in 0..<perWriter {
            do {
                let draft = makeDraft(options.tasks + options.single + writer * perWriter + i, &local, base: base)
                let task = try store.createTask(draft, userID: owner, now: Date())
                if !ownUsers { concurrentIDs.append(task.id) }
            } catch {
                fatalError("concurrent create failed: \(error)")
            }
        }
    }
    elapsed = monotonicSeconds() - start
    report("create (\(writers) concurrent writers, \(name), 1 per transaction)", String(format: "%.0f /s", Double(perWriter * writers) / elapsed))
}
ids += concurrentIDs.values

// 3. Get by id, over the same random ids twice: the first pass warms the page cache and the
// memory map, as a running server has them; the second is measured.
let gets = options.queries * 25
let probes = (0..<gets).map { _ in ids[Int(rng.next() % UInt64(ids.count))] }
for id in probes { _ = try store.task(id: id, userID: user.id) }
start = monotonicSeconds()
for id in probes {
    guard try store.task(id: id, userID: user.id) != nil else { fatalError("missing task") }
}
elapsed = monotonicSeconds() - start
report("get by id (warm)", String(format: "%.0f /s", Double(gets) / elapsed))

// 4. Filtered, sorted lists of 50, each followed by its next page.
let listQueries: [(String, TaskQuery)] = [
    ("list 50: pending, by due", TaskQuery(status: .pending, sort: .due, limit: 50)),
    ("list 50: pending, tag work, by due", TaskQuery(status: .pending, tags: ["work"], sort: .due, limit: 50)),
    ("list 50: pending, high priority, by due", TaskQuery(status: .pending, priorities: [.high], sort: .due, limit: 50)),
    ("list 50: all, by priority", TaskQuery(status: .all, sort: .priority, limit: 50)),
    ("list 50: completed, by updated", TaskQuery(status: .completed, sort: .updated, limit: 50)),
]
for (name, query) in listQueries {
    var latencies = Latencies()
    var cursor: String?
    for _ in 0..<options.queries {
        var q = query
        q.cursor = cursor
        let t0 = monotonicSeconds()
        let page = try store.listTasks(q, userID: user.id)
        latencies.add(monotonicSeconds() - t0)
        precondition(page.tasks.count == 50 || page.nextCursor == nil, "short page")
        cursor = page.nextCursor
    }
    report(name, String(format: "p50 %.2f ms, p99 %.2f ms", latencies.percentile(0.5), latencies.percentile(0.99)))
}

// 5. Full-text search for a word in 1% of the tasks: first 50 by rank. The first search is
// reported apart: it may find the full-text index behind the writes.
var firstSearch = monotonicSeconds()
_ = try store.listTasks(TaskQuery(status: .all, search: rareWord, limit: 50), userID: user.id)
firstSearch = monotonicSeconds() - firstSearch
report("search (word in 1%): the first, right after the writes", String(format: "%.2f ms", firstSearch * 1000))
var latencies = Latencies()
var found = 0
for _ in 0..<max(50, options.queries / 4) {
    let t0 = monotonicSeconds()
    found = try store.listTasks(TaskQuery(status: .all, search: rareWord, limit: 50), userID: user.id).tasks.count
    latencies.add(monotonicSeconds() - t0)
}
precondition(found >= min(50, options.tasks / 100), "search found \(found)")
report("search (word in 1%), first 50 by rank", String(format: "p50 %.2f ms, p99 %.2f ms", latencies.percentile(0.5), latencies.percentile(0.99)))
