import Foundation
import TodoCore
import TodoHTTP

/// Why a file cannot be imported at all; nothing of it was.
public struct ImportFileError: HTTPResponseError, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String

    init(_ message: String, code: String = "invalid_file", status: HTTPStatus = .badRequest) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Reading an import file: its format, its items, and what makes it unreadable as a whole.
public enum ImportFile {
    /// The file's items in `format` (nil: sniffed from its bytes); dates without a zone are in
    /// `timezone`. Throws when the file as a whole is not of its format, or holds too many items.
    public static func items(_ bytes: [UInt8], format: InterchangeFormat?, timezone: String, clock: () -> Date) throws(ImportFileError) -> [ImportedItem] {
        let sniffed = InterchangeFormat.sniffed(bytes)
        let format = format ?? sniffed
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ImportFileError("the file is not UTF-8 text")
        }
        guard !text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) else { throw ImportFileError("the file is empty: there is nothing to import") }
        // todo.txt takes any text: a calendar or JSON read as its lines would be tasks named "BEGIN:VCALENDAR".
        if format == .todotxt, sniffed != .todotxt {
            throw ImportFileError("the file is \(sniffed == .ics ? "an iCalendar file" : "JSON"), not todo.txt: import it with format \(sniffed.rawValue)")
        }
        // Counted before the items are read: a large file of tiny items must not become a
        // million drafts in memory first.
        let tooMany = { (count: Int) in
            ImportFileError("the file holds \(count) tasks; import at most \(TaskImporter.maxItems) at a time",
                            code: "too_many_items", status: .contentTooLarge)
        }
        // A calendar's text upper-cased once: its tasks are counted, and its events looked for, in it.
        let calendarText = format == .ics ? text.uppercased() : ""
        let counted = switch format {
        case .ics: calendarText.components(separatedBy: "BEGIN:VTODO").count - 1
        case .todotxt: text.split(whereSeparator: \.isNewline).count { !$0.allSatisfy(\.isWhitespace) }
        case .json: 0
        }
        guard counted <= TaskImporter.maxItems else { throw tooMany(counted) }
        let items: [ImportedItem]
        switch format {
        case .ics:
            do {
                items = try VTodoCalendar.read(text, timezone: timezone)
            } catch {
                throw ImportFileError("the file is not an iCalendar object: \(error)")
            }
            if items.isEmpty, calendarText.contains("BEGIN:VEVENT") {
                throw ImportFileError("the calendar holds events (VEVENT) and no tasks (VTODO): only tasks are imported")
            }
        case .todotxt:
            items = TodoTxt.read(text, timezone: timezone)
        case .json:
            items = try jsonItems(bytes, timezone: timezone, clock: clock)
        }
        guard items.count <= TaskImporter.maxItems else { throw tooMany(items.count) }
        return items
    }

    /// `[{task}, …]` or `{"tasks": [{task}, …]}` (what the API lists), each task as
    /// `POST /api/v1/tasks` takes it, plus its `id`, which identifies it across imports.
    static func jsonItems(_ bytes: [UInt8], timezone: String, clock: () -> Date) throws(ImportFileError) -> [ImportedItem] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        } catch {
            throw ImportFileError("the file is not valid JSON: at byte \(error.offset), \(error.reason)")
        }
        let tasks: [JSONValue]
        switch value {
        case .array(let items): tasks = items
        case .object(let members):
            guard case .array(let items)? = members.first(where: { $0.0 == "tasks" })?.1 else {
                throw ImportFileError("a JSON file to import is an array of tasks or an object with a \"tasks\" array")
            }
            tasks = items
        default:
            throw ImportFileError("a JSON file to import is an array of tasks or an object with a \"tasks\" array, not a JSON \(value.typeName)")
        }
        return tasks.enumerated().map { index, task in
            let place = "task \(index + 1)"
            guard case .object(var members) = task else {
                return ImportedItem(place: place, key: "", outcome: .failure(ImportItemError(code: "invalid_task", "it is not a JSON object")))
            }
            let given = Set(members.map(\.0))
            // Numbers, times and versions are the store's: an exported task's own are left out.
            if !members.contains(where: { $0.0 == "timezone" }) { members.append(("timezone", .string(timezone))) }
            // A due time without an offset is a time of the task's zone, as in the other formats.
            if let index = members.firstIndex(where: { $0.0 == "due_at" }), case .string(let text) = members[index].1,
               let wall = RFC3339.parseWallTime(text), case .string(let zoneName)? = members.first(where: { $0.0 == "timezone" })?.1,
               let zone = ZonedTime.zone(named: zoneName) {
                let instant = ZonedTime.instant(of: wall.day, hour: wall.secondOfDay / 3600, minute: wall.secondOfDay / 60 % 60,
                                                second: wall.secondOfDay % 60, in: zone)
                members[index].1 = .string(RFC3339.format(instant, in: zone))
            }
            let key = members.first { $0.0 == "id" }.flatMap { JSONRead.string($0.1) } ?? String(decoding: MCPController.bytes(task), as: UTF8.self)
            let outcome = Result { () throws(ImportItemError) -> TaskDraft in
                do throws(HTTPError) {
                    let body = JSONBody(members: members)
                    var draft = try TaskInput.draft(from: body, clock: clock)
                    // An exported task's completion keeps its time.
                    draft.completedAt = try body.optional("completed_at", expected: "an RFC 3339 date-time") { JSONRead.string($0).flatMap(RFC3339.parse) }
                    draft.createdAt = try body.optional("created_at", expected: "an RFC 3339 date-time") { JSONRead.string($0).flatMap(RFC3339.parse) }
                    draft.seriesID = try body.optional("series_id", expected: "a UUID") { JSONRead.string($0).flatMap(UUID.parse) }
                    return draft
                } catch {
                    throw ImportItemError(code: error.code, error.message)
                }
            }
            var item = ImportedItem(place: place, key: key, outcome: outcome)
            // An object changes only the fields it names.
            let named: [(String, ImportedFields)] = [("title", .title), ("text", .title), ("description", .description), ("status", .status),
                                                     ("priority", .priority), ("tags", .tags), ("due_at", .due), ("all_day", .due),
                                                     ("timezone", .timezone), ("recurrence", .recurrence), ("recurrence_from", .recurrence),
                                                     ("reminders", .reminders)]
            item.fields = ImportedFields(named.filter { given.contains($0.0) }.map(\.1))
            if given.contains("text") { item.fields.formUnion(.all) }
            return item
        }
    }
}
