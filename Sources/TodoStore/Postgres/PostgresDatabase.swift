import Foundation

/// A PostgreSQL database reached through libpq, with a small connection pool.
///
/// `write` runs its closure inside `BEGIN … COMMIT` (rolled back when it throws) and runs it
/// again when PostgreSQL reports a serialization failure or deadlock, or when the connection
/// was lost before the commit: the closure must be safe to run more than once.
///
/// `read` runs its statements outside any transaction: each sees a consistent snapshot of its
/// own, as with the SQLite store, and the store's reads are single statements. (A read-only
/// transaction around the closure costs a second round trip: it about halved single-statement
/// reads per second on this machine.) Several statements that must agree belong in `write`.
///
/// In PostgreSQL a failed statement aborts its transaction: a closure that catches a
/// `DatabaseError` cannot carry on with more statements (they fail, and `write` reports the
/// transaction as rolled back).
public final class PostgresDatabase: SQLDatabase, Sendable {
    public let dialect = SQLDialect.postgres
    public let displayURL: String
    public let commits = WakeSignal()

    public func changes(to table: String) -> WakeSignal { commits }
    private let pool: PostgresConnectionPool

    /// How many times `write` runs its closure when PostgreSQL keeps reporting a
    /// serialization failure or deadlock.
    static let maxWriteAttempts = 5

    /// Connects to the database at `url` (`postgres://user:password@host:port/db?…`), opening
    /// one connection now so that a wrong URL or a server that is down is reported here, as
    /// `StoreError.unreachable` (the message never shows the password). Up to `poolSize`
    /// connections are opened as concurrent use demands.
    public init(url: String, poolSize: Int = 4) throws {
        let displayURL = DatabaseURL.redactPassword(url)
        self.displayURL = displayURL
        pool = PostgresConnectionPool(capacity: poolSize) {
            do throws(DatabaseError) {
                return try PostgresConnection(url: url)
            } catch {
                throw StoreError.unreachable(url: displayURL, reason: Self.scrub(error.message, ofPasswordIn: url))
            }
        }
        let first = try pool.checkout()
        pool.checkin(first)
    }

    deinit {
        pool.close()
    }

    @discardableResult
    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try read(beginning: nil, body)
    }

    public func readSnapshot<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try read(beginning: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
    }

    /// Runs `body` on a pooled connection, in a transaction started with `begin` if given
    /// (sent along with the first statement, and rolled back at the end: nothing to keep).
    private func read<T>(beginning begin: String?, _ body: (any SQLConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            let connection = try pool.checkout()
            if let begin { connection.beginTransaction(begin) }
            do {
                let value = try body(connection)
                // In case the closure opened a transaction itself.
                connection.rollbackTransaction()
                pool.checkin(connection)
                return value
            } catch {
                connection.rollbackTransaction()
                let lost = !connection.isUsable
                pool.checkin(connection)
                // A pooled connection can be stale (the server restarted): one more try on a new one.
                if lost, attempt == 1, Self.kind(of: error) == .connection {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    @discardableResult
    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            let connection = try pool.checkout()
            connection.beginTransaction("BEGIN")
            let value: T
            do {
                value = try body(connection)
            } catch {
                connection.rollbackTransaction()
                let lost = !connection.isUsable
                pool.checkin(connection)
                // Nothing was committed, so the whole transaction can run again.
                switch Self.kind(of: error) {
                case .retryable where attempt < Self.maxWriteAttempts:
                    Self.backOff(attempt)
                    attempt += 1
                    continue
                case .connection where lost && attempt == 1:
                    attempt += 1
                    continue
                default:
                    throw error
                }
            }
            do {
                try connection.commitTransaction()
            } catch {
                connection.rollbackTransaction()
                pool.checkin(connection)
                // A lost connection during COMMIT leaves the outcome unknown: never retried.
                if error.kind == .retryable, attempt < Self.maxWriteAttempts {
                    Self.backOff(attempt)
                    attempt += 1
                    continue
                }
                throw error
            }
            pool.checkin(connection)
            commits.signal()
            return value
        }
    }

    public func close() {
        pool.close()
    }

    // MARK: Helpers

    /// The kind of a driver error, also when the store wrapped it.
    private static func kind(of error: any Error) -> DatabaseError.Kind? {
        switch error {
        case let error as DatabaseError: error.kind
        case StoreError.database(let error): error.kind
        default: nil
        }
    }

    /// Sleeps a little longer after each conflict, with jitter so that rivals fall out of step.
    private static func backOff(_ attempt: Int) {
        usleep(UInt32(attempt * Int.random(in: 1_000...5_000)))
    }

    /// libpq's message with the URL's password (as written and percent-decoded) masked, in
    /// case a parse error quotes part of the URL.
    static func scrub(_ message: String, ofPasswordIn url: String) -> String {
        var passwords: [String] = []
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                passwords.append(String(authority[authority.index(after: colon)..<at]))
            }
        }
        if let query = url.firstIndex(of: "?") {
            for pair in url[url.index(after: query)...].split(separator: "&") where pair.hasPrefix("password=") {
                passwords.append(String(pair.dropFirst("password=".count)))
            }
        }
        var scrubbed = message
        for password in passwords where !password.isEmpty {
            for form in Set([password, password.removingPercentEncoding ?? password]) where !form.isEmpty {
                scrubbed = masking(form, in: scrubbed)
            }
        }
        return scrubbed
    }

    /// `text` with each occurrence of `secret` that stands apart (no letter or digit right
    /// before or after it) replaced by `***`: a short password ("e") also appears inside the
    /// message's words, which must stay readable.
    static func masking(_ secret: String, in text: String) -> String {
        var result = "", rest = text[...]
        while let found = rest.range(of: secret) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let standsApart = !(before?.isLetter ?? false || before?.isNumber ?? false) && !(after?.isLetter ?? false || after?.isNumber ?? false)
            result += rest[..<found.lowerBound] + (standsApart ? "***" : rest[found])
            rest = rest[found.upperBound...]
        }
        return result + rest
    }
}
