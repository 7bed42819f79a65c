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

    init(query: TaskQuery, userID: UUID) throws(QueryError) {
        self.query = query
        self.cursor = try query.cursor.map { text throws(QueryError) in try TaskCursor.decode(text, for: query) }
        self.userID = userID
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
        case .all where sortIndexedByStatus && !query.overdue:
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

    /// A search by relevance with no other filter: the full-text index ranks and limits on its
    /// own, and only the page's tasks are read from `tasks`.
    private var isSearchOnly: Bool {
        query.effectiveSort == .relevance && query.status == .all && query.priorities.isEmpty && query.tags.isEmpty
            && query.dueBefore == nil && query.dueAfter == nil && !query.overdue
    }

    /// Reads the best-ranked hits of every user from the full-text index in a window, keeps
    /// this user's, and widens the window until the page is full or the hits run out. With
    /// one user (the embedded case) that is one pass that ranks with a top-N sort and reads
    /// only the page's rows; the owner token in the index would cost a pass over all the
    /// user's tasks instead (~7 ms for a million).
    private func fetchBestMatches(_ db: any SQLConnection, offset: Int) throws -> [TodoTask] {
        let direction = query.effectiveOrder == .desc ? "DESC" : "ASC"
        let match = SearchTerms.match(query.searchTerms)
        let wanted = offset + query.limit + 1
        // Row ids follow creation, like task numbers, so both orders break ties alike.
        let sql = """
            SELECT t.user_id = ?, \(TaskRecord.columns) FROM (
                SELECT rowid AS hit, \(SearchRank.functionName)(tasks_fts) AS score FROM tasks_fts
                WHERE tasks_fts MATCH ? ORDER BY score \(direction), rowid LIMIT ?
            ) f LEFT JOIN tasks t ON t.rowid = f.hit ORDER BY f.score \(direction), f.hit
            """
        var window = wanted * 2
        while true {
            var mine: [TodoTask] = []
            var hits = 0
            try db.query(sql, [.text(userID.lowercasedString), .text(match), .int(window)]) { row in
                hits += 1
                if row.bool(0) { mine.append(try TaskRecord.decode(row, from: 1)) }
            }
            if mine.count >= wanted || hits < window {
                return Array(mine.dropFirst(offset).prefix(query.limit + 1))
            }
            window *= 4
        }
    }

    /// One ordered run of at most `limit + 1` tasks with the given status (nil: any).
    private func fetch(_ db: any SQLConnection, status: String?, offset: Int) throws -> [TodoTask] {
        var sql = "SELECT \(TaskRecord.columns) FROM tasks t"
        var arguments: [SQLValue] = []
        let terms = query.searchTerms
        if !terms.isEmpty, db.dialect == .sqlite {
            sql += " JOIN tasks_fts ON tasks_fts.rowid = t.rowid"
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
            sql += " AND t.due_key > ? AND t.due_at IS NOT NULL"
            arguments.append(.integer(Timestamp.milliseconds(dueAfter)))
        }
        if query.overdue {
            // Same rule as `TodoTask.isOverdue`: an all-day task is overdue a day after its start.
            let now = Timestamp.milliseconds(query.now)
            sql += " AND t.due_key < ? AND (t.all_day = ? OR t.due_key < ?)"
            arguments += [.integer(now), .bool(false), .integer(now - 86_400_000)]
        }
        if !terms.isEmpty {
            switch db.dialect {
            case .sqlite:
                sql += " AND tasks_fts MATCH ?"
                arguments.append(.text(SearchTerms.match(terms, owner: userID)))
            case .postgres:
                sql += " AND t.search @@ to_tsquery('simple', ?)"
                arguments.append(.text(postgresQuery(terms)))
            }
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
                sql += " ORDER BY \(SearchRank.functionName)(tasks_fts) \(direction), t.number"
            case .postgres:
                sql += " ORDER BY ts_rank(t.search, to_tsquery('simple', ?)) \(descending ? "ASC" : "DESC"), t.number"
                arguments.append(.text(postgresQuery(terms)))
            }
        }
        sql += " LIMIT ? OFFSET ?"
        arguments += [.int(query.limit + 1), .int(offset)]

        var tasks: [TodoTask] = []
        tasks.reserveCapacity(query.limit + 1)
        try db.query(sql, arguments) { tasks.append(try TaskRecord.decode($0)) }
        return tasks
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
