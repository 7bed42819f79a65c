// Open-loop HTTP load: requests at a fixed total rate over N keep-alive connections, each
// request's latency taken from the time it was *scheduled* to be sent, not from when it was.
// A closed-loop client (wrk) waits for each answer before sending the next request, so a slow
// answer delays the requests behind it and they are never counted as late: its p99 hides the
// queueing. Here a connection that falls behind sends at once and the wait counts.
//
//   todo-bench-open-loop --port P --rate R --seconds S --connections N --requests FILE [--trace OUT]
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
            default: Self.fail("unknown option \(flag)")
            }
        }
        if port == 0 || rate <= 0 || seconds <= 0 || connections <= 0 || requestsPath.isEmpty {
            Self.fail("usage: todo-bench-open-loop --port P --rate R --seconds S --connections N --requests FILE [--trace OUT]")
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

/// One keep-alive connection to 127.0.0.1, with blocking reads bounded by a timeout.
final class Connection {
    private let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// Bytes received past the end of the last response (none with one request in flight).
    private var pending: [UInt8] = []

    init?(port: UInt16) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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
    }

    deinit { Glibc.close(socket) }

    /// Sends the request and reads its response; returns the status, or nil if the connection broke.
    func exchange(_ request: [UInt8]) -> Int? {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return nil }
            sent += written
        }
        var response = pending
        pending = []
        var headerEnd: Int?
        var bodyLength = 0
        while true {
            if headerEnd == nil, let end = Self.headerEnd(response) {
                headerEnd = end
                guard let length = Self.contentLength(response[..<end]) else { return nil }
                bodyLength = length
            }
            if let end = headerEnd, response.count >= end + bodyLength {
                pending = Array(response[(end + bodyLength)...])
                // "HTTP/1.1 200 …": the status is bytes 9–11.
                guard response.count >= 12, let status = Int(String(decoding: response[9..<12], as: UTF8.self)) else { return nil }
                return status
            }
            let received = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { return nil }
            response += buffer[..<received]
        }
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

func sleep(until seconds: Double) {
    var time = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
}

/// Sends connection `index`'s share of the schedule: every `connections / rate` seconds, offset
/// so the connections' sends interleave evenly.
func run(index: Int, options: Options, schedule: [(request: [UInt8], place: Int)], start: Double) -> ConnectionResult {
    var result = ConnectionResult()
    let interval = Double(options.connections) / options.rate
    let end = start + options.seconds
    // A connection that falls this far behind stops: what it did not send is reported.
    let giveUp = end + 5
    var connection = Connection(port: options.port)
    var scheduled = start + Double(index) / options.rate
    var next = 0
    while scheduled < end {
        if monotonicSeconds() > giveUp {
            result.unsent = Int(((end - scheduled) / interval).rounded(.up))
            break
        }
        sleep(until: scheduled)
        if connection == nil { connection = Connection(port: options.port) }
        let (request, place) = schedule[next % schedule.count]
        let status = connection?.exchange(request)
        result.latencies.append(monotonicSeconds() - scheduled)
        result.scheduledAt.append(scheduled - start)
        result.places.append(place)
        if status == nil { connection = nil }
        if !(200..<300).contains(status ?? 0) { result.errors += 1 }
        next += 1
        scheduled += interval
    }
    return result
}

let options = Options(CommandLine.arguments)
let users = UserRequests.load(options.requestsPath)
let results = Results()
let done = DispatchGroup()
// Connections get going before the clock starts, so the first sends are on time.
let start = monotonicSeconds() + 0.2
for index in 0..<options.connections {
    done.enter()
    let schedule = UserRequests.schedule(for: index, of: options.connections, users: users)
    let thread = Thread { [results, options, start, done] in
        results.add(run(index: index, options: options, schedule: schedule, start: start))
        done.leave()
    }
    thread.start()
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
