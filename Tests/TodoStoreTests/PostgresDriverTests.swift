import Foundation
import Testing
@testable import TodoStore
import TodoTestSupport

/// The PostgreSQL driver itself (the store suite covers what is built on it). The tests that
/// need a server run when `TODO_TEST_POSTGRES_URL` names one (scripts/postgres-test-cluster).
@Suite struct PostgresDriverTests {
    // MARK: Placeholders (no server needed)

    @Test func rewritesPlaceholdersInOrder() {
        let rewritten = PostgresPlaceholders.rewrite("SELECT * FROM tasks WHERE user_id = ? AND number > ? LIMIT ?")
        #expect(rewritten.sql == "SELECT * FROM tasks WHERE user_id = $1 AND number > $2 LIMIT $3")
        #expect(rewritten.parameterCount == 3)
    }

    @Test func leavesQuestionMarksInLiteralsIdentifiersAndComments() {
        let cases: [(String, String, Int)] = [
            ("SELECT 'why?', ?", "SELECT 'why?', $1", 1),
            ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1),
            ("SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1),
            ("SELECT \"odd?\" FROM t WHERE a = ?", "SELECT \"odd?\" FROM t WHERE a = $1", 1),
            ("SELECT ? -- is it?\n, ?", "SELECT $1 -- is it?\n, $2", 2),
            ("SELECT /* a /* nested? */ comment? */ ?", "SELECT /* a /* nested? */ comment? */ $1", 1),
            ("SELECT $$what?$$, $q$why?$q$, ?", "SELECT $$what?$$, $q$why?$q$, $1", 1),
            ("SELECT ?::bigint, x$y FROM t", "SELECT $1::bigint, x$y FROM t", 1),
            ("SELECT 1", "SELECT 1", 0),
            ("SELECT 'unterminated ?", "SELECT 'unterminated ?", 0),
        ]
        for (sql, expected, count) in cases {
            let rewritten = PostgresPlaceholders.rewrite(sql)
            #expect(rewritten.sql == expected, "\(sql)")
            #expect(rewritten.parameterCount == count, "\(sql)")
        }
    }

    @Test func numbersBeyondNine() {
        let sql = "VALUES (" + Array(repeating: "?", count: 12).joined(separator: ", ") + ")"
        let rewritten = PostgresPlaceholders.rewrite(sql)
        #expect(rewritten.sql == "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        #expect(rewritten.parameterCount == 12)
    }

    @Test func sqlStatesMapToKinds() {
        #expect(PostgresError.kind(sqlState: "23505") == .uniqueViolation)
        #expect(PostgresError.kind(sqlState: "23503") == .constraintViolation)
        #expect(PostgresError.kind(sqlState: "23514") == .constraintViolation)
        #expect(PostgresError.kind(sqlState: "40001") == .retryable)
        #expect(PostgresError.kind(sqlState: "40P01") == .retryable)
        #expect(PostgresError.kind(sqlState: "08006") == .connection)
        #expect(PostgresError.kind(sqlState: "57P01") == .connection)
        #expect(PostgresError.kind(sqlState: "42P01") == .other)
    }

    // MARK: Unreachable servers (no server needed)

