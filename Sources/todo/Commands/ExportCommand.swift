import Foundation
import TodoCore
import TodoServices

extension InterchangeFormat: ArgumentValue {}

/// `todo export`: every task as an iCalendar file (what calendar apps import), JSON or todo.txt.
struct ExportCommand: Command {
    static let configuration = CommandConfiguration(
        name: "export",
        abstract: "Write every task to a file: iCalendar (VTODO), JSON or todo.txt.",
        discussion: """
            iCalendar (the default) is what calendar and task apps import: title, notes, due date in its time zone, \
            status, priority, tags, repetition and reminders. JSON is the API's task objects, every field. todo.txt \
            keeps what its format has room for: completion, priority, dates as days, tags, simple repetitions. \
            todo import reads all three back; importing a file again changes only what changed.
            """,
        examples: ["todo export > tasks.ics", "todo export --format json --output tasks.json", "todo export --status pending --format todotxt"])

    @Option(help: "The file format.")
    var format: InterchangeFormat = .ics

    @Option(help: "Which tasks by status.")
    var status: TaskQuery.StatusFilter = .all

    @Option(short: "o", valueName: "file", help: "Write to this file instead of standard output.")
    var output: String?

    func run(_ context: CommandContext) throws {
        let (bytes, count) = try context.withTasks { tasks -> ([UInt8], Int) in
            if format == .ics {
                // The calendar lists the tasks itself (the server's, with the UIDs it keeps): counted in it, not listed again.
                let calendar = try tasks.calendar(status: status)
                return (calendar, String(decoding: calendar, as: UTF8.self).components(separatedBy: "\r\nBEGIN:VTODO\r\n").count - 1)
            }
            let all = try TaskQuery.allTasks(status: status, now: context.now, page: tasks.page)
            return (format == .json ? OutputBuffer.listingJSON(all) : Array(TodoTxt.write(all).utf8), all.count)
        }
        guard let output else {
            context.output.write(bytes: bytes)
            return
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw ExportError.cannotWrite(output, reason: String(cString: strerror(errno)))
        }
        StandardStreams.writeErrorLine("todo: exported \(count) \(count == 1 ? "task" : "tasks") to \(output)")
    }
}

enum ExportError: Error, CustomStringConvertible {
    case cannotWrite(String, reason: String)
    case cannotRead(String, reason: String)

    var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason.lowercased())"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason.lowercased())"
        }
    }
}
