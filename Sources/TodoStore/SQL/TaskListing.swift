import Foundation
import TodoCore

/// Builds and runs the SQL of one listing page: filters, full-text search, keyset or offset
/// pagination.
///
/// Sorting by due date, priority (then due date) and last update is served by the `(user_id,
/// status, key, number)` indexes, creation order by `(user_id, number)`; title and relevance
/// sort the filtered rows. A listing of both statuses in an indexed sort reads each status's index range
/// in order and merges them, since neither engine merges two index ranges by itself.
struct TaskListing {
    let query: TaskQuery
    let cursor: TaskCursor?
    let userID: UUID
    let decoded: DecodedTaskCache

    init(query: TaskQuery, userID: UUID, decoded: DecodedTaskCache) throws(QueryError) {
        self.query = query
        self.cursor = try query.cursor.map { text throws(QueryError) in try TaskCursor.decode(text, for: query) }
        self.userID = userID
        self.decoded = decoded
    }

    private var sortColumn: String? {
        switch query.effectiveSort {
        case .due: "t.due_key"
        // `TaskSort.priorityKey`: priority, then due date; the expression of the index
        // `tasks_by_priority_then_due`, written the same way so the engines match it.
        case .priority: "(t.priority * 562949953421312 + (281474976710656 - t.due_key))"
        case .created: "t.number"
        case .updated: "t.updated_at"
        case .title: "t.title_key"
        case .relevance: nil
        }
    }

    /// Whether the sort has an index that starts with the status.
    private var sortIndexedByStatus: Bool {
        switch query.effectiveSort {
        case .due, .priority, .updated: true
        case .created, .title, .relevance: false
        }
    }

    /// Whether both statuses are read apart and merged: `run` then needs one snapshot.
    var readsSeveralStatements: Bool {
        query.status == .all && sortIndexedByStatus && !query.overdue
    }

    func run(_ db: any SQLConnection) throws -> TaskPage {
        let descending = query.effectiveOrder == .desc
        var offset = 0
        if case .offset(let n)? = cursor { offset = n }

        var tasks: [TodoTask]
        switch query.status {
        case .all where isSearchOnly && db.dialect == .sqlite:
            tasks = try fetchBestMatches(db, offset: offset)
        case .pending, .completed:
            tasks = try fetch(db, status: query.status.rawValue, offset: offset)
        case .all where readsSeveralStatements:
            let sort = query.effectiveSort
            tasks = try fetch(db, status: TaskStatus.pending.rawValue, offset: 0)
                + fetch(db, status: TaskStatus.completed.rawValue, offset: 0)
            let numbersDescending = sort.numberOrder(for: query.effectiveOrder) == .desc
            tasks.sort { a, b in
                let keyOrder = Self.compare(sort.key(of: a)!, sort.key(of: b)!)
                if keyOrder != 0 { return descending ? keyOrder > 0 : keyOrder < 0 }
                return numbersDescending ? a.number > b.number : a.number < b.number
            }
            tasks = Array(tasks.prefix(query.limit + 1))
        case .all:
            tasks = try fetch(db, status: nil, offset: offset)
        }

        guard tasks.count > query.limit else { return TaskPage(tasks: tasks, nextCursor: nil) }
        tasks.removeLast()
        let last = tasks[tasks.count - 1]
        let next: TaskCursor = query.effectiveSort.key(of: last).map { .after($0, number: last.number) } ?? .offset(offset + query.limit)
        return TaskPage(tasks: tasks, nextCursor: next.encode(sort: query.effectiveSort, order: query.effectiveOrder))
    }

    /// A search by relevance with no other filter: the hits are ranked and limited on their
    /// own, and only the page's tasks are read from `tasks`.
    private var isSearchOnly: Bool {
        query.effectiveSort == .relevance && query.status == .all && query.priorities.isEmpty && query.tags.isEmpty
            && query.dueBefore == nil && query.dueAfter == nil && !query.overdue && query.searchSymbols.isEmpty
    }

    /// SQLite's hits of the search, `hits(hit, score)`: the user's entries of the full-text
    /// index (`OwnerTokenizer` scopes them), except tasks still queued for indexing, whose
    /// entries may be missing or stale; those are matched on their text (`SearchMatch`).
    /// One statement, so both halves read the same snapshot; no search writes the index.
    /// `CROSS JOIN` keeps the queue (short) the outer loop: the planner, without statistics,
    /// would otherwise walk all the user's tasks and look each up in the queue.
    /// Arguments: the FTS5 query, the terms, the user id.
    private static let sqliteHits = """
        WITH hits(hit, score) AS (
            SELECT rowid, \(SearchRank.functionName)(tasks_fts) FROM tasks_fts
            WHERE tasks_fts MATCH ? AND rowid NOT IN (SELECT task_rowid FROM search_queue)
            UNION ALL
            SELECT q.task_rowid, \(SearchMatch.functionName)(?, u.title, u.description, u.tags)
            FROM search_queue q CROSS JOIN tasks u ON u.rowid = q.task_rowid WHERE u.user_id = ?
        )
        """

