import Foundation
import TodoCore
import TodoStore

/// `todo list`: the tasks matching filters, all of them unless `--limit` says otherwise.
struct ListCommand: Command {
    static let configuration = CommandConfiguration(
        name: "list",
        aliases: ["ls"],
        abstract: "List tasks.",
        discussion: """
            Shows pending tasks by default, soonest due first. Marks: ! overdue, ✓ completed. \
            Due dates are shown relative to today in the local time zone. Long titles are cut \
            to fit $COLUMNS (default 100), to no fewer than 20 characters; --json has them in full. --sort priority puts the \
            most important first, then the soonest due (undated last), then by number.
            """,
        examples: [
            "todo list",
            "todo list --tag work --priority high --priority medium",
            "todo list --status all --search report --sort updated",
            "todo list --overdue --json",
        ])

    @Option(help: "Which tasks by status.")
    var status: TaskQuery.StatusFilter = .pending

    @Option(name: "priority", help: "Only tasks of this priority (given several: any of them).")
    var priorities: [Priority]

    @Option(name: "tag", help: "Only tasks with this tag (given several: all of them).")
    var tags: [String]

    @Option(valueName: "text", help: "Only tasks whose title, description or tags contain every word of the text.")
    var search: String?

    @Option(help: "Sort key (default: due, or relevance with --search).")
    var sort: TaskSort?

    @Option(help: "Sort direction (default: the key's natural order).")
    var order: SortDirection?

    @Flag(help: "Only pending tasks whose due time has passed.")
    var overdue: Bool

    @Option(valueName: "n", help: "Show at most this many tasks (default: all).")
    var limit: Int?

    @Flag(help: "Print {\"tasks\": […], \"next_cursor\": null} with every task as the API shows it.")
    var json: Bool

    func validate() throws(UsageError) {
        if let limit, limit < 1 { throw usageError("--limit must be at least 1 (got \(limit))") }
        if overdue, status == .completed { throw usageError("--overdue lists pending tasks whose due time has passed; it cannot go with --status completed") }
        if sort == .relevance, (search ?? "").trimmingWhitespace().isEmpty {
            throw usageError("--sort relevance needs --search")
        }
    }

    func run(_ context: CommandContext) throws {
        var query = TaskQuery(
            status: status, priorities: priorities, tags: tags, search: search, overdue: overdue, sort: sort,
            order: order, now: context.now)
        let tasks = try context.withTasks { tasks in try Self.fetchAll(query: &query, upTo: limit, from: tasks) }
        if json {
            context.output.writeJSON(tasks: tasks)
        } else if tasks.isEmpty {
            context.output.line("No tasks.")
        } else {
            var table = TaskTable(
                dueFormatter: context.makeDueFormatter(), usesColor: context.output.usesColor,
                maxTitleWidth: Self.titleWidth(context.environment))
            table.render(tasks, into: context.output)
        }
        ProcessLifetime.keepUntilExit(tasks)
    }

    /// Pages through the store's cursor until the listing (or `limit`) is exhausted.
    static func fetchAll(query: inout TaskQuery, upTo limit: Int?, from access: any TaskAccess) throws -> [TodoTask] {
        var tasks: [TodoTask] = []
        while true {
            let wanted = limit.map { $0 - tasks.count } ?? Int.max
            query.limit = min(TaskQuery.maxLimit, wanted)
            let page = try access.page(query)
            if tasks.isEmpty { tasks = page.tasks } else { tasks.append(contentsOf: page.tasks) }
            guard let next = page.nextCursor, !page.tasks.isEmpty, tasks.count < (limit ?? Int.max) else { break }
            query.cursor = next
        }
        return tasks
    }

    /// Titles are cut so a row fits the terminal (`COLUMNS`, else 100), leaving room for the
    /// other columns — also in a pipe, where a 500-character title would break every column
    /// after it (`--json` has the full text).
    private static func titleWidth(_ environment: [String: String]) -> Int {
        let columns = environment["COLUMNS"].flatMap { Int($0) } ?? 100
        return max(20, columns - 50)
    }
}
