import Foundation
import TodoCore

/// `todo parse`: how `todo add` reads a sentence, without adding anything.
struct ParseCommand: Command {
    static let configuration = CommandConfiguration(
        name: "parse",
        abstract: "Show how a quick-add sentence is read, without adding a task.",
        examples: ["todo parse \"Pay rent every month on the 1st #home !high\"", "todo parse --json \"Call Ana tomorrow at 5pm\""])

    @Argument(valueName: "sentence", help: "The sentence, as for todo add.")
    var words: [String]

    @Option(valueName: "zone", help: "The IANA time zone the sentence is meant in (default: the local zone).")
    var timezone: String?

    @Flag(help: "Print the fields as JSON, as POST /api/v1/tasks/parse answers them.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let zoneName = timezone ?? context.localTimeZoneName
        guard let zone = ZonedTime.zone(named: zoneName) else { throw TaskValidationError.unknownTimeZone(zoneName) }
        let text = words.joined(separator: " ")
        let sentence = QuickAddParser(now: context.now, zone: zone, dateOrder: context.dateOrder).parse(text)
        // What `todo add` would refuse is refused here too, in its words: a reading shown as
        // fine must be one `add` stores.
        if let refusal = AddCommand.refusal(of: sentence, text: text) { throw usageError(refusal) }
        _ = try sentence.draft(timezone: zoneName).makeTask(id: UUID(), number: 1, now: context.now)
        if json {
            var writer = JSONWriter()
            sentence.write(to: &writer, zoneName: zoneName, zone: zone)
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
            return
        }
        // Wall times in the sentence's zone, written as the rest of the CLI writes them; the
        // zone is named when it is not the local one.
        let calendar = context.makeCalendarWording()
        let zoneNote = zoneName == context.localTimeZoneName ? "" : " (\(zoneName))"
        context.output.line("Title:      \(sentence.title)")
        if let due = sentence.dueAt {
            let shown = calendar.describe(due, allDay: sentence.allDay, in: zone) + (sentence.allDay ? ", all day" : zoneNote)
            context.output.line("Due:        \(shown)")
        } else {
            context.output.line("Due:        none")
        }
        if let text = sentence.recurrence, let rule = try? RecurrenceRule(parsing: text) {
            let anchor = sentence.recurrenceFrom == .completion ? ", counted from completion" : ""
            context.output.line("Repeats:    \(rule.englishDescription(in: zone))\(anchor) (\(text))")
        }
        context.output.line("Priority:   \(sentence.priority.rawValue)")
        if !sentence.tags.isEmpty { context.output.line("Tags:       " + sentence.tags.map { "#" + $0 }.joined(separator: " ")) }
        for reminder in sentence.reminders {
            let note = if case .at = reminder { zoneNote } else { "" }
            context.output.line("Reminder:   " + TaskWording.reminder(reminder, in: zone, calendar: calendar) + note)
        }
    }
}
