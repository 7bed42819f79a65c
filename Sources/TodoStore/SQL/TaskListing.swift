import Foundation
import TodoCore

/// Builds and runs the SQL of one listing page: filters, full-text search, keyset or offset
/// pagination. Sorting by due date, priority and creation is served by an index; the others
/// sort the filtered rows.
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
        case .priority: "t.priority"
        case .created: "t.number"
        case .updated: "t.updated_at"
        case .title: "t.title_key"
        case .relevance: nil
        }
    }

    func run(_ db: any SQLConnection) throws -> TaskPage {
        var sql = "SELECT \(TaskRecord.columns) FROM tasks t"
        var arguments: [SQLValue] = []
        let terms = query.searchTerms
        if !terms.isEmpty, db.dialect == .sqlite {
            sql += " JOIN tasks_fts ON tasks_fts.rowid = t.rowid"
        }
        sql += " WHERE t.user_id = ?"
        arguments.append(.text(userID.lowercasedString))

        switch query.status {
        case .pending, .completed:
            sql += " AND t.status = ?"
            arguments.append(.text(query.status.rawValue))
        case .all:
            // Naming both values keeps the (user_id, status, …) indexes usable.
            sql += " AND t.status IN ('pending', 'completed')"
        }
        if !query.priorities.isEmpty {
            sql += " AND t.priority IN (" + query.priorities.map { _ in "?" }.joined(separator: ", ") + ")"
            arguments += query.priorities.map { .int($0.rank) }
        }
        for tag in query.tags {
            sql += " AND t.id IN (SELECT task_id FROM task_tags WHERE user_id = ? AND tag = ?)"
            arguments += [.text(userID.lowercasedString), .text(tag)]
        }
        if let dueBefore = query.dueBefore {
            sql += " AND t.due_at < ?"
            arguments.append(.integer(Timestamp.milliseconds(dueBefore)))
        }
        if let dueAfter = query.dueAfter {
            sql += " AND t.due_at > ?"
            arguments.append(.integer(Timestamp.milliseconds(dueAfter)))
        }
        if query.overdue {
            // Same rule as `TodoTask.isOverdue`: an all-day task is overdue a day after its start.
            let now = Timestamp.milliseconds(query.now)
            sql += " AND t.status = 'pending' AND ((t.all_day = ? AND t.due_at < ?) OR (t.all_day = ? AND t.due_at < ?))"
            arguments += [.bool(false), .integer(now), .bool(true), .integer(now - 86_400_000)]
        }
        if !terms.isEmpty {
            switch db.dialect {
            case .sqlite:
                sql += " AND tasks_fts MATCH ?"
                arguments.append(.text(terms.map { "\"\($0)\"*" }.joined(separator: " ")))
            case .postgres:
                sql += " AND t.search @@ to_tsquery('simple', ?)"
                arguments.append(.text(postgresQuery(terms)))
            }
        }

        let descending = query.effectiveOrder == .desc
        let direction = descending ? "DESC" : "ASC"
        var offset = 0
        if let column = sortColumn {
            if case .after(let key, let number)? = cursor {
                sql += " AND (\(column), t.number) \(descending ? "<" : ">") (?, ?)"
                switch key {
                case .integer(let n): arguments.append(.integer(n))
                case .text(let s): arguments.append(.text(s))
                }
                arguments.append(.int(number))
            }
            sql += " ORDER BY \(column) \(direction), t.number \(direction)"
        } else {
            if case .offset(let n)? = cursor { offset = n }
            switch db.dialect {
            case .sqlite:
                // FTS5's rank is bm25, where smaller is better.
                sql += " ORDER BY tasks_fts.rank \(descending ? "DESC" : "ASC"), t.number"
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
        guard tasks.count > query.limit else { return TaskPage(tasks: tasks, nextCursor: nil) }
        tasks.removeLast()
        let last = tasks[tasks.count - 1]
        let next: TaskCursor = query.effectiveSort.key(of: last).map { .after($0, number: last.number) } ?? .offset(offset + query.limit)
        return TaskPage(tasks: tasks, nextCursor: next.encode(sort: query.effectiveSort, order: query.effectiveOrder))
    }

    /// Every term as a prefix, all required: `groc:* & milk:*`. Terms hold only letters and
    /// digits (`TaskQuery.searchTerms`), so nothing needs escaping.
    private func postgresQuery(_ terms: [String]) -> String {
        terms.map { "\($0):*" }.joined(separator: " & ")
    }
}
