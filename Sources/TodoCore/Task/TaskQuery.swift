import Foundation

/// Which tasks to list and in what order (DESIGN §6 `GET /api/v1/tasks`).
public struct TaskQuery: Hashable, Sendable {
    public enum StatusFilter: String, CaseIterable, Sendable {
        case pending, completed, all
    }

    public var status: StatusFilter
    /// Any of these priorities; empty = any.
    public var priorities: [Priority]
    /// All of these tags; empty = any.
    public var tags: [String]
    /// Full-text search over title, description and tags: every word must match.
    public var search: String?
    public var dueBefore: Date?
    public var dueAfter: Date?
    /// Only pending tasks whose due time is before `now`.
    public var overdue: Bool
    /// `nil` = by relevance when searching, else by due date.
    public var sort: TaskSort?
    /// `nil` = the sort's natural order (see `TaskSort.defaultOrder`).
    public var order: SortDirection?
    public var limit: Int
    public var cursor: String?
    /// The instant `overdue` is measured against.
    public var now: Date

    /// Every task of `status`, oldest first, read a page at a time through `page` (a store's
    /// listing or the API's): what an export writes.
    public static func allTasks(status: StatusFilter, now: Date = Date(), page: (TaskQuery) throws -> TaskPage) rethrows -> [TodoTask] {
        var tasks: [TodoTask] = []
        var cursor: String?
        repeat {
            let next = try page(TaskQuery(status: status, sort: .created, order: .asc, limit: maxLimit, cursor: cursor, now: now))
            tasks += next.tasks
            cursor = next.nextCursor
        } while cursor != nil
        return tasks
    }

    public static let defaultLimit = 50
    public static let maxLimit = 500
    public static let maxSearchLength = 500
    public static let maxTags = 20

    public init(
        status: StatusFilter = .all, priorities: [Priority] = [], tags: [String] = [], search: String? = nil,
        dueBefore: Date? = nil, dueAfter: Date? = nil, overdue: Bool = false, sort: TaskSort? = nil,
        order: SortDirection? = nil, limit: Int = TaskQuery.defaultLimit, cursor: String? = nil, now: Date = Date()
    ) {
        self.status = status
        self.priorities = priorities
        self.tags = tags
        self.search = search
        self.dueBefore = dueBefore
        self.dueAfter = dueAfter
        self.overdue = overdue
        self.sort = sort
        self.order = order
        self.limit = limit
        self.cursor = cursor
        self.now = now
    }