    private var sqliteHitsArguments: [SQLValue] {
        [.text(SearchTerms.match(query.searchTerms, owner: userID)), .text(query.searchTerms.joined(separator: " ")),
         .text(userID.lowercasedString)]
    }

    /// The best-ranked hits of the user's search, then their tasks: ranking needs no row of
    /// `tasks`, so only the page's rows are read.
    private func fetchBestMatches(_ db: any SQLConnection, offset: Int) throws -> [TodoTask] {
        let direction = query.effectiveOrder == .desc ? "DESC" : "ASC"
        // Row ids follow creation, like task numbers, so both orders break ties alike.
        let sql = Self.sqliteHits + """
            SELECT \(TaskRecord.columns) FROM (
                SELECT hit, score FROM hits WHERE score IS NOT NULL ORDER BY score \(direction), hit LIMIT ? OFFSET ?
            ) f JOIN tasks t ON t.rowid = f.hit ORDER BY f.score \(direction), f.hit
            """
        var tasks: [TodoTask] = []
        try db.query(sql, sqliteHitsArguments + [.int(query.limit + 1), .int(offset)]) { tasks.append(try decoded.task($0)) }
        return tasks
    }

    /// One ordered run of at most `limit + 1` tasks with the given status (nil: any).
    private func fetch(_ db: any SQLConnection, status: String?, offset: Int) throws -> [TodoTask] {
        // What follows the selected columns.
        var sql = " FROM tasks t"
        var with = ""
        var arguments: [SQLValue] = []
        let terms = query.searchTerms
        if !terms.isEmpty, db.dialect == .sqlite {
            with = Self.sqliteHits
            sql += " JOIN hits ON hits.hit = t.rowid AND hits.score IS NOT NULL"
            arguments += sqliteHitsArguments
        }
        sql += " WHERE t.user_id = ?"
        arguments.append(.text(userID.lowercasedString))

        if query.overdue {
            sql += " AND t.status = 'pending'"
        } else if let status {
            sql += " AND t.status = ?"
            arguments.append(.text(status))
        }
        if !query.priorities.isEmpty {
            sql += " AND t.priority IN (" + query.priorities.map { _ in "?" }.joined(separator: ", ") + ")"
            arguments += query.priorities.map { .int($0.rank) }
        }
        // Tags are checked on the row being read (its space-separated `tags`), not by a lookup
        // per row in `task_tags`: PostgreSQL, before statistics exist, joined that lookup on
        // the user's whole tag list (~100 ms a page at 10 000 tasks).
        for tag in query.tags {
            sql += " AND (' ' || t.tags || ' ') LIKE ? ESCAPE '\\'"
            arguments.append(.text("% " + Self.escapeLike(tag) + " %"))
        }
        // Due ranges compare `due_key` (the due time, or a far-future key when there is none)
        // so the due index bounds the scan.
        if let dueBefore = query.dueBefore {
            sql += " AND t.due_key < ?"
            arguments.append(.integer(Timestamp.milliseconds(dueBefore)))
        }
        if let dueAfter = query.dueAfter {
            sql += " AND t.due_key >= ? AND t.due_at IS NOT NULL"
            arguments.append(.integer(Timestamp.milliseconds(dueAfter)))
        }
        if query.overdue {
            // Same rule as `TodoTask.isOverdue`: an all-day task is overdue a day after its start.
            let now = Timestamp.milliseconds(query.now)
            sql += " AND t.due_key < ? AND (t.all_day = ? OR t.due_key < ?)"
            arguments += [.integer(now), .bool(false), .integer(now - 86_400_000)]
        }
        // Symbols the index has no words for are found in the text itself.
        for symbols in query.searchSymbols {
            let position = db.dialect == .sqlite ? "instr" : "strpos"
            sql += " AND \(position)(t.title || ' ' || t.description || ' ' || t.tags, ?) > 0"
            arguments.append(.text(symbols))
        }
        // SQLite's search is the join with `hits` above.
        if !terms.isEmpty, db.dialect == .postgres {
            sql += " AND t.search @@ to_tsquery('simple', ?)"
            arguments.append(.text(postgresQuery(terms)))
        }

        let descending = query.effectiveOrder == .desc
        let direction = descending ? "DESC" : "ASC"
        if let column = sortColumn {
            let numbersDescending = query.effectiveSort.numberOrder(for: query.effectiveOrder) == .desc
            if case .after(let key, let number)? = cursor {
                let keyValue: SQLValue = switch key {
                case .integer(let n): .integer(n)
                case .text(let s): .text(s)
                }
                let (keyPast, numberPast) = (descending ? "<" : ">", numbersDescending ? "<" : ">")
                if keyPast == numberPast {
                    sql += " AND (\(column), t.number) \(keyPast) (?, ?)"
                    arguments += [keyValue, .int(number)]
                } else {
                    // Key and number run in opposite directions, so no row value compares them;
                    // the first bound alone lets the index seek, the rest settles the ties.
                    sql += " AND \(column) \(keyPast)= ? AND (\(column) \(keyPast) ? OR t.number \(numberPast) ?)"
                    arguments += [keyValue, keyValue, .int(number)]
                }
            }
            sql += " ORDER BY \(column) \(direction), t.number \(numbersDescending ? "DESC" : "ASC")"
        } else {
            switch db.dialect {
            case .sqlite:
                sql += " ORDER BY hits.score \(direction), t.number"
            case .postgres:
                sql += " ORDER BY ts_rank(t.search, to_tsquery('simple', ?)) \(descending ? "ASC" : "DESC"), t.number"
                arguments.append(.text(postgresQuery(terms)))
            }
        }
        sql += " LIMIT ? OFFSET ?"
        arguments += [.int(query.limit + 1), .int(offset)]

        if db.dialect == .sqlite, let tasks = try fetchKnownFirst(db, with: with, from: sql, arguments) { return tasks }
        var tasks: [TodoTask] = []
        tasks.reserveCapacity(query.limit + 1)
        try db.query(with + "SELECT \(TaskRecord.columns)" + sql, arguments) { tasks.append(try decoded.task($0)) }
        return tasks
    }

