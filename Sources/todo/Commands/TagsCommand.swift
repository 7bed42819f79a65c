import TodoCore
import TodoStore

/// `todo tags`: every tag in use and how many tasks carry it.
struct TagsCommand: Command {
    static let configuration = CommandConfiguration(
        name: "tags",
        abstract: "List tags with the number of tasks carrying each.",
        examples: ["todo tags", "todo tags --json"])

    @Flag(help: "Print {\"tags\": [{\"name\", \"count\"}, …]}, as the API does.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let counts = try context.withTasks { tasks in try tasks.tagCounts() }
        if json {
            var writer = JSONWriter()
            TagCount.writeList(counts, to: &writer)
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
        } else if counts.isEmpty {
            context.output.line("No tags.")
        } else {
            let width = counts.map { TerminalText.width(of: "#" + $0.tag) }.max() ?? 0
            let countWidth = counts.map { String($0.count).count }.max() ?? 0
            for count in counts {
                let number = String(count.count)
                let padding = String(repeating: " ", count: countWidth - number.count)
                context.output.line(TerminalText.padded("#" + count.tag, toWidth: width) + "  " + padding + number)
            }
        }
    }
}
