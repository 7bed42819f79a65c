import Foundation
import Testing
import TodoLog

@Suite struct LogWriterTests {
    /// Several threads logging at once, the buffer flushed many times on the way: the file
    /// reads in time order, with every line whole and none lost.
    @Test func linesFromManyThreadsReachTheFileInTimeOrder() {
        let file = LogFile()
        // A small buffer, so it fills and flushes while the threads are still logging.
        let writer = LogWriter(descriptor: file.descriptor, interval: .seconds(600), limit: 4096)
        let logger = Logger(label: "test", writer: writer)
        let threads = 6, linesPerThread = 400
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<linesPerThread {
                logger.info("tick", [("thread", String(thread)), ("index", String(index))])
                if index % 50 == 0 { usleep(1000) }
            }
        }
        writer.flush()

        let lines = file.lines()
        #expect(lines.count == threads * linesPerThread)
        let times = lines.compactMap { $0.logField("time") }
        #expect(times.count == lines.count)
        let firstDisorder = times.indices.dropLast().first { times[$0] > times[$0 + 1] }
        #expect(firstDisorder == nil, "line \(firstDisorder ?? 0) is later than the next: \(firstDisorder.map { lines[$0...($0 + 1)] } ?? [])")
        for thread in 0..<threads {
            let indices = lines.filter { $0.logField("thread") == String(thread) }.compactMap { $0.logField("index").flatMap { Int($0) } }
            #expect(indices == Array(0..<linesPerThread), "thread \(thread)'s lines are missing or out of order")
        }
    }

    @Test func aLineLongerThanTheBufferIsWrittenWhole() {
        let file = LogFile()
        let writer = LogWriter(descriptor: file.descriptor, interval: .seconds(600), limit: 1024)
        let logger = Logger(label: "test", writer: writer)
        logger.info("before")
        logger.info("long", [("value", String(repeating: "x", count: 5000))])
        logger.info("after")
        writer.flush()

        let lines = file.lines()
        #expect(lines.map { $0.logField("msg") } == ["before", "long", "after"])
        #expect(lines[1].logField("value")?.count == 5000)
    }

    @Test func levelsBelowTheLoggersAreDropped() {
        let file = LogFile()
        let writer = LogWriter(descriptor: file.descriptor, interval: .seconds(600))
        let logger = Logger(label: "test", level: .warning, writer: writer)
        logger.debug("d")
        logger.info("i")
        logger.warning("w")
        logger.error("e")
        writer.flush()

        #expect(file.lines().map { $0.logField("level") } == ["warning", "error"])
    }
}
