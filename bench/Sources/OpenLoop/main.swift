// Open-loop HTTP load: requests at a fixed total rate over N keep-alive connections, each
// request's latency taken from the time it was *scheduled* to be sent, not from when it was.
// A closed-loop client (wrk) waits for each answer before sending the next request, so a slow
// answer delays the requests behind it and they are never counted as late: its p99 hides the
// queueing. Here a connection that falls behind sends at once and the wait counts.
//
//   todo-bench-open-loop --port P --rate R --seconds S --connections N --requests FILE [--threads T] [--trace OUT]
//
// The connections are spread over T threads (2 by default), each waiting on all of its sockets at
// once, so that the client costs little CPU beside the server it measures on the same cores.
//
// FILE has one request per line, tab-separated: USER METHOD PATH TOKEN [BODY]. Every user gets
// traffic: connection c speaks for users c, c + N, c + 2N… (N connections; user c % users when
// there are fewer users than connections), taking them in turn, and sends each user's requests
// in the file's order, as a client of that user would.
// Prints one JSON object: rate asked and achieved, requests sent, errors (non-2xx, broken
// connections), unsent (requests still not sent 5 s after the end), p50, p99 and max in ms, the
// p99 of each second, and, when users have at most 16 requests each, the p99 of each of a
// user's requests by its place in the file (which kind of request is slow). With --trace, OUT
// gets one line a request, in the order they were scheduled: when it was scheduled (s from the
// start, given on a first comment line on the monotonic clock), its latency (ms) and its place (whether slow answers come together, in stalls).
import Foundation

struct Options {
    var port: UInt16 = 0
    var rate = 0.0
    var seconds = 10.0
    var connections = 32
    var requestsPath = ""
    var tracePath: String?
    /// Threads the connections are spread over (each waits on its sockets at once).
    var threads = 2

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--port": port = UInt16(value) ?? 0
            case "--rate": rate = Double(value) ?? 0
            case "--seconds": seconds = Double(value) ?? 0
            case "--connections": connections = Int(value) ?? 0
            case "--requests": requestsPath = value
            case "--trace": tracePath = value
            case "--threads": threads = Int(value) ?? 0
            default: Self.fail("unknown option \(flag)")
            }
        }
        if port == 0 || rate <= 0 || seconds <= 0 || connections <= 0 || threads <= 0 || requestsPath.isEmpty {
            Self.fail("usage: todo-bench-open-loop --port P --rate R --seconds S --connections N --requests FILE [--threads T] [--trace OUT]")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("todo-bench-open-loop: \(message)\n".utf8))
        exit(2)
    }
}

/// The requests of one user, already encoded as HTTP/1.1 bytes.
struct UserRequests: Sendable {
    var encoded: [[UInt8]] = []

    /// What connection `index` of `connections` sends, in order: its users' requests taken in
    /// turn (the first request of each, then the second of each…), with each request's place
    /// in its user's list.
    static func schedule(for index: Int, of connections: Int, users: [UserRequests]) -> [(request: [UInt8], place: Int)] {
        var mine = stride(from: index, to: users.count, by: connections).map { users[$0] }
        if mine.isEmpty { mine = [users[index % users.count]] }
        let longest = mine.map(\.encoded.count).max() ?? 0
        var schedule: [(request: [UInt8], place: Int)] = []
        for place in 0..<longest {
            for user in mine where place < user.encoded.count { schedule.append((user.encoded[place], place)) }
        }
        return schedule
    }

    /// Reads FILE (see the header) into the requests of each user, in user order.
    static func load(_ path: String) -> [UserRequests] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { Options.fail("cannot read \(path)") }
        var byUser: [Int: UserRequests] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, let user = Int(fields[0]) else { Options.fail("bad request line: \(line)") }
            let body = fields.count > 4 ? fields[4] : ""
            var head = "\(fields[1]) \(fields[2]) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(fields[3])\r\n"
            if !body.isEmpty { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
            byUser[user, default: UserRequests()].encoded.append(Array((head + "\r\n" + body).utf8))
        }
        guard !byUser.isEmpty else { Options.fail("no requests in \(path)") }
        return byUser.keys.sorted().map { byUser[$0]! }
    }
}

/// One keep-alive connection to 127.0.0.1, non-blocking: a thread waits on several at once.
final class Connection {
    let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// Bytes received of the response in flight (and any past its end).
    private var response: [UInt8] = []
    private var headerEnd: Int?
    private var bodyLength = 0