    /// The search words, lower-cased; empty when there is no search.
    public var searchTerms: [String] {
        guard let search else { return [] }
        // A final sigma as σ: Swift lower-cases "ΟΔΟΣ" to "οδος", PostgreSQL to "οδοσ", and its
        // index folds ς into σ as SQLite's tokenizer does.
        return search.lowercased().replacingOccurrences(of: "ς", with: "σ")
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The runs of non-ASCII symbols in the search (emoji, €, arrows): the full-text index has
    /// no words for them, so each must appear as it is in the title, description or tags.
    /// Punctuation and ASCII symbols alone ("!!!", "%", "^", "+"), search syntax more often than
    /// text, are neither: they match every task, as an empty search does.
    public var searchSymbols: [String] {
        guard let search else { return [] }
        var runs: [String] = []
        var run = ""
        for character in search {
            if character.isSymbol, !character.isASCII {
                run.append(character)
            } else if !run.isEmpty {
                runs.append(run)
                run = ""
            }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    /// The sort actually applied.
    public var effectiveSort: TaskSort { sort ?? (searchTerms.isEmpty ? .due : .relevance) }

    public var effectiveOrder: SortDirection { order ?? effectiveSort.defaultOrder }

    /// Checks limits and normalises tags; the cursor is checked by `TaskCursor.decode`.
    public func validated() throws(QueryError) -> TaskQuery {
        var query = self
        guard (1...Self.maxLimit).contains(limit) else { throw .invalidLimit(limit) }
        guard tags.count <= Self.maxTags else { throw .invalidTag("at most \(Self.maxTags) tags can be combined in one listing") }
        do {
            query.tags = try TagNormalizer.normalize(tags)
        } catch {
            throw .invalidTag(error.description)
        }
        if let search {
            guard search.unicodeScalars.count <= Self.maxSearchLength else { throw .searchTooLong(search.unicodeScalars.count) }
            query.search = search.trimmingWhitespace().isEmpty ? nil : search.canonicallyComposed
        }
        if query.sort == .relevance, query.searchTerms.isEmpty { throw .relevanceNeedsSearch }
        if let cursor { _ = try TaskCursor.decode(cursor, for: query) }
        return query
    }
}

public enum SortDirection: String, CaseIterable, Sendable {
    case asc, desc
}

public enum TaskSort: String, CaseIterable, Sendable {
    case due, priority, created, updated, title
    /// Best full-text match first; only with a search.
    case relevance

    /// Soonest due, highest priority, newest, A–Z, best match.
    public var defaultOrder: SortDirection {
        switch self {
        case .due, .title, .relevance: .asc
        case .priority, .created, .updated: .desc
        }
    }
}

/// One sort position: the value of the sort key and the task number that breaks ties.
public enum SortKey: Hashable, Sendable {
    case integer(Int64)
    case text(String)
}

extension TaskSort {
    /// Tasks without a due date sort after every dated task in ascending order.
    public static let undatedDueKey: Int64 = 253_402_300_799_000 // 9999-12-31T23:59:59Z

    /// The key a task sorts by. Relevance has no stored key: it pages by offset.
    public func key(of task: TodoTask) -> SortKey? {
        switch self {
        case .due: .integer(Self.dueKey(of: task))
        case .priority: .integer(Self.priorityKey(rank: task.priority.rank, dueKey: Self.dueKey(of: task)))
        // Creation order is number order: numbers are handed out as tasks are created.
        case .created: .integer(Int64(task.number))
        case .updated: .integer(Timestamp.milliseconds(task.updatedAt))
        case .title: .text(task.title.lowercased())
        case .relevance: nil
        }
    }
}

extension TaskSort {
    private static func dueKey(of task: TodoTask) -> Int64 {
        task.dueAt.map(Timestamp.milliseconds) ?? undatedDueKey
    }

    /// Priority, then due date: in the default (descending) order the most urgent first, and
    /// among equal priorities the soonest due first, undated last. The rank sits above 2^49;
    /// below it `2^48 - due key` (due keys lie within ±2^48 ms), so a larger key is due sooner.
    /// `TaskListing` computes the same expression in SQL.
    public static func priorityKey(rank: Int, dueKey: Int64) -> Int64 {
        Int64(rank) << 49 + (1 << 48) - dueKey
    }

    /// The direction tasks with equal keys go by number. Lower numbers first whenever the
    /// listing reads "most urgent first" — for priority that is its descending order.
    public func numberOrder(for order: SortDirection) -> SortDirection {
        guard self == .priority else { return order }
        return order == .desc ? .asc : .desc
    }
}

/// An opaque position in a listing. Keyset positions (`after`) are stable under inserts;
/// relevance listings page by offset because ranks are not stored.
public enum TaskCursor: Hashable, Sendable {
    case after(SortKey, number: Int)
    case offset(Int)

    /// Encodes the position together with the sort it belongs to, so a cursor reused with
    /// another sort is refused instead of silently skipping tasks.
    public func encode(sort: TaskSort, order: SortDirection) -> String {
        var text = "v1|\(sort.rawValue)|\(order.rawValue)|"
        switch self {
        case .after(.integer(let n), let number): text += "i|\(n)|\(number)"
        case .after(.text(let s), let number): text += "t|\(number)|\(s)"
        case .offset(let n): text += "o|\(n)"
        }
        return Data(text.utf8).base64URLEncodedString()
    }

    public static func decode(_ cursor: String, for query: TaskQuery) throws(QueryError) -> TaskCursor {
        guard cursor.utf8.count <= 2048 else { throw .invalidCursor }
        guard let data = Data(base64URLEncoded: cursor), let text = String(data: data, encoding: .utf8) else {
            throw .invalidCursor
        }
        let parts = text.split(separator: "|", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 5, parts[0] == "v1" else { throw .invalidCursor }
        guard parts[1] == query.effectiveSort.rawValue, parts[2] == query.effectiveOrder.rawValue else {
            throw .cursorSortMismatch
        }
        switch parts[3] {
        case "i":
            guard parts.count == 6, let key = Int64(parts[4]), let number = Int(parts[5]), query.effectiveSort != .relevance else { throw .invalidCursor }
            return .after(.integer(key), number: number)
        case "t":
            guard parts.count == 6, let number = Int(parts[4]), query.effectiveSort == .title else { throw .invalidCursor }
            return .after(.text(parts[5]), number: number)
        case "o":
            guard parts.count == 5, let offset = Int(parts[4]), offset >= 0, offset <= 1_000_000 else { throw .invalidCursor }
            return .offset(offset)
        default:
            throw .invalidCursor
        }
    }
}

/// Why a listing request was refused.
public enum QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidLimit(Int)
    case invalidCursor
    case cursorSortMismatch
    case invalidTag(String)
    case searchTooLong(Int)
    case relevanceNeedsSearch

    public var field: String {
        switch self {
        case .invalidLimit: "limit"
        case .invalidCursor, .cursorSortMismatch: "cursor"
        case .invalidTag: "tag"
        case .searchTooLong: "q"
        case .relevanceNeedsSearch: "sort"
        }
    }

    public var description: String {
        switch self {
        case .invalidLimit(let n): "limit must be between 1 and \(TaskQuery.maxLimit) (got \(n))"
        case .invalidCursor: "cursor is not one this server issued; start again without a cursor"
        case .cursorSortMismatch: "cursor belongs to a listing with another sort or order; start again without a cursor"
        case .invalidTag(let reason): reason
        case .searchTooLong(let n): "search text must be at most \(TaskQuery.maxSearchLength) characters (got \(n))"
        case .relevanceNeedsSearch: "sort=relevance needs a search text (q)"
        }
    }
}

/// One page of a listing.
public struct TaskPage: Sendable, Hashable {
    public var tasks: [TodoTask]
    /// Pass back as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?

    public init(tasks: [TodoTask], nextCursor: String?) {
        self.tasks = tasks
        self.nextCursor = nextCursor
    }
}

/// A tag and how many of the user's tasks carry it.
public struct TagCount: Hashable, Sendable {
    public var tag: String
    public var count: Int
    public init(tag: String, count: Int) {
        self.tag = tag
        self.count = count
    }
}
