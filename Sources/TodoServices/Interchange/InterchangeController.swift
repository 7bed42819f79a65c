import Foundation
import TodoCore
import TodoHTTP
import TodoStore

/// `GET /api/v1/export.ics` and `POST /api/v1/import` (DESIGN §6): the user's tasks as a
/// calendar of VTODOs, and tasks read from an iCalendar, todo.txt or JSON file.
public struct InterchangeController: Sendable {
    /// The largest file to import, in bytes: an export of 10 000 tasks is about 3 MB.
    public static let maxFileSize = 16 << 20
    /// Where files are imported, which takes bodies up to `maxFileSize`.
    public static let importPath = "/api/v1/import"

    let store: any TaskStore
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/export.ics", documentation: Self.exportDocumentation, use: export)
        group.post("/import", documentation: Self.importDocumentation, use: importFile)
    }

    static let statusParameter = OperationDocumentation.Parameter.query(
        "status", .enumeration(["pending", "completed", "all"]), description: "Which tasks (default: all).")

    static let exportDocumentation = OperationDocumentation(
        "The user's tasks as an iCalendar file of VTODOs (RFC 5545)", id: "exportCalendar", tags: ["interchange"],
        parameters: [statusParameter],
        responses: [.init(.ok, "An iCalendar object: VTIMEZONEs for the zones used, one VTODO per task.",
                          contentType: "text/calendar", schema: .string()),
                    APIDocumentation.validation, APIDocumentation.error])

    @Sendable func export(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> HTTPResponse {
        let status = try Self.statusFilter(request.query["status"])
        let tasks = try TaskQuery.allTasks(status: status, now: clock()) { try store.listTasks($0, userID: context.userID) }
        var response = HTTPResponse(body: try Self.calendar(of: tasks, userID: context.userID, in: store))
        response.headers.add("Content-Type", InterchangeFormat.ics.mediaType)
        response.headers.add("Content-Disposition", "attachment; filename=\"tasks.ics\"")
        return response
    }

    static func statusFilter(_ text: String?) throws(HTTPError) -> TaskQuery.StatusFilter {
        switch text {
        case nil, "all": return .all
        case "pending": return .pending
        case "completed": return .completed
        case let other?: throw .validation(field: "status", "status must be pending, completed or all (got \"\(other.prefix(40))\")")
        }
    }

    /// The `.ics` of `tasks`, each imported one under its UID in the file it came from, so that
    /// the app it came from finds its own task again.
    public static func calendar(of tasks: [TodoTask], userID: UUID, in store: any TaskStore) throws -> [UInt8] {
        let uids = try store.importRecords(userID: userID, taskIDs: nil).compactMapValues(\.sourceUID)
        return Array(VTodoCalendar.write(tasks, productVersion: ProductVersion.current, sourceUIDs: uids).utf8)
    }

    static let importDocumentation = OperationDocumentation(
        "Add or update tasks from an iCalendar, todo.txt or JSON file", id: "importTasks", tags: ["interchange"],
        description: """
            The format is format=, else the Content-Type's (text/calendar, application/json), else (text/plain) \
            what the file looks like. Importing the same file again changes only what the file changed: a task keeps \
            the id of its item (an iCalendar UID, a JSON id, a todo.txt id:), and a task changed here after the \
            item's LAST-MODIFIED is kept. Items that cannot be tasks are skipped and listed with the reason; a file \
            that is not of its format, or is empty, changes nothing. At most 10 000 items and 16 MiB.
            """,
        parameters: [.query("format", .enumeration(InterchangeFormat.allCases.map(\.rawValue)), description: "ics, json or todotxt."),
                     .query("timezone", TaskFieldSchema.timezone,
                            description: "The zone of dates and times the file gives without one (default UTC).")],
        body: OperationDocumentation.RequestBody([
            .init("text/calendar", .string()), .init("text/plain", .string()),
            .init("application/json", .oneOf([.array(of: .reference(to: TaskCreateBody.self)),
                                              .object([.required("tasks", .array(of: .reference(to: TaskCreateBody.self)))])])),
        ]),
        responses: [.json(.ok, ImportReportResponse.self, "What became of each item."),
                    APIDocumentation.badRequest, APIDocumentation.error.at(.contentTooLarge),
                    APIDocumentation.error.at(.unsupportedMediaType), APIDocumentation.validation, APIDocumentation.error])

    @Sendable func importFile(_ request: HTTPRequest, _ context: AuthenticatedContext) throws -> ImportReportResponse {
        let format = try Self.format(of: request)
        let timezone = request.query["timezone"] ?? "UTC"
        guard ZonedTime.zone(named: timezone) != nil else {
            throw HTTPError.validation(field: "timezone", "timezone must be an IANA time zone name such as Europe/Berlin (got \"\(timezone.prefix(64))\")")
        }
        guard !request.body.isEmpty else { throw ImportFileError("the request has no file to import in its body") }
        let items = try ImportFile.items(Self.utf8(request), format: format, timezone: timezone, clock: clock)
        return ImportReportResponse(report: try TaskImporter(store: store).run(items, userID: context.userID, now: clock()))
    }

    /// The body as UTF-8: a file said to be Latin-1 or Windows-1252 (`charset=iso-8859-1`, what
    /// older apps write) is converted, read as Windows-1252, which agrees with Latin-1 on every
    /// printable character; any other is read as UTF-8.
    static func utf8(_ request: HTTPRequest) -> [UInt8] {
        let type = request.headers["Content-Type"]?.lowercased().replacingOccurrences(of: "\"", with: "") ?? ""
        guard ["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"].contains(where: { type.contains("charset=" + $0) }),
              let text = String(data: Data(request.body), encoding: .windowsCP1252) else { return request.body }
        return Array(text.utf8)
    }

    /// `format=`, else the Content-Type's; nil to sniff the body (text/plain and no type).
    static func format(of request: HTTPRequest) throws(HTTPError) -> InterchangeFormat? {
        if let name = request.query["format"] {
            guard let format = InterchangeFormat(name: name) else {
                throw .validation(field: "format", "format must be ics, json or todotxt (got \"\(name.prefix(40))\")")
            }
            return format
        }
        guard let type = request.headers["Content-Type"]?.lowercased() else { return nil }
        let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch media {
        case "text/calendar": return .ics
        case "application/json": return .json
        // curl sends a file as a form unless told otherwise.
        case "text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "": return nil
        default:
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            message: "send the file as text/calendar, application/json or text/plain (todo.txt) (got \(type.prefix(100)))")
        }
    }
}

/// `{"created", "updated", "unchanged", "skipped", "items": [{"place", "result", "task"?, "error"?}]}`.
struct ImportReportResponse: JSONResponse {
    let report: ImportReport

    var expectedSize: Int { 256 + report.entries.count * 700 }

    func write(to json: inout JSONWriter) { report.write(to: &json) }
}

extension ImportReportResponse: SchemaDescribed {
    static let schemaName = "ImportReport"

    static var schema: JSONSchema {
        .object([
            .required("created", .integer(minimum: 0)),
            .required("updated", .integer(minimum: 0)),
            .required("unchanged", .integer(minimum: 0)),
            .required("kept", JSONSchema.integer(minimum: 0).described("Changed here after the file's item last did (LAST-MODIFIED): kept.")),
            .required("skipped", .integer(minimum: 0)),
            .required("items", .array(of: .object([
                .required("place", JSONSchema.string().described("Where the item is in the file: \"line 12\", \"task 3\".")),
                .required("result", .enumeration(ImportReport.Result.self)),
                .optional("title", .string()),
                .optional("task", .reference(to: TaskResponse.self)),
                .optional("error", .object([.required("code", .string()), .required("message", .string())])),
            ]))),
        ])
    }
}