    init?(port: UInt16) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0 {
            Glibc.close(socket)
            return nil
        }
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
    }

    deinit { Glibc.close(socket) }

    /// Sends a whole request (a few hundred bytes: the socket's buffer takes it at once; a full
    /// buffer is waited out).
    func send(_ request: [UInt8]) -> Bool {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 { sent += written; continue }
            guard written < 0, errno == EAGAIN || errno == EWOULDBLOCK else { return false }
            var fd = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            _ = poll(&fd, 1, 1000)
        }
        return true
    }

    enum Received { case waiting, complete(status: Int), broken }

    /// Reads what has arrived; `.complete` once the whole response is in.
    func receive() -> Received {
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                response += buffer[..<received]
                continue
            }
            if received < 0, errno == EAGAIN || errno == EWOULDBLOCK { break }
            return .broken
        }
        if headerEnd == nil, let end = Self.headerEnd(response) {
            headerEnd = end
            guard let length = Self.contentLength(response[..<end]) else { return .broken }
            bodyLength = length
        }
        guard let end = headerEnd, response.count >= end + bodyLength else { return .waiting }
        // "HTTP/1.1 200 …": the status is bytes 9–11.
        guard response.count >= 12, let status = Int(String(decoding: response[9..<12], as: UTF8.self)) else { return .broken }
        response = Array(response[(end + bodyLength)...])
        headerEnd = nil
        return .complete(status: status)
    }

    /// The index just past the blank line that ends the head, if it has arrived.
    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 3..<bytes.count where bytes[i] == 10 && bytes[i - 1] == 13 && bytes[i - 2] == 10 && bytes[i - 3] == 13 {
            return i + 1
        }
        return nil
    }

    /// libmicrohttpd answers with Content-Length; a response without it is counted as broken.
    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        for line in String(decoding: head, as: UTF8.self).split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}

/// What one connection measured.
struct ConnectionResult: Sendable {
    var latencies: [Double] = []
    /// When each request was scheduled, in seconds from the start (the same order as latencies).
    var scheduledAt: [Double] = []
    /// Each request's place in its user's list (the same order as latencies).
    var places: [Int] = []
    var errors = 0
    var unsent = 0
}

/// Results collected from the connection threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [ConnectionResult] = []
    func add(_ result: ConnectionResult) {
        lock.lock()
        all.append(result)
        lock.unlock()
    }
    var values: [ConnectionResult] {
        lock.lock()
        defer { lock.unlock() }
        return all
    }
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// What one connection is doing: its schedule, the time its next request is due, and whether
/// one is in flight (sent at `due`, waiting for its answer).
final class Sender: @unchecked Sendable { // made before the threads start, then used by one thread only
    let index: Int
    let schedule: [(request: [UInt8], place: Int)]
    var connection: Connection?
    var next = 0
    var due: Double
    var inFlight = false
    var result = ConnectionResult()

    init(index: Int, schedule: [(request: [UInt8], place: Int)], due: Double) {
        self.index = index
        self.schedule = schedule
        self.due = due
    }
}

/// glibc's `ppoll` (poll with a timeout in nanoseconds: `poll`'s milliseconds would make sends up
/// to a millisecond late, which counts as latency); Swift's Glibc module leaves it out, as it is
/// declared only for _GNU_SOURCE.
@_silgen_name("ppoll")
func ppoll(_ fds: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeout: UnsafePointer<timespec>?, _ mask: UnsafeRawPointer?) -> Int32

