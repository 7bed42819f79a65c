import Foundation
import Synchronization

/// A token bucket per key (a client address, an email): `rate.attempts` at once, refilled
/// evenly over `rate.period`. Monotonic time, so a clock change neither locks anyone out nor
/// lets anyone in.
final class AttemptBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let rate: SignInLimits.Rate
    /// Keys kept at most; beyond, buckets that have refilled are forgotten first (they hold
    /// nothing), then all (a flood of that many distinct keys resets the counts).
    private let maxKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: SignInLimits.Rate, maxKeys: Int = 100_000) {
        self.rate = rate
        self.maxKeys = maxKeys
    }

    /// Takes one token of `key`; when none is left, how many seconds until one is (≥ 1).
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        withRefilled(key, now: now) { bucket in
            guard bucket.tokens >= 1 else { return self.secondsUntilToken(bucket) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Like `take` without taking: whether `key` has a token left.
    func check(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        withRefilled(key, now: now) { bucket in bucket.tokens >= 1 ? nil : self.secondsUntilToken(bucket) }
    }

    /// Takes a token of `key` if one is left (an attempt that failed after `check` let it in).
    func spend(_ key: String, now: ContinuousClock.Instant = .now) {
        withRefilled(key, now: now) { bucket in bucket.tokens = max(0, bucket.tokens - 1) }
    }

    private var tokensPerSecond: Double { Double(rate.attempts) / rate.period }

    private func secondsUntilToken(_ bucket: Bucket) -> Int {
        max(1, Int(((1 - bucket.tokens) / tokensPerSecond).rounded(.up)))
    }

    private func withRefilled<T>(_ key: String, now: ContinuousClock.Instant, _ body: (inout Bucket) -> T) -> T {
        let capacity = Double(rate.attempts)
        return buckets.withLock { buckets in
            if buckets.count >= maxKeys && buckets[key] == nil { prune(&buckets, now: now) }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(capacity, bucket.tokens + max(0, seconds) * tokensPerSecond)
            bucket.updated = now
            let result = body(&bucket)
            buckets[key] = bucket
            return result
        }
    }

    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        let full = Double(rate.attempts)
        buckets = buckets.filter { _, bucket in
            let elapsed = now - bucket.updated
            return bucket.tokens + Double(elapsed.components.seconds) * tokensPerSecond < full
        }
        if buckets.count >= maxKeys { buckets.removeAll(keepingCapacity: true) }
    }
}
