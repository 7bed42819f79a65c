import Foundation
import TodoCore
import TodoServices

/// `todo import`: tasks from an iCalendar, todo.txt or JSON file, added or updated.
struct ImportCommand: Command {
    static let configuration = CommandConfiguration(
        name: "import",
        abstract: "Add or update tasks from an iCalendar, todo.txt or JSON file.",
        discussion: """
            The format is told from the file's contents unless --format names it. Each VTODO of an iCalendar \
            file, each line of a todo.txt file, each task of a JSON file (an array, or {"tasks": […]} as \
            todo export writes it) becomes a task. Importing the same file again adds nothing: the tasks it added \
            are found by the file's ids (an iCalendar UID, a JSON id, a todo.txt line) and changed to what the file \
            says now. Dates and times without a zone are read in the local zone (TZ). Items that cannot be tasks \
            are skipped and listed with the reason; the exit code is then 1.
            """,
        examples: ["todo import tasks.ics", "todo import todo.txt --format todotxt", "cat tasks.json | todo import -"])

    @Argument(valueName: "file", help: "The file to read, or - for standard input.")
    var file: String

    @Option(help: "The file format (default: told from its contents).")
    var format: InterchangeFormat?

    @Flag(help: "Print the report as the API answers it: {\"created\", \"updated\", \"unchanged\", \"skipped\", \"items\"}.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let bytes = try read()
        let report = try context.withTasks { tasks in try tasks.importFile(bytes, format: format, timezone: context.localTimeZoneName) }
        if json {
            var writer = JSONWriter(capacity: 256 + report.entries.count * 700)
            report.write(to: &writer)
            context.output.write(bytes: writer.bytes + [0x0A])
        } else {
            let counts = ImportReport.Result.allCases.compactMap { result in
                let count = report.count(result)
                return count == 0 && result != .created ? nil : "\(count) \(result == .created ? "added" : result.rawValue)"
            }
            context.output.line("Imported \(file == "-" ? "standard input" : file): " + counts.joined(separator: ", ") + ".")
            for entry in report.entries where entry.result == .skipped {
                context.output.line("  skipped \(entry.place): \(entry.error?.message ?? "")")
            }
        }
        let skipped = report.count(.skipped)
        if skipped > 0 { throw SkippedItems(count: skipped, file: file == "-" ? "standard input" : file) }
    }

    /// The import ran, but some items of the file were not imported: exit 1, so scripts notice.
    struct SkippedItems: Error, CustomStringConvertible {
        var count: Int
        var file: String
        var description: String { "\(count) \(count == 1 ? "item" : "items") of \(file) skipped, for the reasons listed" }
    }

    private func read() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            var isDirectory: ObjCBool = false
            let reason = !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) ? "no such file"
                : isDirectory.boolValue ? "it is a folder" : "permission denied"
            throw ExportError.cannotRead(file, reason: reason)
        }
        return Array(data)
    }
}