/// Sends the share of the schedule of every connection in `senders` from one thread: each
/// connection every `connections / rate` seconds, offset so that all connections' sends
/// interleave evenly. A thread waits on all its sockets at once (ppoll, with the time to the
/// next send as its timeout): a thread per connection, each asleep between its own sends, cost
/// more CPU than the server at tens of thousands of requests a second on the same cores.
func run(_ senders: [Sender], options: Options, start: Double) {
    let interval = Double(options.connections) / options.rate
    let end = start + options.seconds
    // A connection that falls this far behind stops: what it did not send is reported.
    let giveUp = end + 5
    func finish(_ sender: Sender, status: Int?, at now: Double) {
        sender.result.latencies.append(now - sender.due)
        sender.result.scheduledAt.append(sender.due - start)
        sender.result.places.append(sender.schedule[sender.next % sender.schedule.count].place)
        if status == nil { sender.connection = nil }
        if !(200..<300).contains(status ?? 0) { sender.result.errors += 1 }
        sender.inFlight = false
        sender.next += 1
        sender.due += interval
    }
    var fds = [pollfd](repeating: pollfd(), count: senders.count)
    while true {
        var now = monotonicSeconds()
        if now > giveUp {
            // A request still unanswered is counted as broken, as a read timing out was before.
            for sender in senders where sender.inFlight { finish(sender, status: nil, at: now) }
            for sender in senders where sender.due < end { sender.result.unsent = Int(((end - sender.due) / interval).rounded(.up)) }
            return
        }
        // Send what is due on every idle connection.
        var earliest = Double.infinity
        for sender in senders where !sender.inFlight && sender.due < end {
            if sender.due <= now {
                if sender.connection == nil { sender.connection = Connection(port: options.port) }
                if let connection = sender.connection, connection.send(sender.schedule[sender.next % sender.schedule.count].request) {
                    sender.inFlight = true
                } else {
                    finish(sender, status: nil, at: monotonicSeconds())
                    if sender.due < end { earliest = min(earliest, sender.due) }
                }
            } else {
                earliest = min(earliest, sender.due)
            }
        }
        let waiting = senders.filter(\.inFlight)
        if waiting.isEmpty && earliest == .infinity { return }
        for (slot, sender) in waiting.enumerated() { fds[slot] = pollfd(fd: sender.connection!.socket, events: Int16(POLLIN), revents: 0) }
        now = monotonicSeconds()
        let wait = earliest == .infinity ? 0.1 : max(0, earliest - now)
        var timeout = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - wait.rounded(.down)) * 1e9))
        let ready = ppoll(&fds, nfds_t(waiting.count), &timeout, nil)
        guard ready > 0 else { continue }
        for (slot, sender) in waiting.enumerated() where fds[slot].revents != 0 {
            switch sender.connection!.receive() {
            case .waiting: continue
            case .complete(let status): finish(sender, status: status, at: monotonicSeconds())
            case .broken: finish(sender, status: nil, at: monotonicSeconds())
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let users = UserRequests.load(options.requestsPath)
let results = Results()
let done = DispatchGroup()
// Connections get going before the clock starts, so the first sends are on time.
let start = monotonicSeconds() + 0.2
let senders = (0..<options.connections).map { index in
    Sender(index: index, schedule: UserRequests.schedule(for: index, of: options.connections, users: users),
           due: start + Double(index) / options.rate)
}
for sender in senders { sender.connection = Connection(port: options.port) }
let threads = min(options.threads, options.connections)
for thread in 0..<threads {
    done.enter()
    let mine = senders.filter { $0.index % threads == thread }
    let worker = Thread { [results, options, start, done] in
        run(mine, options: options, start: start)
        for sender in mine { results.add(sender.result) }
        done.leave()
    }
    worker.start()
}
done.wait()

let measured = results.values
let latencies = measured.flatMap(\.latencies).sorted()
func percentile(_ p: Double) -> Double {
    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
}
// p99 of each second of the run: a tail that grows as the data does looks different from
// spikes spread over the run.
var bySecond = [[Double]](repeating: [], count: max(1, Int(options.seconds.rounded(.up))))
for result in measured {
    for (latency, at) in zip(result.latencies, result.scheduledAt) { bySecond[min(bySecond.count - 1, max(0, Int(at)))].append(latency) }
}
func p99(_ latencies: [Double]) -> Double {
    let sorted = latencies.sorted()
    return sorted.isEmpty ? 0 : (sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))] * 10000).rounded() / 10
}
let p99BySecond = bySecond.map(p99)
var byPlace = [[Double]](repeating: [], count: (measured.flatMap(\.places).max() ?? 0) + 1)
for result in measured {
    for (latency, place) in zip(result.latencies, result.places) { byPlace[place].append(latency) }
}
var summary: [String: Any] = [
    "rate": options.rate,
    "achieved": Double(latencies.count) / options.seconds,
    "sent": Double(latencies.count),
    "errors": Double(measured.map(\.errors).reduce(0, +)),
    "unsent": Double(measured.map(\.unsent).reduce(0, +)),
    "p50_ms": percentile(0.5),
    "p99_ms": percentile(0.99),
    "max_ms": (latencies.last ?? 0) * 1000,
    "p99_by_second_ms": p99BySecond,
]
// Only for short lists (a mix of kinds of request, as the chat benchmark's): a list of hundreds
// of reads would print hundreds of figures that say nothing apart.
if byPlace.count <= 16 { summary["p99_by_request_ms"] = byPlace.map(p99) }
if let tracePath = options.tracePath {
    var lines = measured.flatMap { result in zip(result.scheduledAt, zip(result.latencies, result.places)).map { ($0, $1.0, $1.1) } }
    lines.sort { $0.0 < $1.0 }
    let text = "# start \(start) (CLOCK_MONOTONIC, s)\n" + lines.map { String(format: "%.4f\t%.2f\t%d\n", $0.0, $0.1 * 1000, $0.2) }.joined()
    try Data(text.utf8).write(to: URL(fileURLWithPath: tracePath))
}
let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
FileHandle.standardOutput.write(json + Data("\n".utf8))
