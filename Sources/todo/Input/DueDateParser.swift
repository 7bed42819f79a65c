import Foundation
import TodoCore

/// Reads the WHEN of `--due`: the one place the CLI turns text into a due date, with the date
/// grammar of quick-add sentences (DESIGN §6.1) so that whatever a sentence understands, the
/// option does too: "friday 5pm", "next monday", "in 2 hours", "Dec 24", "2026-12-05 17:00",
/// `2026-12-05T17:00` (a wall time in the task's zone) or an RFC 3339 time.
struct DueDateParser {
    /// The task's zone: dates and wall times are read in it.
    var timeZone: TimeZone
    var now: Date
    /// How `5/12` is read.
    var dateOrder: DateOrder

    /// What `--due` accepts, for help and errors.
    static let acceptedForms = DateInputError.examples

    /// What `text` says, or a usage error of `command` that says what is wrong with it.
    func read(_ text: String, for command: some Command) throws(UsageError) -> TypedDate {
        do {
            return try QuickAddParser(now: now, zone: timeZone, dateOrder: dateOrder).readDate(text)
        } catch {
            switch error {
            case .noSuchDay: throw command.usageError("cannot use '--due \(text)': \(error)")
            case .unreadable: throw command.usageError("cannot read '--due \(text)': use \(Self.acceptedForms)")
            }
        }
    }
}
