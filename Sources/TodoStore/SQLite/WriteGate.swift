import Foundation
import TodoLog

/// Which threads go first: a thread that applies events in the background (a consumer, the
/// relay, the search indexer) marks itself; its transactions let waiting request writes go
/// first, and the kernel gives requests the cores first.
public enum ThreadPriority {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Marks the calling thread as background work, for the rest of its life: its writes wait
    /// for request writes (`WriteGate`), and it runs 10 nice levels below them. With the services
    /// at the requests' priority, a chat turn on a busy core shared it with every consumer's
    /// batch: at 2 000 turns/s on one core the lowered services cut the turns' p99 (20–49 → 12–32
    /// ms in seven alternated runs), and creates on two cores rose ~9% as the services' batches
    /// grew; their lag stays under a second of events and is gone as soon as the load eases
    /// (docs/benchmarks.md).
    public static func markCurrentThreadAsBackground() {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        Thread.lowerCurrentPriority()
    }

    static var isBackground: Bool { pthread_getspecific(key) != nil }
}

/// The SQLite writer's lock, with request writes first: a background writer waits while a
/// request write waits, but not for more than `maxInARow` of them, so background work (the
/// audit trail, the event log's consumers) still keeps up under a steady stream of requests.
/// At 2 000 chat turns/s a turn's record waited behind consumers' batches: with the gate, the
/// turns' p99 was lower in six alternated pairs out of six (docs/benchmarks.md).
final class WriteGate: @unchecked Sendable {
    static let maxInARow = 8

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let foregroundTurn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let backgroundTurn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var held = false
    private var foregroundWaiting = 0
    private var backgroundWaiting = 0
    private var foregroundInARow = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(foregroundTurn, nil)
        pthread_cond_init(backgroundTurn, nil)
    }

    deinit {
        pthread_cond_destroy(backgroundTurn)
        pthread_cond_destroy(foregroundTurn)
        pthread_mutex_destroy(mutex)
        backgroundTurn.deallocate()
        foregroundTurn.deallocate()
        mutex.deallocate()
    }

    func lock() {
        let background = ThreadPriority.isBackground
        pthread_mutex_lock(mutex)
        if background {
            backgroundWaiting += 1
            while held || (foregroundWaiting > 0 && foregroundInARow < Self.maxInARow) { pthread_cond_wait(backgroundTurn, mutex) }
            backgroundWaiting -= 1
            foregroundInARow = 0
        } else {
            foregroundWaiting += 1
            while held { pthread_cond_wait(foregroundTurn, mutex) }
            foregroundWaiting -= 1
            if backgroundWaiting > 0 { foregroundInARow += 1 }
        }
        held = true
        pthread_mutex_unlock(mutex)
    }

    /// Writers waiting now, for tests.
    var waiting: (foreground: Int, background: Int) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return (foregroundWaiting, backgroundWaiting)
    }

    func unlock() {
        pthread_mutex_lock(mutex)
        held = false
        if foregroundWaiting > 0, backgroundWaiting == 0 || foregroundInARow < Self.maxInARow {
            pthread_cond_signal(foregroundTurn)
        } else if backgroundWaiting > 0 {
            pthread_cond_signal(backgroundTurn)
        }
        pthread_mutex_unlock(mutex)
    }
}
