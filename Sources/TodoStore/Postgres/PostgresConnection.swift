import CPostgres
import Foundation

/// One libpq connection (owned: finished on deinit), used by one thread at a time.
///
/// Every statement is prepared once per connection, by SQL text, and then executed with text
/// parameters. Commands go out in libpq's pipeline mode so that a transaction's `BEGIN`, a
/// statement's first `PREPARE` and the deferred statements before it ride in the same round
/// trip as the statement itself (or as the `COMMIT`).
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres

    private let connection: OpaquePointer
    private var statements: [String: PreparedStatement] = [:]
    private var nextStatementNumber = 1
    /// A `BEGIN …` to send with the next command: an empty transaction costs nothing.
    private var pendingBegin: String?
    /// Statements whose results nobody waits for, sent with the next command (`executeDeferred`).
    private var deferred: [PipelineCommand] = []
    /// Set when the protocol state is unknown; the pool then drops the connection.
    private var isBroken = false

    /// Beyond this many prepared statements the cache starts over, so that SQL built on the
    /// fly cannot grow the server's memory without bound.
    private let statementCacheLimit: Int

    private struct PreparedStatement {
        var name: String
        var parameterCount: Int
    }

    /// A command to send in a pipeline: a statement with arguments (prepared once per
    /// connection) or transaction control without them.
    private enum PipelineCommand {
        case statement(sql: String, parameters: TextParameters)
        case plain(String)

        var sql: String {
            switch self {
            case .statement(let sql, _), .plain(let sql): sql
            }
        }
    }

    /// A command with the prepared statement it runs, and the text to prepare it with first
    /// when this connection has not yet.
    private struct PipelineStep {
        var command: PipelineCommand
        var statement: PreparedStatement?
        var textToPrepare: String?
    }

    /// Beyond this many deferred statements they are sent without waiting for the next
    /// command: in a blocking pipeline, results the client has not yet read could fill the
    /// socket buffers and stall both ends.
    private static let deferredLimit = 100

    /// Connects; `url` is a libpq connection URI or keyword string. Fails with a one-line
    /// `.connection` error (libpq's message) when the server cannot be reached.
    init(url: String, connectTimeoutSeconds: Int = 5, statementCacheLimit: Int = 500) throws(DatabaseError) {
        // What the URL says overrides our defaults (`dbname` expands after them), except that
        // our `options` are merged with the URL's and come last: client_min_messages=warning
        // keeps NOTICEs (such as "relation already exists, skipping") off stderr.
        var options = "-c client_min_messages=warning"
        if let urlOptions = try Self.option("options", in: url), !urlOptions.isEmpty {
            options += " " + urlOptions
        }
        let keywords = ["connect_timeout", "application_name", "dbname", "options"]
        let values = [String(connectTimeoutSeconds), "todo", url, options]
        let connection = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw DatabaseError(kind: .connection, code: "08001", message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresError.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw DatabaseError(kind: .connection, code: "08001", message: message.isEmpty ? "connection failed" : message)
        }
        PQsetNoticeProcessor(connection, discardNotice, nil)
        self.connection = connection
        self.statementCacheLimit = max(1, statementCacheLimit)
    }

    deinit {
        PQfinish(connection)
    }

    /// False once the connection is lost or in an unknown state: do not reuse it.
    var isUsable: Bool {
        !isBroken && PQstatus(connection) == CONNECTION_OK
    }

    /// How many statements this connection has prepared and keeps.
    var preparedStatementCount: Int { statements.count }

    // MARK: SQLConnection

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> Int {
        let result = try run(sql, arguments)
        defer { PQclear(result) }
        return Int(PostgresRow.parseInt64(UnsafeRawPointer(PQcmdTuples(result)).assumingMemoryBound(to: UInt8.self)))
    }

    func executeDeferred(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) {
        // Outside a transaction nothing would send it: run it now.
        guard pendingBegin != nil || PQtransactionStatus(connection) != PQTRANS_IDLE else {
            try execute(sql, arguments)
            return
        }
        try checkArgumentCount(arguments.count, sql: sql)
        deferred.append(.statement(sql: sql, parameters: try TextParameters(arguments, sql: sql)))
        if deferred.count >= Self.deferredLimit { try send(nil) }
    }

    func executeScript(_ sql: String) throws(DatabaseError) {
        if !deferred.isEmpty { try send(nil) }
        try checkUsable()
        var script = sql
        if let begin = pendingBegin {
            // A BEGIN inside a multi-statement query keeps the transaction open after it.
            script = begin + ";\n" + sql
            pendingBegin = nil
        }
        let result = PQexec(connection, script)
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw PostgresError.from(result: result, connection: connection, sql: sql)
        }
    }

    func query(_ sql: String, _ arguments: [SQLValue], row body: (any SQLRow) throws -> Void) throws {
        let result = try run(sql, arguments)
        defer { PQclear(result) }
        var row = PostgresRow(result: result)
        let count = PQntuples(result)
        var index: Int32 = 0
        while index < count {
            row.index = index
            try body(row)
            index += 1
        }
    }

    // MARK: Transactions

    /// Starts a transaction with `statement` (`BEGIN …`), sent along with the next command.
    func beginTransaction(_ statement: String) {
        pendingBegin = statement
    }

    /// Commits the open transaction. One that an earlier error aborted is rolled back instead,
    /// and that is an error: PostgreSQL discards every statement of it.
    func commitTransaction() throws(DatabaseError) {
        if !deferred.isEmpty {
            // The deferred statements and the COMMIT share one round trip; if one of them
            // fails, PostgreSQL skips the COMMIT and the caller rolls back.
            PQclear(try send(.plain("COMMIT")))
            return
        }
        if pendingBegin != nil {
            pendingBegin = nil
            return
        }
        switch PQtransactionStatus(connection) {
        case PQTRANS_IDLE:
            return
        case PQTRANS_INTRANS:
            try simpleCommand("COMMIT")
        case PQTRANS_INERROR:
            try simpleCommand("ROLLBACK")
            throw DatabaseError(kind: .other, code: "25P02",
                                message: "the transaction was aborted by an earlier failed statement and has been rolled back")
        default:
            isBroken = true
            throw DatabaseError(kind: .connection, code: "08006", message: "the connection is in an unknown state", sql: "COMMIT")
        }
    }

    /// Rolls back the open transaction, if any; a failure leaves the connection unusable.
    func rollbackTransaction() {
        deferred.removeAll()
        // BEGIN goes out with the first command: still pending, nothing was sent.
        if pendingBegin != nil {
            pendingBegin = nil
            return
        }
        switch PQtransactionStatus(connection) {
        case PQTRANS_INTRANS, PQTRANS_INERROR:
            do { try simpleCommand("ROLLBACK") } catch { isBroken = true }
        case PQTRANS_IDLE:
            break
        default:
            isBroken = true
        }
    }

    // MARK: Statements

    /// Sends what is queued (`BEGIN`, deferred statements) and then `final` in one pipeline,
    /// preparing each statement this connection has not yet; returns `final`'s successful
    /// result, which the caller clears. The first failure is thrown: PostgreSQL skips what
    /// follows it up to the pipeline's end.
    @discardableResult
    private func send(_ final: PipelineCommand?) throws(DatabaseError) -> OpaquePointer? {
        try checkUsable()
        var commands = pendingBegin.map { [PipelineCommand.plain($0)] } ?? []
        commands += deferred
        if let final { commands.append(final) }
        let unprepared = Set(commands.compactMap { command -> String? in
            guard case .statement(let sql, _) = command, statements[sql] == nil else { return nil }
            return sql
        })
        if !unprepared.isEmpty, statements.count + unprepared.count > statementCacheLimit { try forgetPreparedStatements() }
        pendingBegin = nil
        deferred.removeAll(keepingCapacity: true)

        // Which statements to prepare on the way: each new SQL text once.
        var preparing: [String: PreparedStatement] = [:]
        var steps: [PipelineStep] = []
        steps.reserveCapacity(commands.count)
        for command in commands {
            guard case .statement(let sql, _) = command else {
                steps.append(PipelineStep(command: command, statement: nil, textToPrepare: nil))
                continue
            }
            var step = PipelineStep(command: command, statement: statements[sql] ?? preparing[sql], textToPrepare: nil)
            if step.statement == nil {
                let rewritten = PostgresPlaceholders.rewrite(sql)
                let statement = PreparedStatement(name: "s\(nextStatementNumber)", parameterCount: rewritten.parameterCount)
                nextStatementNumber += 1
                preparing[sql] = statement
                step.statement = statement
                step.textToPrepare = rewritten.sql
            }
            steps.append(step)
        }

        guard PQenterPipelineMode(connection) == 1 else {
            isBroken = true
            throw failure(final?.sql)
        }
        var sent = true
        for step in steps where sent {
            sent = send(step)
        }
        if sent {
            sent = PQpipelineSync(connection) == 1
        }
        guard sent else {
            isBroken = true
            throw failure(final?.sql)
        }

        var error: DatabaseError?
        var finalResult: OpaquePointer?
        for (index, step) in steps.enumerated() {
            if step.textToPrepare != nil, let statement = step.statement {
                let result = nextResult()
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    statements[step.command.sql] = statement
                } else if error == nil {
                    error = PostgresError.from(result: result, connection: connection, sql: step.command.sql)
                }
                PQclear(result)
            }
            let result = nextResult()
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                break
            case PGRES_PIPELINE_ABORTED where error != nil:
                break // an earlier command failed: its error is the one to report
            default:
                let failure = PostgresError.from(result: result, connection: connection, sql: step.command.sql)
                if failure.code == "0A000" {
                    // "cached plan must not change result type": the schema changed under the
                    // prepared statement; prepare it afresh next time.
                    statements[step.command.sql] = nil
                }
                if error == nil { error = failure }
            }
            if final != nil, index == steps.count - 1 {
                finalResult = result
            } else {
                PQclear(result)
            }
        }
        endPipeline()
        if isBroken {
            if error == nil { error = failure(final?.sql) }
            error?.kind = .connection
        }
        if let error {
            PQclear(finalResult)
            throw error
        }
        return finalResult
    }

    /// Puts one step into the pipeline; false when libpq could not.
    private func send(_ step: PipelineStep) -> Bool {
        switch step.command {
        case .plain(let sql):
            return PQsendQueryParams(connection, sql, 0, nil, nil, nil, nil, 0) == 1
        case .statement(_, let parameters):
            guard let statement = step.statement else { return false }
            if let textToPrepare = step.textToPrepare, PQsendPrepare(connection, statement.name, textToPrepare, 0, nil) != 1 {
                return false
            }
            return parameters.withValues { values in
                PQsendQueryPrepared(connection, statement.name, Int32(parameters.count), values, nil, nil, 0) == 1
            }
        }
    }

    /// Runs one statement (with what is queued before it) and returns its result.
    private func run(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> OpaquePointer {
        try checkArgumentCount(arguments.count, sql: sql)
        return try send(.statement(sql: sql, parameters: TextParameters(arguments, sql: sql)))!
    }

    /// Refuses a statement given the wrong number of arguments before anything is queued or
    /// sent, so that the error names the statement and the transaction is left as it was.
    private func checkArgumentCount(_ count: Int, sql: String) throws(DatabaseError) {
        let expected = statements[sql]?.parameterCount ?? PostgresPlaceholders.rewrite(sql).parameterCount
        guard count == expected else {
            throw DatabaseError(kind: .other, code: "bind",
                                message: "the statement has \(expected) placeholders but \(count) arguments were given", sql: sql)
        }
    }

    /// The result of the next command in the pipeline, past the NULL that ends it.
    private func nextResult() -> OpaquePointer? {
        guard let result = PQgetResult(connection) else { return nil }
        while let extra = PQgetResult(connection) { PQclear(extra) }
        return result
    }

    /// Reads the pipeline's sync point and leaves pipeline mode; on any surprise the
    /// connection is marked broken.
    private func endPipeline() {
        guard PQstatus(connection) == CONNECTION_OK, let sync = PQgetResult(connection) else {
            isBroken = true
            return
        }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        if !synced || PQexitPipelineMode(connection) != 1 { isBroken = true }
    }

    /// Runs a statement without parameters or preparation (transaction control).
    private func simpleCommand(_ sql: String) throws(DatabaseError) {
        try checkUsable()
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw PostgresError.from(result: result, connection: connection, sql: sql)
        }
    }

    private func checkUsable() throws(DatabaseError) {
        guard isUsable else {
            isBroken = true
            throw failure(nil)
        }
    }

    private func forgetPreparedStatements() throws(DatabaseError) {
        try simpleCommand("DEALLOCATE ALL")
        statements.removeAll(keepingCapacity: true)
    }

    /// A `.connection` error from the connection's own message.
    private func failure(_ sql: String?) -> DatabaseError {
        var error = PostgresError.from(result: nil, connection: connection, sql: sql)
        if isBroken { error.kind = .connection }
        return error
    }

    // MARK: C strings

    /// The value the connection string `url` gives `keyword`; throws libpq's complaint when
    /// the string does not parse.
    private static func option(_ keyword: String, in url: String) throws(DatabaseError) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(url, &message) else {
            let reason = message.map { PostgresError.oneLine(String(cString: $0)) } ?? "the connection URL does not parse"
            PQfreemem(message)
            throw DatabaseError(kind: .connection, code: "08001", message: reason)
        }
        defer { PQconninfoFree(parsed) }
        var option = parsed
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword {
                return option.pointee.val.map { String(cString: $0) }
            }
            option += 1
        }
        return nil
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) } + [nil]
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// libpq prints notices, warnings and a FATAL that arrives while idle ("terminating connection
/// due to administrator command") to stderr; library code does not print. Errors that matter
/// reach the caller as `DatabaseError`s.
private func discardNotice(_ context: UnsafeMutableRawPointer?, _ message: UnsafePointer<CChar>?) {}