    /// SQLite: the page's ids, versions and update times first, and whole rows only of the
    /// tasks `decoded` does not hold. Reading a row's eighteen columns cost SQLite more than
    /// finding the row (about half of a 50-task listing's instructions, callgrind), and a
    /// listing mostly shows tasks that were listed before. Nil when a task changed between the
    /// two statements (they may read different commits): the caller then reads in one.
    private func fetchKnownFirst(_ db: any SQLConnection, with: String, from body: String,
                                 _ arguments: [SQLValue]) throws -> [TodoTask]? {
        var tasks: [TodoTask?] = []
        tasks.reserveCapacity(query.limit + 1)
        var missing: [(index: Int, rowid: Int64, version: Int)] = []
        try db.query(with + "SELECT t.id, t.version, t.updated_at, t.rowid" + body, arguments) { row in
            guard let id = row.uuid(0) else { throw TaskRecord.corrupt("not a UUID: \(row.text(0))") }
            let task = decoded.cached(id: id, version: row.int64(1), updatedAt: row.int64(2))
            if task == nil { missing.append((tasks.count, row.int64(3), Int(row.int64(1)))) }
            tasks.append(task)
        }
        if !missing.isEmpty {
            var read: [Int64: TodoTask] = [:]
            let rowids = "[" + missing.map { String($0.rowid) }.joined(separator: ",") + "]"
            try db.query("SELECT \(TaskRecord.columns), t.rowid FROM json_each(?) j JOIN tasks t ON t.rowid = j.value",
                         [.text(rowids)]) { row in
                read[row.int64(TaskRecord.columnCount)] = try decoded.task(row)
            }
            for slot in missing {
                guard let task = read[slot.rowid], task.version == slot.version else { return nil }
                tasks[slot.index] = task
            }
        }
        return tasks.map { $0! }
    }

    /// `tag` as a LIKE pattern that matches only itself (tags may hold `%` and `_`).
    private static func escapeLike(_ tag: String) -> String {
        var escaped = ""
        for character in tag {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Orders two sort keys: negative, zero or positive.
    private static func compare(_ a: SortKey, _ b: SortKey) -> Int {
        switch (a, b) {
        case let (.integer(x), .integer(y)) where x != y: return x < y ? -1 : 1
        case let (.text(x), .text(y)) where x != y: return x < y ? -1 : 1
        default: return 0
        }
    }

    /// Every term as a prefix, all required: `groc:* & milk:*`. Terms hold only letters and
    /// digits (`TaskQuery.searchTerms`), so nothing needs escaping.
    private func postgresQuery(_ terms: [String]) -> String {
        terms.map { "\($0):*" }.joined(separator: " & ")
    }
}
