import Foundation
import TodoLog

// The access log's cost per line (issue 12, item 9): `threads` threads each log `lines` lines
// shaped like the access log's through one `LogWriter` into /dev/null. CPU time per line is
// the process's user + system time over the lines, so it counts lock contention and the
// writer's flushes as well as building the line. Best of 5 runs.

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func run(threads: Int, lines: Int) -> (rate: Double, cpuNanoseconds: Double) {
    let sink = open("/dev/null", O_WRONLY)
    defer { close(sink) }
    let writer = LogWriter(descriptor: sink)
    let logger = Logger(label: "todo.serve", writer: writer)
    let cpuBefore = cpuSeconds()
    let clock = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        for index in 0..<lines {
            logger.log(.info, "request") { line in
                line.field("method", "GET")
                line.field("path", "/healthz")
                line.field("status", 200)
                line.field("duration_ms", microsecondsAsMilliseconds: UInt64(index % 5000))
                line.field("request_id", "01JEXAMPLE\(thread)")
                line.field("remote", "127.0.0.1")
            }
        }
    }
    writer.flush()
    let elapsed = ContinuousClock.now - clock
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let total = Double(threads * lines)
    return (total / seconds, (cpuSeconds() - cpuBefore) / total * 1e9)
}

// `todo-bench-log LINES THREADS` runs one configuration once, for instruction counts that do
// not depend on the machine's load (`valgrind --tool=callgrind todo-bench-log 100000 1`).
let lines = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 500_000
if let threads = CommandLine.arguments.dropFirst(2).first.flatMap({ Int($0) }) {
    let result = run(threads: threads, lines: lines / threads)
    print("\(threads) threads: \(Int(result.rate).formatted()) lines/s, \(Int(result.cpuNanoseconds)) CPU ns/line")
    exit(0)
}
print("| threads | lines | lines/s | CPU ns/line |")
print("|---|---|---|---|")
for threads in [1, 2, 4, 8] {
    var best = (rate: 0.0, cpuNanoseconds: Double.infinity)
    for _ in 0..<5 {
        let result = run(threads: threads, lines: lines / threads)
        if result.rate > best.rate { best = result }
    }
    print("| \(threads) | \((lines / threads * threads).formatted()) | \(Int(best.rate).formatted()) | \(Int(best.cpuNanoseconds)) |")
}