/// Statement arguments as NUL-terminated text in one buffer (NULL pointers for `.null`).
private struct TextParameters {
    private var storage: [UInt8] = []
    private var offsets: [Int] = []

    var count: Int { offsets.count }

    init(_ arguments: [SQLValue], sql: String) throws(DatabaseError) {
        guard !arguments.isEmpty else { return }
        storage.reserveCapacity(arguments.count * 16)
        offsets.reserveCapacity(arguments.count)
        for (position, argument) in arguments.enumerated() {
            let start = storage.count
            switch argument {
            case .null:
                offsets.append(-1)
                continue
            case .integer(let value):
                storage.append(contentsOf: String(value).utf8)
            case .real(let value):
                storage.append(contentsOf: Self.text(value).utf8)
            case .text(let value):
                storage.append(contentsOf: value.utf8)
                if storage[start...].contains(0) {
                    throw DatabaseError(kind: .other, code: "22021",
                                        message: "argument \(position + 1) contains a NUL character, which PostgreSQL text cannot hold",
                                        sql: sql)
                }
            case .bool(let value):
                storage.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            }
            offsets.append(start)
            storage.append(0)
        }
    }

    /// Calls `body` with the array of value pointers libpq expects (nil when there are none).
    func withValues<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        if offsets.isEmpty { return body(nil) }
        return storage.withUnsafeBufferPointer { buffer in
            // With only NULLs the buffer is empty and its base address unused.
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset < 0 ? nil : base.map { $0 + offset } }
            return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }

    /// A double as PostgreSQL's float8 input reads it, exactly.
    private static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }
}
