import Foundation

/// Up to `capacity` connections, opened on demand and lent to one thread at a time.
///
/// A connection that comes back unusable (lost, or in an unknown protocol state) is finished,
/// and so are the idle ones: when one connection died the server has most likely restarted.
/// The next checkout then connects afresh.
final class PostgresConnectionPool: @unchecked Sendable {
    let capacity: Int
    /// How long a checkout waits for a free connection before it gives up (a nested
    /// `read` inside `write` on a full pool would otherwise wait forever).
    let checkoutTimeout: TimeInterval

    private let connect: @Sendable () throws -> PostgresConnection
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var isClosed = false

    init(capacity: Int, checkoutTimeout: TimeInterval = 30, connect: @escaping @Sendable () throws -> PostgresConnection) {
        self.capacity = max(1, capacity)
        self.checkoutTimeout = checkoutTimeout
        self.connect = connect
    }

    /// A connection for the caller's exclusive use until `checkin`.
    func checkout() throws -> PostgresConnection {
        let deadline = Date(timeIntervalSinceNow: checkoutTimeout)
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw DatabaseError(kind: .other, code: "closed", message: "the database has been closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                return connection
            }
            if openCount < capacity {
                openCount += 1
                condition.unlock()
                do {
                    return try connect()
                } catch {
                    condition.lock()
                    openCount -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw DatabaseError(kind: .busy, code: "pool",
                                    message: "no database connection became free within \(Int(checkoutTimeout)) s (all \(capacity) are in use)")
            }
        }
    }

    /// Returns a connection taken with `checkout`.
    func checkin(_ connection: PostgresConnection) {
        var finished: [PostgresConnection] = []
        condition.lock()
        if isClosed || !connection.isUsable {
            finished.append(connection)
            if !connection.isUsable {
                finished += idle
                idle.removeAll()
            }
            openCount -= finished.count
            condition.broadcast()
        } else {
            idle.append(connection)
            condition.signal()
        }
        condition.unlock()
        // Connections are finished (deinit) here, outside the lock.
        finished.removeAll()
    }

    /// Finishes the idle connections now and the lent ones when they come back.
    func close() {
        condition.lock()
        isClosed = true
        var finished = idle
        idle.removeAll()
        openCount -= finished.count
        condition.broadcast()
        condition.unlock()
        finished.removeAll()
    }
}
