import Foundation
import Testing
@testable import TodoCore

@Suite struct PerThreadCacheTests {
    /// Counts the values made, across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var made = 0
        func make(_ key: Int) -> String {
            lock.withLock { made += 1 }
            return "value \(key)"
        }
        var count: Int { lock.withLock { made } }
    }

    @Test func makesAValueOncePerThreadAndKey() {
        let cache = PerThreadCache<Int, String>(limit: 10)
        let counter = Counter()
        #expect(cache.value(for: 1, counter.make) == "value 1")
        #expect(cache.value(for: 1, counter.make) == "value 1")
        #expect(cache.value(for: 2, counter.make) == "value 2")
        #expect(counter.count == 2)
        // Another thread has its own values: it makes its own, and this thread's stay.
        let done = DispatchSemaphore(value: 0)
        let finished = Thread {
            _ = cache.value(for: 1, counter.make)
            done.signal()
        }
        finished.start()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(counter.count == 3)
        #expect(cache.value(for: 1, counter.make) == "value 1")
        #expect(counter.count == 3)
    }

    @Test func startsOverPastItsLimit() {
        let cache = PerThreadCache<Int, String>(limit: 3)
        let counter = Counter()
        for key in 0..<3 { _ = cache.value(for: key, counter.make) }
        _ = cache.value(for: 3, counter.make) // full: the three are forgotten
        #expect(counter.count == 4)
        _ = cache.value(for: 3, counter.make)
        _ = cache.value(for: 0, counter.make)
        #expect(counter.count == 5)
    }

    @Test func aFailureIsNotRemembered() {
        struct Refused: Error {}
        let cache = PerThreadCache<Int, String>(limit: 10)
        var attempts = 0
        for _ in 0..<2 {
            #expect(throws: Refused.self) {
                try cache.value(for: 7) { _ throws(Refused) -> String in
                    attempts += 1
                    throw Refused()
                }
            }
        }
        #expect(attempts == 2)
    }

    @Test func aRuleParsedAgainIsTheSameAndABadOneIsRefusedEveryTime() throws {
        let text = "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"
        let first = try RecurrenceRule(parsing: text)
        var changed = try RecurrenceRule(parsing: text)
        changed.count = nil // a copy: what the next parse returns is untouched
        #expect(try RecurrenceRule(parsing: text) == first)
        #expect(first.count == 3)
        for _ in 0..<2 {
            #expect(throws: TaskValidationError.self) { try RecurrenceRule(parsing: "FREQ=WEEKLY;BYMONTHDAY=3") }
        }
    }

    @Test(arguments: [("1st", "st", true), ("friday", "day", true), ("day", "day", true), ("ay", "day", false), ("5PM", "pm", false),
                      ("café", "é", true), ("caf\u{65}\u{301}", "e", false), ("", "s", false), ("s", "", true)])
    func asciiSuffixesAgreeWithHasSuffix(_ text: String, _ suffix: String, _ expected: Bool) {
        if suffix.allSatisfy(\.isASCII) { #expect(text.hasASCIISuffix(suffix) == expected) }
        #expect(text.hasSuffix(suffix) == expected)
    }
}