    @Test func closedPortIsUnreachableWithoutThePassword() throws {
        let port = try Self.closedLoopbackPort()
        let url = "postgres://todo:s3cret-Passw0rd@127.0.0.1:\(port)/todo_test"
        let started = Date()
        do {
            _ = try PostgresDatabase(url: url)
            Issue.record("connecting to a closed port succeeded")
        } catch StoreError.unreachable(let shownURL, let reason) {
            let message = StoreError.unreachable(url: shownURL, reason: reason).description
            #expect(shownURL == "postgres://todo:***@127.0.0.1:\(port)/todo_test")
            #expect(message.contains("127.0.0.1"))
            #expect(message.contains("\(port)"))
            #expect(!message.contains("s3cret"))
            #expect(!reason.contains("\n"))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func malformedURLIsUnreachableWithoutThePassword() throws {
        let url = "postgres://todo:s3cret%zz@127.0.0.1:notaport/todo_test"
        let error = try #require(throws: StoreError.self) { _ = try PostgresDatabase(url: url) }
        guard case .unreachable(let shownURL, let reason) = error else {
            Issue.record("expected .unreachable, got \(error)")
            return
        }
        #expect(!shownURL.contains("s3cret"))
        #expect(!reason.contains("s3cret"))
        #expect(!reason.isEmpty)
    }

    /// A loopback port nobody listens on: bound, then released.
    static func closedLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: Against a server

    @Suite(.enabled(if: TestComponent.postgres.runsTests, "needs PostgreSQL: run scripts/test"))
    struct AgainstServer {
        let url = ProcessInfo.processInfo.environment["TODO_TEST_POSTGRES_URL"] ?? ""

        init() throws {
            try TestComponent.postgres.require()
        }

        func makeDatabase(poolSize: Int = 4) throws -> PostgresDatabase {
            try PostgresDatabase(url: url, poolSize: poolSize)
        }

        /// A fresh table `name (id BIGINT PRIMARY KEY, value TEXT)`, dropped by `dropTable`.
        func makeTable(_ database: PostgresDatabase) throws -> String {
            let name = "driver_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try database.write { try $0.executeScript("CREATE TABLE \(name) (id BIGINT PRIMARY KEY, value TEXT)") }
            return name
        }

        func dropTable(_ name: String, _ database: PostgresDatabase) {
            _ = try? database.write { try $0.executeScript("DROP TABLE IF EXISTS \(name)") }
        }

        @Test func deferredStatementsAreWrittenWithTheCommitAndSeenByLaterStatements() throws {
            let database = try makeDatabase()
            defer { database.close() }
            let table = try makeTable(database)
            defer { dropTable(table, database) }
            // More than one pipeline's worth (`deferredLimit`), so the queue also goes out on its own.
            let count = 250
            let seenInside = try database.write { db in
                for id in 0..<count {
                    try db.executeDeferred("INSERT INTO \(table) (id, value) VALUES (?, ?)", [.int(id), .text("v\(id)")])
                }
                try db.executeDeferred("UPDATE \(table) SET value = 'last' WHERE id = ?", [.int(count - 1)])
                return try db.scalarInt("SELECT count(*) FROM \(table) WHERE value = 'v0'", [])
            }
            #expect(seenInside == 1)
            let rows = try database.read { db in try db.scalarInt("SELECT count(*) FROM \(table)", []) }
            #expect(rows == Int64(count))
            let last = try database.read { db in try db.scalarInt("SELECT count(*) FROM \(table) WHERE value = 'last'", []) }
            #expect(last == 1)
        }

        @Test func aFailingDeferredStatementFailsTheCommitAndWritesNothing() throws {
            let database = try makeDatabase(poolSize: 1)
            defer { database.close() }
            let table = try makeTable(database)
            defer { dropTable(table, database) }
            let insert = "INSERT INTO \(table) (id, value) VALUES (?, ?)"
            do {
                try database.write { db in
                    try db.executeDeferred(insert, [.int(1), .text("one")])
                    try db.executeDeferred(insert, [.int(1), .text("again")])
                    try db.executeDeferred(insert, [.int(2), .text("two")])
                }
                Issue.record("the duplicate key was committed")
            } catch let error as DatabaseError {
                #expect(error.kind == .uniqueViolation)
                #expect(error.sql == insert)
            }
            #expect(try database.read { db in try db.scalarInt("SELECT count(*) FROM \(table)", []) } == 0)
            // The pool's one connection is back in a clean state.
            try database.write { db in try db.executeDeferred(insert, [.int(3), .text("three")]) }
            #expect(try database.read { db in try db.scalarInt("SELECT count(*) FROM \(table)", []) } == 1)
        }

        @Test func questionMarkInsideAStringIsNotAPlaceholder() throws {
            let database = try makeDatabase()
            defer { database.close() }
            let (text, number) = try database.read { db in
                var result: (String, Int64) = ("", 0)
                try db.query("SELECT 'why?' || ?, ? + 1 -- really?", [.text("!"), .integer(41)]) { row in
                    result = (row.text(0), row.int64(1))
                }
                return result
            }
            #expect(text == "why?!")
            #expect(number == 42)
        }

        @Test func everyValueKindRoundTrips() throws {
            let database = try makeDatabase()
            defer { database.close() }
            let integers: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min]
            let reals: [Double] = [0, 0.1, -2.5, 1e300, -1e-300, .greatestFiniteMagnitude, .infinity, -.infinity]
            let texts = ["", "plain", "it's \"quoted\" \\ back", "héllo wörld ✓ 🎉", "line\nbreak\ttab", "?"]
            try database.write { db in
                try db.executeScript("""
                    CREATE TEMP TABLE kinds (
                        i BIGINT, r DOUBLE PRECISION, t TEXT, b BOOLEAN, u UUID, s SMALLINT
                    ) ON COMMIT DROP
                    """)
                var inserted = 0
                for i in integers {
                    inserted += try db.execute("INSERT INTO kinds (i) VALUES (?)", [.integer(i)])
                }
                for r in reals { inserted += try db.execute("INSERT INTO kinds (r) VALUES (?)", [.real(r)]) }
                for t in texts { inserted += try db.execute("INSERT INTO kinds (t) VALUES (?)", [.text(t)]) }
                for b in [true, false] { inserted += try db.execute("INSERT INTO kinds (b) VALUES (?)", [.bool(b)]) }
                let uuid = UUID()
                inserted += try db.execute("INSERT INTO kinds (u, s) VALUES (?, ?)", [.text(uuid.uuidString), .integer(3)])
                inserted += try db.execute("INSERT INTO kinds (i, r, t, b, u) VALUES (?, ?, ?, ?, ?)",
                                           [.null, .null, .null, .null, .null])
                #expect(inserted == integers.count + reals.count + texts.count + 2 + 2)

                var readIntegers: [Int64] = []
                try db.query("SELECT i FROM kinds WHERE i IS NOT NULL ORDER BY i", []) { readIntegers.append($0.int64(0)) }
                #expect(readIntegers == integers.sorted())

                var readReals: [Double] = []
                try db.query("SELECT r FROM kinds WHERE r IS NOT NULL ORDER BY r", []) { readReals.append($0.double(0)) }
                #expect(readReals == reals.sorted())

                var readTexts: [String] = []
                try db.query("SELECT t FROM kinds WHERE t IS NOT NULL ORDER BY t COLLATE \"C\"", []) { readTexts.append($0.text(0)) }
                #expect(readTexts == texts.sorted())

                var readBools: [Bool] = []
                try db.query("SELECT b FROM kinds WHERE b IS NOT NULL ORDER BY b", []) { readBools.append($0.bool(0)) }
                #expect(readBools == [false, true])

                var readUUID = ""
                var readSmall: Int64 = 0
                try db.query("SELECT u, s FROM kinds WHERE u IS NOT NULL", []) { row in
                    readUUID = row.text(0)
                    readSmall = row.int64(1)
                }
                #expect(UUID(uuidString: readUUID) == uuid)
                #expect(readSmall == 3)

                var nulls: [Bool] = []
                try db.query("SELECT i, r, t, b, u FROM kinds WHERE i IS NULL AND r IS NULL AND t IS NULL AND b IS NULL AND u IS NULL", []) { row in
                    nulls = (0..<5).map(row.isNull)
                    #expect(row.optionalText(2) == nil)
                    #expect(row.optionalInt64(0) == nil)
                }
                #expect(nulls == [true, true, true, true, true])

                // Casts give the placeholders their types when no column does.
                var row: [String] = []
                try db.query("SELECT ?::bigint, ?::float8, ?::text, ?::boolean, ?::text, ?::float8", [
                    .integer(-7), .real(0.25), .text("x"), .bool(true), .null, .real(.nan),
                ]) { r in
                    row = ["\(r.int64(0))", "\(r.double(1))", r.text(2), "\(r.bool(3))", "\(r.isNull(4))", "\(r.double(5).isNaN)"]
                }
                #expect(row == ["-7", "0.25", "x", "true", "true", "true"])
            }
        }

        @Test func writeRollsBackWhenTheClosureThrows() throws {
            struct Abort: Error {}
            let database = try makeDatabase()
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }

            #expect(throws: Abort.self) {
                try database.write { db in
                    try db.execute("INSERT INTO \(table) (id, value) VALUES (?, ?)", [.integer(1), .text("gone")])
                    throw Abort()
                }
            }
            // The statement prepared inside the rolled-back transaction is still usable.
            try database.write { db in
                try db.execute("INSERT INTO \(table) (id, value) VALUES (?, ?)", [.integer(2), .text("kept")])
            }
            let ids = try database.read { db in
                var ids: [Int64] = []
                try db.query("SELECT id FROM \(table) ORDER BY id", []) { ids.append($0.int64(0)) }
                return ids
            }
            #expect(ids == [2])
        }

        @Test func uniqueViolationIsReportedAsSuch() throws {
            let database = try makeDatabase()
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }
            let insert = "INSERT INTO \(table) (id, value) VALUES (?, ?)"
            try database.write { try $0.execute(insert, [.integer(1), .text("first")]) }
            let error = try #require(throws: DatabaseError.self) {
                try database.write { try $0.execute(insert, [.integer(1), .text("again")]) }
            }
            #expect(error.kind == .uniqueViolation)
            #expect(error.code == "23505")
            #expect(error.sql == insert)
            #expect(error.message.contains("duplicate key"))

            let notNull = try #require(throws: DatabaseError.self) {
                try database.write { try $0.execute(insert, [.null, .text("no id")]) }
            }
            #expect(notNull.kind == .constraintViolation)
            #expect(notNull.code == "23502")
        }

        @Test func aStatementAfterACaughtErrorFailsTheWrite() throws {
            let database = try makeDatabase()
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }
            let error = try #require(throws: DatabaseError.self) {
                try database.write { db in
                    _ = try? db.execute("SELECT no_such_column FROM \(table)", [])
                    try db.execute("INSERT INTO \(table) (id) VALUES (?)", [.integer(1)])
                }
            }
            #expect(error.code == "25P02")
            let count = try database.read { try $0.scalarInt("SELECT count(*) FROM \(table)", []) }
            #expect(count == 0)
        }

        @Test func wrongArgumentCountIsAnError() throws {
            let database = try makeDatabase()
            defer { database.close() }
            let error = try #require(throws: DatabaseError.self) {
                try database.read { try $0.scalarInt("SELECT ?::bigint + ?::bigint", [.integer(1)]) }
            }
            #expect(error.message.contains("2 placeholders"))
            // The connection is fine afterwards.
            #expect(try database.read { try $0.scalarInt("SELECT ?::bigint + ?::bigint", [.integer(1), .integer(2)]) } == 3)
        }

        @Test func aDeferredStatementWithTheWrongArgumentCountIsRefusedAtOnce() throws {
            let database = try makeDatabase(poolSize: 1)
            defer { database.close() }
            let table = try makeTable(database)
            defer { dropTable(table, database) }
            let insert = "INSERT INTO \(table) (id, value) VALUES (?, ?)"
            try database.write { db in
                try db.executeDeferred(insert, [.int(1), .text("kept")])
                let error = try #require(throws: DatabaseError.self) { try db.executeDeferred(insert, [.int(2)]) }
                #expect(error.message.contains("2 placeholders"))
                #expect(error.sql == insert)
            }
            // The refused statement was never queued: the one before it was committed alone.
            #expect(try database.read { db in try db.scalarInt("SELECT count(*) FROM \(table)", []) } == 1)
        }

        @Test func serializationFailuresAreRetried() throws {
            let database = try makeDatabase()
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }
            var attempts = 0
            try database.write { db in
                attempts += 1
                try db.execute("INSERT INTO \(table) (id) VALUES (?)", [.integer(Int64(attempts))])
                if attempts < 3 {
                    try db.executeScript("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
                }
            }
            #expect(attempts == 3)
            let ids = try database.read { db in
                var ids: [Int64] = []
                try db.query("SELECT id FROM \(table)", []) { ids.append($0.int64(0)) }
                return ids
            }
            #expect(ids == [3])
        }

        @Test func retryableErrorsGiveUpEventually() throws {
            let database = try makeDatabase()
            defer { database.close() }
            var attempts = 0
            let error = try #require(throws: DatabaseError.self) {
                try database.write { db in
                    attempts += 1
                    try db.executeScript("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$")
                }
            }
            #expect(error.kind == .retryable)
            #expect(attempts == PostgresDatabase.maxWriteAttempts)
        }

        @Test func sessionSettingsSurviveURLOptions() throws {
            let separator = url.contains("?") ? "&" : "?"
            let database = try PostgresDatabase(url: url + separator + "options=-csearch_path%3Dpublic")
            defer { database.close() }
            let settings = try database.read { db in
                var settings: [String] = []
                try db.query("SELECT current_setting('client_min_messages'), current_setting('application_name'), current_setting('search_path')", []) { row in
                    settings = [row.text(0), row.text(1), row.text(2)]
                }
                return settings
            }
            #expect(settings == ["warning", "todo", "public"])
        }

        @Test func aLostConnectionIsReplaced() throws {
            let database = try makeDatabase(poolSize: 1)
            defer { database.close() }
            let admin = try makeDatabase(poolSize: 1)
            defer { admin.close() }
            let pid = try #require(try database.read { try $0.scalarInt("SELECT pg_backend_pid()", []) })
            try admin.write { db in
                try db.execute("SELECT pg_terminate_backend(?::int)", [.integer(pid)])
            }
            // Give the server a moment to close it.
            for _ in 0..<50 {
                let alive = try admin.read { try $0.scalarInt("SELECT count(*) FROM pg_stat_activity WHERE pid = ?::int", [.integer(pid)]) }
                if alive == 0 { break }
                usleep(20_000)
            }
            let newPid = try #require(try database.read { try $0.scalarInt("SELECT pg_backend_pid()", []) })
            #expect(newPid != pid)
            try database.write { try $0.execute("SELECT 1", []) }
        }

        @Test func theDisplayURLHidesThePassword() throws {
            // The test role needs no password; libpq ignores one it is not asked for.
            let withPassword = url.replacingOccurrences(of: "://todo@", with: "://todo:hunter2@")
            try #require(withPassword != url, "the test URL has no user 'todo'")
            let database = try PostgresDatabase(url: withPassword)
            defer { database.close() }
            #expect(!database.displayURL.contains("hunter2"))
            #expect(database.displayURL.contains("***"))
        }

        @Test func closedDatabaseRefusesWork() throws {
            let database = try makeDatabase()
            database.close()
            #expect(throws: DatabaseError.self) { try database.read { try $0.scalarInt("SELECT 1", []) } }
        }

        @Test func anotherProgramsSchemaIsRefusedAndLeftUnchanged() throws {
            let schema = "foreign_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try makeDatabase(poolSize: 1)
            try admin.write { try $0.executeScript("CREATE SCHEMA \(schema); CREATE TABLE \(schema).invoices (id INT)") }
            defer {
                _ = try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                admin.close()
            }
            let separator = url.contains("?") ? "&" : "?"
            let scoped = DatabaseURL.postgres(url: "\(url)\(separator)options=-csearch_path%3D\(schema)")
            #expect {
                _ = try StoreFactory.open(scoped)
            } throws: { error in
                guard case StoreError.foreignDatabase(_, let tables) = error else { return false }
                return tables == ["invoices"]
            }
            let tables = try admin.read { try $0.scalarInt("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", [.text(schema)]) }
            #expect(tables == 1)
        }

        @Test func theSchemaMigratesOnceInItsOwnSchema() throws {
            let schema = "driver_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try makeDatabase(poolSize: 1)
            try admin.write { try $0.executeScript("CREATE SCHEMA \(schema)") }
            defer {
                _ = try? admin.write { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                admin.close()
            }
            let separator = url.contains("?") ? "&" : "?"
            let scoped = DatabaseURL.postgres(url: "\(url)\(separator)options=-csearch_path%3D\(schema)")
            let first = try StoreFactory.migrate(scoped)
            #expect(first.appliedNow == Schema.migrator.migrations.map(\.name))
            let second = try StoreFactory.migrate(scoped)
            #expect(second.appliedNow.isEmpty)
            #expect(second.recorded == first.recorded)
            let tables = try admin.read { try $0.scalarInt("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", [.text(schema)]) }
            #expect((tables ?? 0) >= 5)
        }

        @Test func transactionsWithoutStatementsKeepTheConnection() throws {
            struct Abort: Error {}
            let database = try makeDatabase(poolSize: 1)
            defer { database.close() }
            let pid = try database.read { try $0.scalarInt("SELECT pg_backend_pid()", []) }
            try database.read { _ in }
            #expect(throws: Abort.self) { try database.write { _ in throw Abort() } }
            try database.write { _ in }
            #expect(throws: Abort.self) { try database.read { _ in throw Abort() } }
            #expect(try database.read { try $0.scalarInt("SELECT pg_backend_pid()", []) } == pid)
        }

        @Test func statementCacheStartsOverWhenFull() throws {
            let connection = try PostgresConnection(url: url, statementCacheLimit: 3)
            for round in 0..<2 {
                for n in 0..<7 {
                    let value = try connection.scalarInt("SELECT ?::bigint + \(n)", [.integer(Int64(round))])
                    #expect(value == Int64(round + n))
                }
            }
            #expect(connection.preparedStatementCount <= 3)
            var prepared: Int64 = -1
            try connection.query("SELECT count(*) FROM pg_prepared_statements", []) { prepared = $0.int64(0) }
            #expect(prepared <= 3)
        }

        @Test func aStatementIsPreparedAgainAfterItsResultChanges() throws {
            let database = try makeDatabase(poolSize: 1)
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }
            let select = "SELECT * FROM \(table) WHERE id = ?"
            try database.read { try $0.query(select, [.integer(1)]) { _ in } }
            try database.write { try $0.executeScript("ALTER TABLE \(table) ADD COLUMN extra TEXT") }
            let error = try #require(throws: DatabaseError.self) {
                try database.read { try $0.query(select, [.integer(1)]) { _ in } }
            }
            #expect(error.code == "0A000")
            try database.read { try $0.query(select, [.integer(1)]) { _ in } }
        }

        @Test func concurrentWritersAndReadersShareThePool() throws {
            let database = try makeDatabase(poolSize: 3)
            let table = try makeTable(database)
            defer { dropTable(table, database); database.close() }
            try database.write { try $0.execute("INSERT INTO \(table) (id, value) VALUES (0, '0')", []) }

            let threads = 8
            let perThread = 40
            let failures = FailureLog()
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for i in 0..<perThread {
                    do {
                        try database.write { db in
                            try db.execute("UPDATE \(table) SET value = (value::bigint + 1)::text WHERE id = 0", [])
                            try db.execute("INSERT INTO \(table) (id, value) VALUES (?, ?)",
                                           [.integer(Int64(1 + thread * perThread + i)), .text("t\(thread)")])
                        }
                        let count = try database.read { try $0.scalarInt("SELECT count(*) FROM \(table) WHERE value = ?", [.text("t\(thread)")]) }
                        if count != Int64(i + 1) { failures.record("thread \(thread) saw \(count ?? -1) rows, expected \(i + 1)") }
                    } catch {
                        failures.record("\(error)")
                    }
                }
            }
            #expect(failures.entries.isEmpty, "\(failures.entries.prefix(5))")
            let (counter, rows) = try database.read { db in
                (try db.scalarInt("SELECT value::bigint FROM \(table) WHERE id = 0", []),
                 try db.scalarInt("SELECT count(*) FROM \(table)", []))
            }
            #expect(counter == Int64(threads * perThread))
            #expect(rows == Int64(threads * perThread + 1))
        }
    }
}

/// Errors collected from several threads.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    func record(_ entry: String) {
        lock.withLock { recorded.append(entry) }
    }

    var entries: [String] { lock.withLock { recorded } }
}
