import Foundation

/// A small memo of values computed from keys, one per thread: looked up on every request's hot
/// path on many threads at once, it shares no lock. Bounded: past `limit` entries it starts over.
/// Keep one instance per kind of value in a `static let`; it lives as long as the process.
final class PerThreadCache<Key: Hashable, Value>: @unchecked Sendable {
    private final class Storage {
        var values: [Key: Value] = [:]
    }

    private let key: pthread_key_t
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
        var key = pthread_key_t()
        pthread_key_create(&key, releaseThreadValue)
        self.key = key
    }

    /// The value remembered for `key` on this thread, else `make(key)` remembered.
    func value<Failure: Error>(for key: Key, _ make: (Key) throws(Failure) -> Value) throws(Failure) -> Value {
        let storage = self.storage
        if let known = storage.values[key] { return known }
        let value = try make(key)
        if storage.values.count >= limit { storage.values.removeAll(keepingCapacity: true) }
        storage.values[key] = value
        return value
    }

    private var storage: Storage {
        if let stored = pthread_getspecific(key) { return Unmanaged<Storage>.fromOpaque(stored).takeUnretainedValue() }
        let storage = Storage()
        pthread_setspecific(key, Unmanaged.passRetained(storage).toOpaque())
        return storage
    }
}

/// A thread's value of a `pthread_key_t` holding a retained object, released as the thread
/// ends. Free of generic parameters, as a C function pointer must be.
private func releaseThreadValue(_ value: UnsafeMutableRawPointer?) {
    if let value { Unmanaged<AnyObject>.fromOpaque(value).release() }
}
