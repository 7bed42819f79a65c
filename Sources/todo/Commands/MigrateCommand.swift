import TodoStore

/// `todo migrate`: brings the database schema up to date.
struct MigrateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "migrate",
        abstract: "Create or upgrade the database schema.",
        discussion: "Every command migrates on its own when needed; this does it explicitly, e.g. before a deployment.",
        examples: ["todo migrate", "todo migrate --db postgres://todo@localhost:5432/todo"])

    func run(_ context: CommandContext) throws {
        let setting = try context.databaseSetting()
        let result = try StoreFactory.migrate(setting.url)
        let already = result.recorded.filter { !result.appliedNow.contains($0) }
        if result.createdSchema { StandardStreams.writeErrorLine("todo: created new database \(setting.url.location)") }
        context.output.line("Database: \(setting.url.redacted)")
        if !result.appliedNow.isEmpty {
            context.output.line("Applied now: \(result.appliedNow.joined(separator: ", "))")
        }
        if !already.isEmpty {
            context.output.line("Already applied: \(already.joined(separator: ", "))")
        }
        if result.appliedNow.isEmpty {
            context.output.line("The schema is up to date.")
        }
    }
}
